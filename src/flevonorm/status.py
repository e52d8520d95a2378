"""How an entry gets its status (items decide), and who is expected in a round: the rules
that validation and scoring share."""

from __future__ import annotations

import hashlib
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
    applicable = ambition.applicable_items(kind)
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


# The statuses an answer can be stale in (history.md): repeated unchanged while not achieved.
STALE_STATUSES = frozenset({Status.PARTIAL, Status.NOT_ACHIEVED, Status.NOT_ASSESSED})


def answer_key(ambition: Ambition, kind: str, entry: Entry) -> str:
    """What makes two answers the same, as one short text: the status as scored and, for
    a status an answer can be stale in, a digest of the items as scored, the note, the
    evidence and the next step as written. Two such entries have equal keys exactly when
    they are the same answer (history.md, stale answers); the cache keeps the keys so that
    stale answers are found without reading the assessments again."""
    items = None
    if entry.items is not None:
        items = [entry.items.get(i.id) is True for i in ambition.applicable_items(kind)]
        met = sum(items)  # the status as item_tally's, without making one per entry
        if items and met == len(items):
            status = Status.ACHIEVED
        else:
            status = Status.PARTIAL if met else Status.NOT_ACHIEVED
    else:
        assert entry.status is not None  # the model requires status or items
        status = entry.status
    if status not in STALE_STATUSES:
        return status.value  # never stale, so never compared beyond its status
    # repr tells every text, None and list apart; the digest keeps the key short.
    written = repr((items, entry.note, tuple(entry.evidence or ()), entry.next_step))
    digest = hashlib.blake2b(written.encode("utf-8", "surrogatepass"), digest_size=12)
    return f"{status.value}:{digest.hexdigest()}"


def answer_keys(version: NormVersion, kind: str, ambitions: dict[str, Entry]) -> dict[str, str]:
    """The answer key of every entry whose ambition is in `version`, in the file's order."""
    keys = {}
    for ambition_id, entry in ambitions.items():
        ambition = version.ambition(ambition_id)
        if ambition is not None:
            keys[ambition_id] = answer_key(ambition, kind, entry)
    return keys
