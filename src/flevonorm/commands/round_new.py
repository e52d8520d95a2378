"""`flevonorm round new`: the files of a new round, plain or carried from an earlier one
(spec/history.md). Nothing is written here; the CLI writes all files or none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from flevonorm.commands import Outcome, gather, open_worktree
from flevonorm.errors import UsageProblem
from flevonorm.i18n import _
from flevonorm.paths import RoundTarget, round_folder
from flevonorm.repository import Repository
from flevonorm.suggest import closest, did_you_mean

if TYPE_CHECKING:
    from flevonorm.newround import SourceRound


@dataclass(frozen=True)
class NewRound:
    folder: str  # rounds/ID, relative to the root
    files: dict[str, str]  # path relative to the folder -> text


def _source(repo: Repository, from_id: str, version_id: str) -> tuple[SourceRound, str]:
    """The SourceRound for `round new --from`, and the source round's kind."""
    from flevonorm.migration import carry_forward
    from flevonorm.newround import SourceFile, SourceRound
    from flevonorm.sources import UnreadableFile

    assert repo.norm is not None and repo.partners is not None
    loaded = repo.round(from_id)
    assert loaded.meta is not None
    source_version = repo.norm.version(loaded.meta.norm)
    assert source_version is not None
    files = {}
    for partner_id, assessment in loaded.assessments.items():
        try:
            raw = repo.source.read(f"{loaded.folder}/{partner_id}.yaml")
        except UnreadableFile:
            continue
        files[partner_id] = SourceFile(raw.decode("utf-8-sig"), assessment)
    carried = None
    if source_version.version != version_id:
        carried = {}
        for partner in repo.partners.partners:
            result = carry_forward(
                repo.norm,
                source_version.version,
                version_id,
                partner.kind,
                loaded.assessments.get(partner.id),
            )
            if result is None:
                raise UsageProblem(
                    _(
                        "round {round} is under norm {old}, which version {new} does not "
                        "continue; --from needs a round under {new} or a version it continues"
                    ).format(round=from_id, old=source_version.version, new=version_id)
                )
            carried[partner.id] = result
    return SourceRound(from_id, source_version, files, carried), loaded.meta.kind


def round_new(
    root: Path,
    round_id: str,
    *,
    version_id: str,
    on: date,
    from_target: RoundTarget | None,
    kind: str | None,
    title: str | None,
    templates: Path | None,
) -> Outcome[NewRound]:
    from flevonorm.newround import NewRoundError, plan_new_round
    from flevonorm.render import shipped_templates

    repo = open_worktree(root)
    folder = round_folder(round_id)
    if repo.source.exists(folder):
        raise UsageProblem(
            _("{folder} already exists; flevonorm never overwrites a round").format(folder=folder)
        )
    problems = gather(repo)
    if repo.base_has_errors():
        return Outcome(None, problems)
    assert repo.norm is not None and repo.partners is not None
    version = repo.norm.version(version_id)
    if version is None:
        known = [v.version for v in repo.norm.versions]
        message = _("--norm {version}: norm.yaml has no such version (versions: {known})").format(
            version=version_id, known=", ".join(known)
        )
        message += did_you_mean(closest(version_id, known))
        raise UsageProblem(message)
    source: SourceRound | None = None
    example = False
    if from_target is not None:
        loaded = repo.round(from_target.round_id)
        problems = gather(repo, loaded.problems)
        if any(p.is_error for p in problems):
            return Outcome(None, problems)
        source, source_kind = _source(repo, from_target.round_id, version_id)
        kind = kind or source_kind
        source_meta = repo.meta(from_target.round_id).meta
        example = source_meta is not None and source_meta.example
    search_path = [p for p in (templates, root / "templates") if p is not None]
    try:
        files = plan_new_round(
            round_id,
            title=title,
            kind=kind or "monitoring",
            norm_name=repo.norm.name,
            version=version,
            on=on,
            partners=repo.partners.partners,
            source=source,
            search_path=[*search_path, shipped_templates()],
            example=example,
            display_root=root,
        )
    except (ValueError, NewRoundError) as exc:
        raise UsageProblem(str(exc)) from None
    prefix = folder + "/"
    return Outcome(
        NewRound(folder, {k.removeprefix(prefix): v for k, v in files.items()}), problems
    )
