"""Carrying a partner's answers from an old round into a new one (spec/history.md,
`round new --from`): by id within one version, through the `from` links across versions.

Pure: the norm, the two versions, the partner's kind and its old assessment in; per new
ambition the entry to write (or the plain form) and where it came from out. Writing the
file, with its comments, is the caller's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from flevonorm.models import Ambition, Assessment, Entry, NormFile, Status
from flevonorm.status import entry_status
from flevonorm.versions import version_links

# Lowest first: with several sources the carried status is the lowest of theirs.
_RANK = {
    Status.NOT_ASSESSED: 0,
    Status.NOT_ACHIEVED: 1,
    Status.PARTIAL: 2,
    Status.ACHIEVED: 3,
}


@dataclass(frozen=True)
class CarriedEntry:
    """What `round new --from` writes for one ambition of the new version.

    `entry` is None for the plain form (`status: not_assessed`, items as comments).
    `source_ids` are the ambitions of `source_version` it continues that apply to the
    partner's kind there, in that version's norm order (empty: it continues nothing the
    partner could have answered).
    """

    ambition_id: str
    version: str
    entry: Entry | None
    source_version: str
    source_ids: tuple[str, ...]

    @property
    def needs_origin_comment(self) -> bool:
        """True when a carried entry came from another id or version, so that a comment
        above it should say where from (`overgenomen van 1.0 4.1, 4.2`)."""
        return self.entry is not None and (
            self.source_version != self.version or self.source_ids != (self.ambition_id,)
        )


def carry_forward(
    norm: NormFile, old: str, new: str, kind: str, assessment: Assessment | None
) -> dict[str, CarriedEntry] | None:
    """Per ambition of version `new` that applies to `kind` (in norm order), the entry
    carried from `assessment`, the partner's file in a round under version `old` (None:
    the partner had no file). None when `new` neither is nor continues `old`.

    Rules (history.md): sources that do not apply to the kind under `old` are ignored;
    an applicable source left out of the file counts as `not_assessed`. One source: its
    entry, with its items when the new ambition's applicable item ids equal the old one's,
    else its status as scored. Several: `not_applicable` ones are ignored unless all are
    (then `not_applicable`), else the lowest status; notes and next steps joined as lines
    `ID: text`, evidence concatenated, items left out. No source: the plain form.

    An entry that would carry nothing but `not_assessed` is given as the plain form, which
    says the same and lists the items ready to be filled in.
    """
    links = version_links(norm, old, new)
    if links is None:
        return None
    carried: dict[str, CarriedEntry] = {}
    for ambition in links.new.ambitions():
        if not ambition.applies(kind) or ambition.id in carried:
            continue
        sources = [
            source
            for source_id in links.sources_of(ambition.id)
            if (source := links.old.ambition(source_id)) is not None and source.applies(kind)
        ]
        entries = [
            assessment.ambitions.get(source.id) if assessment is not None else None
            for source in sources
        ]
        entry: Entry | None = None
        if any(e is not None for e in entries):
            if len(sources) == 1:
                entry = _from_one(sources[0], entries[0], ambition, kind)
            else:
                entry = _from_several(list(zip(sources, entries, strict=True)), kind)
        carried[ambition.id] = CarriedEntry(
            ambition_id=ambition.id,
            version=links.new.version,
            entry=None if entry is None or _says_nothing(entry) else entry,
            source_version=links.old.version,
            source_ids=tuple(source.id for source in sources),
        )
    return carried


def _says_nothing(entry: Entry) -> bool:
    return (
        entry.status is Status.NOT_ASSESSED
        and entry.items is None
        and not entry.note
        and not entry.evidence
        and not entry.next_step
    )


def _item_ids(ambition: Ambition, kind: str) -> set[str]:
    return {item.id for item in ambition.items_for(kind)}


def _from_one(source: Ambition, entry: Entry | None, ambition: Ambition, kind: str) -> Entry | None:
    if entry is None or entry.items is None:
        return entry
    if _item_ids(source, kind) == _item_ids(ambition, kind):
        return entry
    return Entry(
        status=entry_status(source, kind, entry),
        note=entry.note,
        evidence=entry.evidence,
        next_step=entry.next_step,
    )


def _from_several(sources: list[tuple[Ambition, Entry | None]], kind: str) -> Entry:
    scored = [(source, entry, entry_status(source, kind, entry)) for source, entry in sources]
    counted = [s for s in scored if s[2] is not Status.NOT_APPLICABLE]
    if counted:
        status = min((s[2] for s in counted), key=lambda st: _RANK[st])
    else:
        counted, status = scored, Status.NOT_APPLICABLE
    notes = [f"{source.id}: {e.note}" for source, e, _ in counted if e is not None and e.note]
    steps = [
        f"{source.id}: {e.next_step}" for source, e, _ in counted if e is not None and e.next_step
    ]
    evidence = [text for _, e, _ in counted if e is not None for text in e.evidence or []]
    return Entry(
        status=status,
        note="\n".join(notes) or None,
        evidence=evidence or None,
        next_step="\n".join(steps) or None,
    )
