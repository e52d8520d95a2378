"""`flevonorm report`: the data behind the evaluation report of a round, with the trend
over every round up to it. Errors in any of those rounds block it: a trend must not mix
valid and broken rounds."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from flevonorm.commands import Outcome, gather, open_worktree
from flevonorm.commands.score import pick_round, undated_problems
from flevonorm.defaults import STALE_AFTER
from flevonorm.history import (
    UnknownOrder,
    rounds_up_to,
    score_when_scorable,
    scorecard_of,
    stale_entries,
)
from flevonorm.i18n import _
from flevonorm.paths import RoundTarget
from flevonorm.problems import Problem, Severity

if TYPE_CHECKING:
    from flevonorm.report_data import Audience, Report


def report(
    root: Path,
    target: RoundTarget | None,
    partial_weight: Fraction,
    stale_after: int = STALE_AFTER,
    audience: Audience = "internal",
) -> Outcome[Report]:
    """The report of the round `target` (default: the latest) for `audience`.

    A public edition of a round with fewer than two self-assessments is an error at the
    round's round.yaml: its total would be one partner's figure."""
    from flevonorm.gitio import provenance
    from flevonorm.report_data import MIN_PUBLIC_PARTNERS, ReportInput, build_report

    repo = open_worktree(root)
    try:
        round_id = pick_round(repo, target)
    except UnknownOrder as unknown:
        return Outcome(None, undated_problems(repo, unknown))
    meta = repo.meta(round_id)
    if meta.meta is None:
        return Outcome(None, gather(repo, repo.round(round_id).problems))
    up_to = rounds_up_to(repo, round_id)
    # Each round is scored where it is read; only the reported round is kept whole
    # (its stale answers are compared against the earlier rounds' answer keys).
    repo.load_rounds(up_to, keep={round_id}, then=score_when_scorable(repo, partial_weight))
    shown = [repo.round(r) for r in up_to]
    # A round without a readable date might lie before this one: it blocks the trend too.
    undated = [m.problems for m in repo.undated()]
    problems = gather(repo, *undated, *(r.problems for r in shown))
    if any(p.is_error for p in problems):
        return Outcome(None, problems)
    assert repo.norm is not None
    history = [scorecard_of(repo, r, partial_weight) for r in shown]
    handed_in = len(history[-1].partners)
    if audience == "public" and handed_in < MIN_PUBLIC_PARTNERS:
        message = _(
            "a public edition needs the self-assessments of at least {minimum} partners, "
            "or its figures are one partner's; this round has {count}"
        ).format(minimum=MIN_PUBLIC_PARTNERS, count=handed_in)
        error = Problem(meta.meta_path, 1, 1, Severity.ERROR, message)
        return Outcome(None, [*problems, error])
    stale = {
        (s.partner_id, s.ambition_id): (s.rounds, s.since)
        for s in stale_entries(repo, round_id, stale_after)
    }
    data = build_report(
        ReportInput(
            norm=repo.norm,
            scorecard=history[-1],
            history=history,
            provenance=provenance(root),
            stale=stale,
            audience=audience,
        )
    )
    return Outcome(data, problems)
