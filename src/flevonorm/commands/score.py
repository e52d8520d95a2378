"""`flevonorm score`: one round's scorecard. Only errors in norm.yaml, partners.yaml and
that round block it (scoring.md)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from flevonorm.commands import Outcome, gather, open_worktree
from flevonorm.history import UnknownOrder, latest_round_id, scorecard_of
from flevonorm.i18n import ngettext
from flevonorm.paths import RoundTarget
from flevonorm.problems import Problem, Problems
from flevonorm.repository import Repository
from flevonorm.scoring import Scorecard


def pick_round(repo: Repository, target: RoundTarget | None) -> str:
    """The round named, or the latest (UnknownOrder, UsageProblem when it cannot be known)."""
    return target.round_id if target is not None else latest_round_id(repo)


def undated_problems(
    repo: Repository, unknown: UnknownOrder, *, round_can_be_named: bool = True
) -> list[Problem]:
    """Why the latest round cannot be known: the problems of every unreadable round.yaml,
    and one error that names those rounds and says what to do (spec/cli.md: a command that
    defaults to the latest round stops and names it). `round_can_be_named` is False for a
    command that reads every round (trend): it can only ask for the fix."""
    folders = [f"{m.folder}/" for m in unknown.undated]
    first = unknown.undated[0]
    where = next(iter(first.problems), None)
    path = where.path if where is not None else repo.source.display(first.meta_path)
    dated = repo.dated_round_ids()
    if not round_can_be_named:
        message = ngettext(
            "the order of the rounds cannot be known: {folders} has no usable round.yaml "
            "(its date is unknown); fix it",
            "the order of the rounds cannot be known: {folders} have no usable round.yaml "
            "(their dates are unknown); fix them",
            len(folders),
        ).format(folders=", ".join(folders))
    elif dated:
        message = ngettext(
            "which round is the latest cannot be known: {folders} has no usable round.yaml "
            "(its date is unknown); fix it, or name the round to use (such as {example})",
            "which round is the latest cannot be known: {folders} have no usable "
            "round.yaml (their dates are unknown); fix them, or name the round to use "
            "(such as {example})",
            len(folders),
        ).format(folders=", ".join(folders), example=dated[-1])
    else:
        message = ngettext(
            "which round is the latest cannot be known: {folders} has no usable round.yaml "
            "(its date is unknown); fix it, or name the round to use",
            "which round is the latest cannot be known: {folders} have no usable "
            "round.yaml (their dates are unknown); fix them, or name the round to use",
            len(folders),
        ).format(folders=", ".join(folders))
    naming = Problems()
    naming.error(path, 1, 1, message)
    return gather(repo, *(m.problems for m in unknown.undated), naming)


def score(root: Path, target: RoundTarget | None, partial_weight: Fraction) -> Outcome[Scorecard]:
    repo = open_worktree(root)
    try:
        round_id = pick_round(repo, target)
    except UnknownOrder as unknown:
        return Outcome(None, undated_problems(repo, unknown))
    loaded = repo.round(round_id)
    problems = gather(repo, loaded.problems)
    if any(p.is_error for p in problems):
        return Outcome(None, problems)
    return Outcome(scorecard_of(repo, loaded, partial_weight), problems)
