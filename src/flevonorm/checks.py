"""The cross-file rules of spec/data-format.md, run after every file has its model."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from flevonorm.loading import LoadedRound, Repository, load_repository
from flevonorm.models import Ambition, Assessment, NormFile, NormVersion, PartnersFile, Status
from flevonorm.problems import Problems
from flevonorm.status import entry_status, is_expected, item_tally
from flevonorm.yamlio import Document, Loc


def check_repository(repo: Repository) -> None:
    """Add every cross-file problem of the loaded repository to `repo.problems`."""
    if repo.norm is not None and repo.norm_doc is not None:
        check_norm(repo.norm, repo.norm_doc, repo.problems)
    if repo.partners is not None and repo.partners_doc is not None:
        check_partners(repo.partners, repo.partners_doc, repo.problems)
    for loaded in repo.rounds.values():
        check_round(repo, loaded)


class _At:
    """Adds problems for one document, located by model path."""

    def __init__(self, doc: Document, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems

    def error(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.error(self.doc.path, *self.doc.position(loc, key=key), message)

    def warning(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.warning(self.doc.path, *self.doc.position(loc, key=key), message)

    def line(self, loc: Loc) -> int:
        return self.doc.position(loc)[0]


def _unique(at: _At, entries: Iterable[tuple[str, Loc]], what: str) -> None:
    first: dict[str, Loc] = {}
    for value, loc in entries:
        if value in first:
            at.error(
                loc,
                f"{what} {value!r} appears twice (lines {at.line(first[value])} and "
                f"{at.line(loc)}); each must be unique",
            )
        else:
            first[value] = loc


def _suggest(value: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# --- norm.yaml ---------------------------------------------------------------


def check_norm(norm: NormFile, doc: Document, problems: Problems) -> None:
    at = _At(doc, problems)
    _unique(
        at,
        ((v.version, ("versions", i, "version")) for i, v in enumerate(norm.versions)),
        "version",
    )
    for v_index, version in enumerate(norm.versions):
        base: Loc = ("versions", v_index)
        _check_version_ids(at, version, base)
        _check_supersedes(at, norm, version, base)
        for t_index, theme in enumerate(version.themes):
            for a_index, ambition in enumerate(theme.ambitions):
                loc = (*base, "themes", t_index, "ambitions", a_index)
                _check_ambition(at, ambition, loc)


def _check_version_ids(at: _At, version: NormVersion, base: Loc) -> None:
    ids: list[tuple[str, Loc]] = []
    for t_index, theme in enumerate(version.themes):
        t_loc = (*base, "themes", t_index)
        ids.append((theme.id, (*t_loc, "id")))
        for a_index, ambition in enumerate(theme.ambitions):
            a_loc = (*t_loc, "ambitions", a_index)
            ids.append((ambition.id, (*a_loc, "id")))
            for i_index, item in enumerate(ambition.items or []):
                ids.append((item.id, (*a_loc, "items", i_index, "id")))
    _unique(at, ids, f"id in version {version.version}:")


def _check_supersedes(at: _At, norm: NormFile, version: NormVersion, base: Loc) -> None:
    older = None
    if version.supersedes is not None:
        older = norm.version(version.supersedes)
        if older is None or version.supersedes == version.version:
            known = [v.version for v in norm.versions if v.version != version.version]
            at.error(
                (*base, "supersedes"),
                f"supersedes {version.supersedes!r}, which is not another version in "
                f"norm.yaml{_suggest(version.supersedes, known)}",
            )
            older = None
    for t_index, theme in enumerate(version.themes):
        for a_index, ambition in enumerate(theme.ambitions):
            if ambition.from_ is None:
                continue
            loc = (*base, "themes", t_index, "ambitions", a_index, "from")
            if version.supersedes is None:
                at.error(loc, "'from' links need 'supersedes:' on the version they are in")
                continue
            if older is None:
                continue
            known = [a.id for a in older.ambitions()]
            _unique(at, ((f, (*loc, i)) for i, f in enumerate(ambition.from_)), "'from' id")
            for f_index, old_id in enumerate(ambition.from_):
                if old_id not in known:
                    at.error(
                        (*loc, f_index),
                        f"'from' names {old_id!r}, which is not an ambition of version "
                        f"{older.version}{_suggest(old_id, known)}",
                    )


def _check_ambition(at: _At, ambition: Ambition, loc: Loc) -> None:
    kinds = ambition.kinds()
    if ambition.applies_to is not None:
        _unique(
            at,
            ((k, (*loc, "applies_to", i)) for i, k in enumerate(ambition.applies_to)),
            "partner kind",
        )
    if ambition.items is None:
        return
    for i_index, item in enumerate(ambition.items):
        i_loc = (*loc, "items", i_index)
        if not item.id.startswith(ambition.id + "."):
            at.error(
                (*i_loc, "id"),
                f"item {item.id!r} must start with its ambition's id and a dot ({ambition.id}.…)",
            )
        extra = [k for k in item.applies_to or [] if k not in kinds]
        if extra:
            at.error(
                (*i_loc, "applies_to"),
                f"item {item.id} applies to {', '.join(extra)}, which ambition "
                f"{ambition.id} does not (applies_to: {', '.join(kinds)}); an item may only "
                "narrow its ambition's kinds",
            )
    for kind in kinds:
        if not ambition.items_for(kind):
            at.error(
                (*loc, "items"),
                f"ambition {ambition.id} applies to {kind} but none of its items does; "
                f"give it at least one item for {kind} or narrow applies_to",
            )


# --- partners.yaml -----------------------------------------------------------


def check_partners(partners: PartnersFile, doc: Document, problems: Problems) -> None:
    at = _At(doc, problems)
    _unique(
        at,
        ((p.id, ("partners", i, "id")) for i, p in enumerate(partners.partners)),
        "partner id",
    )
    for index, partner in enumerate(partners.partners):
        if partner.joined and partner.left and partner.left < partner.joined:
            at.error(
                ("partners", index, "left"),
                f"{partner.id} left ({partner.left}) before it joined ({partner.joined})",
            )


# --- rounds ------------------------------------------------------------------


def check_round(repo: Repository, loaded: LoadedRound) -> None:
    problems = repo.problems
    meta, meta_doc = loaded.meta, loaded.meta_doc
    if meta is None or meta_doc is None:
        return
    at = _At(meta_doc, problems)
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
                f"{', '.join(known)}){_suggest(meta.norm, known)}",
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
                loaded.meta_path,
                1,
                1,
                f"missing: {partner.name} ({partner.id}) is expected in this round but has no "
                f"file {loaded.path}/{partner.id}.yaml",
            )


def _check_assessment(
    repo: Repository,
    loaded: LoadedRound,
    stem: str,
    assessment: Assessment,
    version: NormVersion | None,
) -> None:
    at = _At(loaded.docs[stem], repo.problems)
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
            f"{_suggest(assessment.partner, known)}",
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
                f"{_suggest(ambition_id, known)}",
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
                    f"{_suggest(item_id, item_ids)}",
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


def load_checked(root: Path, round_ids: Iterable[str] | None = None) -> Repository:
    """Load the repository (or the rounds named) and run every check on it."""
    repo = load_repository(root, round_ids)
    check_repository(repo)
    return repo
