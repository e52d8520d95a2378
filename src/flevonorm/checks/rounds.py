"""The rules of a round: round.yaml against the norm, each assessment against the norm
and partners.yaml, and which expected partners have no file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flevonorm.checks._located import At, suggest
from flevonorm.models import Assessment, NormVersion, Status
from flevonorm.status import entry_status, is_expected, item_tally
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
            f"id {meta.id!r} must equal the folder name {loaded.id!r}; rename one of them",
        )
    version = None
    if repo.norm is not None:
        version = repo.norm.version(meta.norm)
        if version is None:
            known = [v.version for v in repo.norm.versions]
            at.error(
                ("norm",),
                f"norm version {meta.norm!r} is not in norm.yaml (versions: "
                f"{', '.join(known)}){suggest(meta.norm, known)}",
            )
        elif version.status != "adopted":
            at.warning(
                ("norm",),
                f"norm version {version.version} is {version.status}, not adopted; "
                "figures of this round rest on a text that is not in force",
            )
    for partner_id, assessment in loaded.assessments.items():
        _check_assessment(repo, loaded, partner_id, assessment, version)
    if version is None or repo.partners is None:
        return
    have = set(loaded.assessments) | loaded.broken
    for partner in repo.partners.partners:
        if partner.id not in have and is_expected(partner, version, meta.date):
            problems.warning(
                repo.source.display(loaded.meta_path),
                1,
                1,
                f"missing: {partner.name} ({partner.id}) is expected in this round but has no "
                f"file {loaded.folder}/{partner.id}.yaml",
            )


def _check_assessment(
    repo: Repository,
    loaded: LoadedRound,
    stem: str,
    assessment: Assessment,
    version: NormVersion | None,
) -> None:
    at = At(loaded.docs[stem], loaded.problems)
    if assessment.partner != stem:
        at.error(
            ("partner",),
            f"partner {assessment.partner!r} must equal the file name {stem!r}; "
            "rename the file or fix the id",
        )
    if repo.partners is None:
        return
    partner = repo.partners.partner(assessment.partner)
    if partner is None:
        known = [p.id for p in repo.partners.partners]
        at.error(
            ("partner",),
            f"unknown partner {assessment.partner!r}; add it to partners.yaml"
            f"{suggest(assessment.partner, known)}",
        )
        return
    if version is None or loaded.meta is None:
        return
    if not is_expected(partner, version, loaded.meta.date):
        at.warning(
            ("partner",),
            f"{partner.name} is not expected in this round (not a member on "
            f"{loaded.meta.date} or no ambition of version {version.version} applies to a "
            f"{partner.kind}); it is scored anyway",
        )
    known = [a.id for a in version.ambitions()]
    for ambition_id, entry in assessment.ambitions.items():
        loc: Loc = ("ambitions", ambition_id)
        ambition = version.ambition(ambition_id)
        if ambition is None:
            at.error(
                loc,
                f"ambition {ambition_id!r} is not in norm version {version.version}"
                f"{suggest(ambition_id, known)}",
                key=True,
            )
            continue
        if not ambition.applies(partner.kind):
            at.error(
                loc,
                f"ambition {ambition_id} does not apply to a {partner.kind} (applies_to: "
                f"{', '.join(ambition.kinds())}); remove it from this file",
                key=True,
            )
            continue
        if entry.items is None:
            continue
        if not ambition.items:
            at.error(
                (*loc, "items"),
                f"ambition {ambition_id} has no items in norm version {version.version}; "
                "give a status instead",
                key=True,
            )
            continue
        item_ids = [item.id for item in ambition.items]
        for item_id in entry.items:
            item = next((i for i in ambition.items if i.id == item_id), None)
            if item is None:
                at.error(
                    (*loc, "items", item_id),
                    f"item {item_id!r} is not an item of ambition {ambition_id}"
                    f"{suggest(item_id, item_ids)}",
                    key=True,
                )
            elif partner.kind not in ambition.item_kinds(item):
                at.error(
                    (*loc, "items", item_id),
                    f"item {item_id} does not apply to a {partner.kind}; remove it",
                    key=True,
                )
        left_out = [i.id for i in ambition.items_for(partner.kind) if i.id not in entry.items]
        if left_out:
            at.warning(
                (*loc, "items"),
                f"item{'s' if len(left_out) > 1 else ''} {', '.join(left_out)} of ambition "
                f"{ambition_id} left out; counted as not met",
                key=True,
            )
        tally = item_tally(ambition, partner.kind, entry)
        derived = entry_status(ambition, partner.kind, entry)
        if entry.status is not None and entry.status is not derived and tally is not None:
            hint = (
                "not_applicable cannot stand next to items; remove the items or the status"
                if entry.status is Status.NOT_APPLICABLE
                else "correct the status or the items"
            )
            at.error(
                (*loc, "status"),
                f"status {entry.status.value} disagrees with the items ({tally} applicable "
                f"items in place, which makes it {derived.value}); {hint}",
            )
