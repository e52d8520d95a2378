"""`flevonorm trend`: every dated round's overall and partner figures, oldest first.
Blocked by errors in any round it shows and by any round whose date cannot be read."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from flevonorm.commands import Outcome, gather, open_worktree
from flevonorm.commands.score import undated_problems
from flevonorm.errors import UsageProblem
from flevonorm.history import (
    TrendSeries,
    UnknownOrder,
    score_when_scorable,
    scorecard_of,
    trend_series,
)
from flevonorm.i18n import _
from flevonorm.suggest import closest, did_you_mean


def trend(root: Path, partner_id: str | None, partial_weight: Fraction) -> Outcome[TrendSeries]:
    repo = open_worktree(root)
    undated = repo.undated()
    if undated:
        unknown = UnknownOrder(undated)
        return Outcome(None, undated_problems(repo, unknown, round_can_be_named=False))
    if repo.base_has_errors():
        return Outcome(None, gather(repo))
    assert repo.norm is not None and repo.partners is not None
    partners = repo.partners.partners
    if partner_id is not None:
        known = [p.id for p in partners]
        if partner_id not in known:
            message = _("unknown partner {partner} for --partner").format(partner=repr(partner_id))
            message += did_you_mean(closest(partner_id, known))
            raise UsageProblem(message)
        partners = [p for p in partners if p.id == partner_id]
    dated = repo.dated_round_ids()
    # Each round is scored where it is read, and needs nothing more after that.
    repo.load_rounds(dated, keep=(), then=score_when_scorable(repo, partial_weight))
    shown = [repo.round(r) for r in dated]
    problems = gather(repo, *(r.problems for r in shown))
    if any(p.is_error for p in problems):
        return Outcome(None, problems)
    cards = [scorecard_of(repo, r, partial_weight) for r in shown]
    return Outcome(trend_series(repo.norm, partners, cards), problems)
