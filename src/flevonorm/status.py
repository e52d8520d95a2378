"""How an entry gets its status (items decide), and who is expected in a round: the rules
that validation and scoring share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flevonorm.models import Ambition, Entry, NormVersion, Partner, Status


def is_expected(partner: Partner, version: NormVersion, on: date) -> bool:
    """A partner is expected in a round when it is a member on the round's date and
    at least one ambition of the round's norm version applies to its kind."""
    return partner.member_on(on) and version.applies_to_kind(partner.kind)


@dataclass(frozen=True)
class ItemTally:
    """How many of the items that apply to a partner are in place."""

    met: int
    applicable: int

    def __str__(self) -> str:
        return f"{self.met}/{self.applicable}"

    @property
    def status(self) -> Status:
        if self.applicable and self.met == self.applicable:
            return Status.ACHIEVED
        return Status.PARTIAL if self.met else Status.NOT_ACHIEVED


def item_tally(ambition: Ambition, kind: str, entry: Entry) -> ItemTally | None:
    """The items in place for a partner of `kind`; None when the entry lists no items.

    An item that applies but is left out counts as not met.
    """
    if entry.items is None:
        return None
    applicable = ambition.items_for(kind)
    met = sum(1 for item in applicable if entry.items.get(item.id) is True)
    return ItemTally(met=met, applicable=len(applicable))


def entry_status(ambition: Ambition, kind: str, entry: Entry | None) -> Status:
    """The status an entry gives an ambition: its items decide where it lists them."""
    if entry is None:
        return Status.NOT_ASSESSED
    tally = item_tally(ambition, kind, entry)
    if tally is not None:
        return tally.status
    assert entry.status is not None  # the model requires status or items
    return entry.status
