"""The rules of a round: round.yaml against the norm, each assessment against the norm
and partners.yaml, and which expected partners have no file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flevonorm.checks._located import At, suggest
from flevonorm.i18n import _, language, ngettext
from flevonorm.models import (
    DUTCH_STATUS,
    Ambition,
    Assessment,
    NormVersion,
    Partner,
    Status,
    kind_phrase,
)
from flevonorm.problems import Problems
from flevonorm.status import is_expected, item_tally
from flevonorm.yamlio import Loc

if TYPE_CHECKING:
    from flevonorm.repository import LoadedRound, Repository


def check_round(repo: Repository, loaded: LoadedRound) -> None:
    """Add every cross-file problem of `loaded` to its own problems."""
    problems = loaded.problems
    meta, meta_doc = loaded.meta, loaded.meta_doc
    if meta is None or meta_doc is None:
        return
    at = At(meta_doc, problems)
    if meta.id != loaded.id:
        at.error(
            ("id",),
            _("id {id} must equal the folder name {folder}; rename one of them").format(
                id=repr(meta.id), folder=repr(loaded.id)
            ),
        )
    version = None
    if repo.norm is not None:
        version = repo.norm.version(meta.norm)
        if version is None:
            known = [v.version for v in repo.norm.versions]
            at.error(
                ("norm",),
                _("norm version {version} is not in norm.yaml (versions: {known})").format(
                    version=repr(meta.norm), known=", ".join(known)
                )
                + suggest(meta.norm, known),
            )
        elif version.status != "adopted":
            message = (
                _(
                    "norm version {version} is draft, not adopted; figures of this round "
                    "rest on a text that is not in force"
                )
                if version.status == "draft"
                else _(
                    "norm version {version} is retired, not adopted; figures of this round "
                    "rest on a text that is not in force"
                )
            )
            at.warning(("norm",), message.format(version=version.version))
    for partner_id in loaded.partner_ids:
        before = loaded.checked_before.get(partner_id)
        if before is not None:  # checked in an earlier run, against the same rules
            problems.extend(before)
            continue
        found = Problems()
        assessment = loaded.ready[partner_id]
        _check_assessment(repo, loaded, partner_id, assessment, version, found)
        loaded.checked_now[partner_id] = list(found)
        problems.extend(found)
    if version is None or repo.partners is None:
        return
    have = set(loaded.partner_ids) | loaded.broken
    for partner in repo.partners.partners:
        if partner.id not in have and is_expected(partner, version, meta.date):
            problems.warning(
                repo.source.display(loaded.meta_path),
                1,
                1,
                _(
                    "missing: {name} ({partner}) is expected in this round but has no file {path}"
                ).format(
                    name=partner.name,
                    partner=partner.id,
                    path=f"{loaded.folder}/{partner.id}.yaml",
                ),
            )


def _check_assessment(
    repo: Repository,
    loaded: LoadedRound,
    stem: str,
    assessment: Assessment,
    version: NormVersion | None,
    problems: Problems,
) -> None:
    at = At(loaded.docs[stem], problems)
    if assessment.partner != stem:
        at.error(
            ("partner",),
            _(
                "partner {partner} must equal the file name {stem}; rename the file or fix the id"
            ).format(partner=repr(assessment.partner), stem=repr(stem)),
        )
    if repo.partners is None:
        return
    partner = repo.partners.partner(assessment.partner)
    if partner is None:
        known = [p.id for p in repo.partners.partners]
        at.error(
            ("partner",),
            _("unknown partner {partner}; add it to partners.yaml").format(
                partner=repr(assessment.partner)
            )
            + suggest(assessment.partner, known),
        )
        return
    if version is None or loaded.meta is None:
        return
    if not is_expected(partner, version, loaded.meta.date):
        at.warning(
            ("partner",),
            _(
                "{name} is not expected in this round (not a member on {date} or no ambition "
                "of version {version} applies to {kind}); it is scored anyway"
            ).format(
                name=partner.name,
                date=loaded.meta.date,
                version=version.version,
                kind=kind_phrase(partner.kind),
            ),
        )
    _check_left_out(at, assessment, version, partner)
    kind = partner.kind
    for ambition_id, entry in assessment.ambitions.items():
        loc: Loc = ("ambitions", ambition_id)
        ambition = version.ambition(ambition_id)
        if ambition is None:
            at.error(
                loc,
                _("ambition {ambition} is not in norm version {version}").format(
                    ambition=repr(ambition_id), version=version.version
                )
                + suggest(ambition_id, [a.id for a in version.ambitions()]),
                key=True,
            )
            continue
        if not ambition.applies(kind):
            at.error(
                loc,
                _(
                    "ambition {ambition} does not apply to {kind} (applies_to: {kinds}); "
                    "remove it from this file"
                ).format(
                    ambition=ambition_id,
                    kind=kind_phrase(partner.kind),
                    kinds=", ".join(ambition.kinds()),
                ),
                key=True,
            )
            continue
        if entry.items is None:
            continue
        if not ambition.items:
            at.error(
                (*loc, "items"),
                _(
                    "ambition {ambition} has no items in norm version {version}; "
                    "give a status instead"
                ).format(ambition=ambition_id, version=version.version),
                key=True,
            )
            continue
        applicable = ambition.applicable_items(kind)
        if len(entry.items) != len(applicable) or any(
            item.id not in entry.items for item in applicable
        ):
            _check_items(at, loc, ambition_id, ambition, entry.items, kind)
        # Worked out once: items decide the status where they are given (status.py).
        tally = item_tally(ambition, kind, entry)
        assert tally is not None  # entry.items is not None here
        derived = tally.status
        if entry.status is not None and entry.status is not derived:
            message = (
                _(
                    "status {status} disagrees with the items ({tally} applicable items in "
                    "place, which makes it {derived}); not_applicable cannot stand next to "
                    "items; remove the items or the status"
                )
                if entry.status is Status.NOT_APPLICABLE
                else _(
                    "status {status} disagrees with the items ({tally} applicable items in "
                    "place, which makes it {derived}); correct the status or the items"
                )
            )
            at.error(
                (*loc, "status"),
                message.format(
                    status=_status_word(entry.status), tally=tally, derived=_status_word(derived)
                ),
            )


def _check_items(
    at: At, loc: Loc, ambition_id: str, ambition: Ambition, items: dict[str, bool], kind: str
) -> None:
    """Items that are not the ambition's, or not for this kind, and items left out. Only
    called when the items given are not exactly those that apply: most files list them
    all, and the check costs a national repository a tenth of its reading time."""
    for item_id in items:
        item = next((i for i in ambition.items or [] if i.id == item_id), None)
        if item is None:
            at.error(
                (*loc, "items", item_id),
                _("item {item} is not an item of ambition {ambition}").format(
                    item=repr(item_id), ambition=ambition_id
                )
                + suggest(item_id, [i.id for i in ambition.items or []]),
                key=True,
            )
        elif kind not in ambition.item_kinds(item):
            at.error(
                (*loc, "items", item_id),
                _("item {item} does not apply to {kind}; remove it").format(
                    item=item_id, kind=kind_phrase(kind)
                ),
                key=True,
            )
    left_out = [i.id for i in ambition.applicable_items(kind) if i.id not in items]
    if left_out:
        at.warning(
            (*loc, "items"),
            ngettext(
                "item {items} of ambition {ambition} left out; counted as not met",
                "items {items} of ambition {ambition} left out; counted as not met",
                len(left_out),
            ).format(items=", ".join(left_out), ambition=ambition_id),
            key=True,
        )


def _status_word(status: Status) -> str:
    """A status as the file may write it, in the language of the messages: a Dutch
    sentence names `deels`, not `partial`."""
    if language() == "nl":
        return next(word for word, meant in DUTCH_STATUS.items() if meant is status)
    return status.value


def _check_left_out(at: At, assessment: Assessment, version: NormVersion, partner: Partner) -> None:
    """One warning per file, at its `ambitions:` key, naming every applicable ambition the
    file leaves out: they count as not assessed, and a block deleted by mistake must show
    up in review (data-format.md). A file that assesses nothing yet gets one plain warning."""
    applicable = [a.id for a in version.ambitions() if a.applies(partner.kind)]
    if not applicable:
        return
    if not assessment.ambitions:
        at.warning(
            ("ambitions",),
            ngettext(
                "nothing assessed yet: the {count} ambition for {kind} counts as not assessed",
                "nothing assessed yet: all {count} ambitions for {kind} count as not assessed",
                len(applicable),
            ).format(count=len(applicable), kind=kind_phrase(partner.kind)),
            key=True,
        )
        return
    left_out = [a for a in applicable if a not in assessment.ambitions]
    if left_out:
        at.warning(
            ("ambitions",),
            ngettext(
                "ambition {ambitions} is left out of this file and counts as not assessed; "
                "add it, with status: not_assessed if it is not assessed yet",
                "ambitions {ambitions} are left out of this file and count as not assessed; "
                "add them, with status: not_assessed where they are not assessed yet",
                len(left_out),
            ).format(ambitions=", ".join(left_out)),
            key=True,
        )
