"""`flevonorm diff`: what changed between two rounds, or between a round as committed at a
git revision and as it is in the working tree (spec/history.md). Blocked by errors in
what it reads on either side, as `score` is."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from flevonorm.commands import Outcome, gather, open_worktree
from flevonorm.commands.score import pick_round, undated_problems
from flevonorm.diffing import DiffSide, RoundDiff, diff_rounds
from flevonorm.errors import UsageProblem
from flevonorm.history import UnknownOrder, scorecard_of
from flevonorm.i18n import _
from flevonorm.models import Assessment
from flevonorm.paths import RoundTarget
from flevonorm.problems import Problem
from flevonorm.repository import LoadedRound, Repository
from flevonorm.scoring import Scorecard, score_round
from flevonorm.sources import GitRevision

_WEIGHT = Fraction(0)  # a diff shows statuses; partial counts nothing, as in score's default


def _carried_forward(repo: Repository, loaded: LoadedRound, card: Scorecard, new: str) -> Scorecard:
    """The old round as `round new --from` would carry it into version `new`, scored."""
    from flevonorm.migration import carry_forward

    assert repo.norm is not None and repo.partners is not None and loaded.meta is not None
    version = repo.norm.version(new)
    assert version is not None
    assessments: dict[str, Assessment] = {}
    for partner in repo.partners.partners:
        assessment = loaded.assessments.get(partner.id)
        if assessment is None:
            continue
        carried = carry_forward(repo.norm, card.version.version, new, partner.kind, assessment)
        entries = {a: c.entry for a, c in (carried or {}).items() if c.entry is not None}
        assessments[partner.id] = assessment.model_copy(update={"ambitions": entries})
    meta = loaded.meta.model_copy(update={"norm": new})
    return score_round(loaded.id, meta, version, repo.partners.partners, assessments, _WEIGHT)


def _side(repo: Repository, round_id: str) -> tuple[LoadedRound | None, list[Problem]]:
    if round_id not in repo.round_ids():
        return None, list(repo.problems)
    loaded = repo.round(round_id)
    return loaded, gather(repo, loaded.problems)


def _not_repeated(
    old_problems: list[Problem], new_problems: list[Problem], old_repo: Repository
) -> list[Problem]:
    """The old side's problems less those the working tree repeats word for word (the
    draft-norm warning of an unchanged round.yaml, say): each is said once, at the file a
    reviewer can change."""
    prefix = f"{old_repo.source.revision}:" if old_repo.source.revision else ""
    said = {(p.path, p.line, p.col, p.severity, p.message) for p in new_problems}
    return [
        p
        for p in old_problems
        if p.is_error
        or (p.path.removeprefix(prefix), p.line, p.col, p.severity, p.message) not in said
    ]


def compare(
    old_repo: Repository, old_id: str, new_repo: Repository, new_id: str
) -> Outcome[RoundDiff]:
    """Diff round `old_id` of `old_repo` (absent: every partner added) against `new_id`."""
    if old_repo is new_repo and {old_id, new_id} <= set(old_repo.round_ids()):
        old_repo.load_rounds([old_id, new_id])  # two rounds of one tree: read side by side
    old_loaded, old_problems = _side(old_repo, old_id)
    new_loaded, new_problems = _side(new_repo, new_id)
    problems = [*_not_repeated(old_problems, new_problems, old_repo), *new_problems]
    if new_loaded is None or any(p.is_error for p in problems):
        return Outcome(None, problems)
    new_card = scorecard_of(new_repo, new_loaded, _WEIGHT)
    old_card = None if old_loaded is None else scorecard_of(old_repo, old_loaded, _WEIGHT)
    carried: Scorecard | None = None
    added: list[str] = []
    dropped: list[str] = []
    if old_card is not None and old_loaded is not None:
        old_version, new_version = old_card.version.version, new_card.version.version
        if old_version != new_version:
            from flevonorm.versions import norm_diff

            assert new_repo.norm is not None
            links = norm_diff(new_repo.norm, old_version, new_version)
            if links is None:
                raise UsageProblem(
                    _(
                        "round {old} is under norm {old_version}, which version {new_version} "
                        "of round {new} does not continue; diff compares a round with a later one"
                    ).format(
                        old=old_id, old_version=old_version, new_version=new_version, new=new_id
                    )
                )
            carried = _carried_forward(new_repo, old_loaded, old_card, new_version)
            added, dropped = list(links.added), list(links.dropped)
    assert new_repo.partners is not None
    order = [p.id for p in new_repo.partners.partners]
    diff = diff_rounds(
        DiffSide(old_id, old_repo.source.revision, old_card, carried),
        DiffSide(new_id, new_repo.source.revision, new_card),
        order,
        norm_added=added,
        norm_dropped=dropped,
    )
    return Outcome(diff, problems)


def diff_rounds_command(root: Path, old: RoundTarget, new: RoundTarget) -> Outcome[RoundDiff]:
    repo = open_worktree(root)
    return compare(repo, old.round_id, repo, new.round_id)


def diff_git_command(root: Path, revision: str, target: RoundTarget | None) -> Outcome[RoundDiff]:
    """ROUND (default: the latest in the working tree) as committed at `revision` against
    the working tree."""
    work = open_worktree(root)
    try:
        round_id = pick_round(work, target)
    except UnknownOrder as unknown:
        return Outcome(None, undated_problems(work, unknown))
    source = GitRevision(root, revision)
    committed = Repository(source)
    outcome = compare(committed, round_id, work, round_id)
    if outcome.value is not None:
        changed = source.changed_rounds()
        others = [r for r in changed if r != round_id]
        outcome.value = replace(outcome.value, other_rounds=others)
    return outcome
