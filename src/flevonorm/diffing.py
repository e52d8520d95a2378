"""What changed between two rounds (spec/history.md, `flevonorm diff`). Pure: no I/O.

Two scored rounds in, one `RoundDiff` out: the overall, partner and theme figures on
both sides, and one `Change` per partner and ambition whose status, items, note,
evidence or next step differ, worsened first. Loading the rounds (working tree or git
revision) and carrying an older round forward to a newer norm version happen
elsewhere; this module only compares.

Decisions where the contract leaves room:

- `items` of a change maps each applicable item whose value differs to `(old, new)`.
  A side *lists items* when its entry has an `items` map; an applicable item left out
  of a listed map is False there ("as scored"). A side without an entry, or whose
  entry has a status only, has None for every item. So `items` is empty when neither
  side lists items, or both list them and agree; when only one side lists items,
  every item applicable on that side appears, None on the other side. Only items
  that apply to the partner's kind count (each side under its own ambition).
- Note, evidence and next step compare as written, except that an empty text or an
  empty evidence list counts as absent.
- `unsupported` needs the new status to be achieved, the old one anything else (an
  ambition the norm added counts as "anything else"), and the new entry to have
  neither a non-blank note nor a non-blank piece of evidence. Items are no support.
- Across versions the figures (overall, partners, themes) stay those of each round
  scored under its own version, as `score` prints them; the changes compare the old
  round carried forward to the new version (`DiffSide.carried_forward`) by id.
  Entries for ambitions the norm added or dropped come last; within a partner the
  added ones (new version's order) before the dropped ones (old version's order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from flevonorm.models import Ambition, Entry, NormVersion, Partner, Status
from flevonorm.scoring import AmbitionResult, PartnerScore, Scorecard


@dataclass(frozen=True)
class DiffSide:
    """One side of a diff: a round as read from the working tree (`rev` None) or at a
    git revision (`rev` as the user typed it).

    `scorecard` is None when the round does not exist on this side. For the old side
    of a diff across norm versions, `carried_forward` is the same round carried
    forward to the new side's version (as `round new --from` would carry it); the
    changes compare that, while the figures and the entries of dropped ambitions
    come from `scorecard`.
    """

    round_id: str
    rev: str | None
    scorecard: Scorecard | None
    carried_forward: Scorecard | None = None

    @property
    def compared(self) -> Scorecard | None:
        return self.carried_forward if self.carried_forward is not None else self.scorecard


@dataclass(frozen=True)
class RoundRef:
    """Which round a side showed; `norm` is its version, None when the round is absent."""

    round_id: str
    rev: str | None
    norm: str | None

    @property
    def exists(self) -> bool:
        return self.norm is not None


@dataclass(frozen=True)
class ScoreChange:
    """A score on both sides; None where nothing applies, no file or no round."""

    old: Fraction | None
    new: Fraction | None

    @property
    def delta(self) -> Fraction | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old


class PartnerChangeKind(StrEnum):
    ADDED = "added"  # a file only in the new round
    REMOVED = "removed"  # a file only in the old round
    CHANGED = "changed"  # at least one entry in `changes`
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PartnerChange:
    partner: Partner  # as the new side knows it, else as the old side did
    score: ScoreChange
    change: PartnerChangeKind


@dataclass(frozen=True)
class ThemeChange:
    """A theme's pooled score on both sides, matched by theme id."""

    id: str
    title: str | None
    score: ScoreChange


class ChangeGroup(StrEnum):
    """The groups of changes, in the order they are listed."""

    WORSENED = "worsened"
    IMPROVED = "improved"
    OTHER_STATUS = "other_status"  # to or from not_applicable; not_achieved <-> not_assessed
    SAME_STATUS = "same_status"  # items or texts only
    NORM = "norm"  # an ambition the norm added or dropped


class NormChange(StrEnum):
    ADDED = "added"
    DROPPED = "dropped"


ItemValue = bool | None


@dataclass(frozen=True)
class Change:
    """One partner's ambition that differs between the two rounds."""

    partner: Partner
    ambition: Ambition  # the new side's, or the old side's when the norm dropped it
    old: Status | None  # None only when the norm added the ambition
    new: Status | None  # None only when the norm dropped the ambition
    items: Mapping[str, tuple[ItemValue, ItemValue]]
    note_changed: bool
    evidence_changed: bool
    next_step_changed: bool
    unsupported: bool
    group: ChangeGroup
    norm: NormChange | None = None
    old_entry: Entry | None = None
    new_entry: Entry | None = None


@dataclass(frozen=True)
class RoundDiff:
    old: RoundRef
    new: RoundRef
    overall: ScoreChange
    partners: Sequence[PartnerChange]
    themes: Sequence[ThemeChange]
    changes: Sequence[Change]
    # With --git: other rounds whose files differ between the revision and the working
    # tree, so that a reviewer of the latest round is told a pull request changes more.
    other_rounds: Sequence[str] = ()


# achieved > partial > not_achieved = not_assessed; not_applicable is neither.
_RANK: dict[Status, int] = {
    Status.ACHIEVED: 2,
    Status.PARTIAL: 1,
    Status.NOT_ACHIEVED: 0,
    Status.NOT_ASSESSED: 0,
}
_GROUP_ORDER = {group: index for index, group in enumerate(ChangeGroup)}


def status_group(old: Status, new: Status) -> ChangeGroup:
    """Which group a change from `old` to `new` belongs to."""
    if old is new:
        return ChangeGroup.SAME_STATUS
    old_rank, new_rank = _RANK.get(old), _RANK.get(new)
    if old_rank is None or new_rank is None or old_rank == new_rank:
        return ChangeGroup.OTHER_STATUS
    return ChangeGroup.WORSENED if new_rank < old_rank else ChangeGroup.IMPROVED


def diff_rounds(
    old: DiffSide,
    new: DiffSide,
    partner_order: Sequence[str],
    *,
    norm_added: Sequence[str] = (),
    norm_dropped: Sequence[str] = (),
) -> RoundDiff:
    """Compare two rounds.

    `partner_order` is the new side's partners.yaml order; partners with a file that
    it does not name follow in the old side's order. `norm_added` and `norm_dropped`
    are, across norm versions, the ambitions of the new version that continue nothing
    and those of the old version that nothing continues.
    """
    old_card, new_card = old.scorecard, new.scorecard
    old_compared = old.compared
    old_scores = _by_partner(old_compared)
    new_scores = _by_partner(new_card)
    own_old_scores = _by_partner(old_card)
    ordered_ids = _partner_ids(partner_order, old_scores, new_scores)

    changes: list[Change] = []
    for partner_id in ordered_ids:
        before, after = old_scores.get(partner_id), new_scores.get(partner_id)
        if before is None or after is None:
            continue  # a partner without a file on one side gives no entries
        assert old_compared is not None and new_card is not None
        changes += _partner_changes(
            before, after, old_compared.version, new_card.version, norm_added, norm_dropped
        )
        own_before = own_old_scores.get(partner_id)
        if own_before is not None and old_card is not None:
            changes += _norm_changes(
                own_before, after, old_card.version, new_card.version, norm_added, norm_dropped
            )

    position = {partner_id: index for index, partner_id in enumerate(ordered_ids)}
    changes = [
        change
        for _, change in sorted(
            enumerate(changes),
            key=lambda pair: (
                _GROUP_ORDER[pair[1].group],
                position[pair[1].partner.id],
                pair[0],  # the order they were found in: norm order, added before dropped
            ),
        )
    ]
    changed_ids = {change.partner.id for change in changes}

    partners: list[PartnerChange] = []
    for partner_id in ordered_ids:
        before_score = own_old_scores.get(partner_id)
        after_score = new_scores.get(partner_id)
        if after_score is not None:
            partner = after_score.partner
        else:
            assert before_score is not None
            partner = before_score.partner
        if before_score is None:
            kind = PartnerChangeKind.ADDED
        elif after_score is None:
            kind = PartnerChangeKind.REMOVED
        elif partner_id in changed_ids:
            kind = PartnerChangeKind.CHANGED
        else:
            kind = PartnerChangeKind.UNCHANGED
        score = ScoreChange(
            before_score.tally.score if before_score else None,
            after_score.tally.score if after_score else None,
        )
        partners.append(PartnerChange(partner, score, kind))

    return RoundDiff(
        old=_ref(old),
        new=_ref(new),
        overall=ScoreChange(
            old_card.overall.score if old_card else None,
            new_card.overall.score if new_card else None,
        ),
        partners=partners,
        themes=_theme_changes(old_card, new_card),
        changes=changes,
    )


def _ref(side: DiffSide) -> RoundRef:
    norm = side.scorecard.version.version if side.scorecard is not None else None
    return RoundRef(side.round_id, side.rev, norm)


def _by_partner(card: Scorecard | None) -> dict[str, PartnerScore]:
    return {} if card is None else {score.partner.id: score for score in card.partners}


def _partner_ids(
    partner_order: Sequence[str],
    old_scores: Mapping[str, PartnerScore],
    new_scores: Mapping[str, PartnerScore],
) -> list[str]:
    with_file = old_scores.keys() | new_scores.keys()
    ordered = [partner_id for partner_id in partner_order if partner_id in with_file]
    for partner_id in [*old_scores, *new_scores]:
        if partner_id not in ordered:
            ordered.append(partner_id)
    return ordered


def _ambitions(version: NormVersion) -> dict[str, Ambition]:
    return {ambition.id: ambition for ambition in version.ambitions()}


def _partner_changes(
    before: PartnerScore,
    after: PartnerScore,
    old_version: NormVersion,
    new_version: NormVersion,
    norm_added: Sequence[str],
    norm_dropped: Sequence[str],
) -> list[Change]:
    """The changes of one partner on the ambitions both versions share, in norm order."""
    skipped = set(norm_added) | set(norm_dropped)
    old_ambitions, new_ambitions = _ambitions(old_version), _ambitions(new_version)
    ids = [a for a in new_ambitions if a in after.results or a in before.results]
    ids += [a for a in old_ambitions if a in before.results and a not in new_ambitions]
    found: list[Change] = []
    for ambition_id in ids:
        if ambition_id in skipped:
            continue
        old_ambition = old_ambitions.get(ambition_id)
        new_ambition = new_ambitions.get(ambition_id)
        ambition = new_ambition if new_ambition is not None else old_ambition
        assert ambition is not None
        # An ambition absent on one side (not in the file, or not for the partner's
        # kind there) is not_assessed on that side.
        old_side = _Side.of(before, old_ambition)
        new_side = _Side.of(after, new_ambition)
        change = _compare(before.partner, ambition, old_side, new_side, None)
        if change is not None:
            found.append(change)
    return found


def _norm_changes(
    before: PartnerScore,
    after: PartnerScore,
    old_version: NormVersion,
    new_version: NormVersion,
    norm_added: Sequence[str],
    norm_dropped: Sequence[str],
) -> list[Change]:
    """One entry per ambition the norm added (for the partner's kind, on the new side)
    or dropped (on the old side), whatever the partner wrote."""
    found: list[Change] = []
    added, dropped = set(norm_added), set(norm_dropped)
    for ambition in new_version.ambitions():
        if ambition.id in added and ambition.id in after.results:
            new_side = _Side.of(after, ambition)
            change = _compare(after.partner, ambition, None, new_side, NormChange.ADDED)
            assert change is not None
            found.append(change)
    for ambition in old_version.ambitions():
        if ambition.id in dropped and ambition.id in before.results:
            old_side = _Side.of(before, ambition)
            change = _compare(after.partner, ambition, old_side, None, NormChange.DROPPED)
            assert change is not None
            found.append(change)
    return found


@dataclass(frozen=True)
class _Side:
    """One side of one partner's ambition, as scored."""

    status: Status
    entry: Entry | None
    items: dict[str, bool] | None  # applicable items as scored, when the entry lists items

    @classmethod
    def of(cls, score: PartnerScore, ambition: Ambition | None) -> _Side:
        result: AmbitionResult | None = score.results.get(ambition.id) if ambition else None
        if ambition is None or result is None:
            return cls(Status.NOT_ASSESSED, None, None)
        entry = result.entry
        items = None
        if entry is not None and entry.items is not None:
            items = {
                item.id: entry.items.get(item.id) is True
                for item in ambition.items_for(score.partner.kind)
            }
        return cls(result.status, entry, items)

    @property
    def note(self) -> str | None:
        return (self.entry.note or None) if self.entry else None

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(self.entry.evidence or ()) if self.entry else ()

    @property
    def next_step(self) -> str | None:
        return (self.entry.next_step or None) if self.entry else None

    @property
    def supported(self) -> bool:
        """Whether the entry gives a reason: a note or evidence that is not blank."""
        return bool((self.note or "").strip()) or any(e.strip() for e in self.evidence)


def _item_changes(old: _Side | None, new: _Side | None) -> dict[str, tuple[ItemValue, ItemValue]]:
    old_items = old.items if old is not None else None
    new_items = new.items if new is not None else None
    ids = list(new_items or {})
    ids += [item_id for item_id in old_items or {} if item_id not in ids]
    changed: dict[str, tuple[ItemValue, ItemValue]] = {}
    for item_id in ids:
        before = old_items.get(item_id) if old_items is not None else None
        after = new_items.get(item_id) if new_items is not None else None
        if before != after:
            changed[item_id] = (before, after)
    return changed


def _compare(
    partner: Partner,
    ambition: Ambition,
    old: _Side | None,
    new: _Side | None,
    norm: NormChange | None,
) -> Change | None:
    """The change on one ambition, or None when nothing differs. A side is None only
    where the norm added or dropped the ambition."""
    old_status = old.status if old else None
    new_status = new.status if new else None
    items = _item_changes(old, new)
    note_changed = (old.note if old else None) != (new.note if new else None)
    evidence_changed = (old.evidence if old else ()) != (new.evidence if new else ())
    next_step_changed = (old.next_step if old else None) != (new.next_step if new else None)
    if norm is None:
        assert old_status is not None and new_status is not None
        group = status_group(old_status, new_status)
        if group is ChangeGroup.SAME_STATUS and not (
            items or note_changed or evidence_changed or next_step_changed
        ):
            return None
    else:
        group = ChangeGroup.NORM
    unsupported = (
        new is not None
        and new_status is Status.ACHIEVED
        and old_status is not Status.ACHIEVED
        and not new.supported
    )
    return Change(
        partner=partner,
        ambition=ambition,
        old=old_status,
        new=new_status,
        items=items,
        note_changed=note_changed,
        evidence_changed=evidence_changed,
        next_step_changed=next_step_changed,
        unsupported=unsupported,
        group=group,
        norm=norm,
        old_entry=old.entry if old else None,
        new_entry=new.entry if new else None,
    )


def _theme_changes(old: Scorecard | None, new: Scorecard | None) -> list[ThemeChange]:
    old_themes = {theme.id: theme for theme in old.themes} if old else {}
    new_themes = {theme.id: theme for theme in new.themes} if new else {}
    ids = [*new_themes, *(theme_id for theme_id in old_themes if theme_id not in new_themes)]
    changes = []
    for theme_id in ids:
        before, after = old_themes.get(theme_id), new_themes.get(theme_id)
        title = after.title if after is not None else before.title if before else None
        score = ScoreChange(
            before.tally.score if before else None, after.tally.score if after else None
        )
        changes.append(ThemeChange(theme_id, title, score))
    return changes
