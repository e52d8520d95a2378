"""One home for time: which round is latest, the rounds up to a round in date order, the
round before it, and the scorecards of a series of rounds.

Rounds are ordered by (date, id) from their round.yaml (scoring.md: ties by the greater
id). A round whose round.yaml cannot be read has no date, so no order can be claimed
that would include it; callers decide whether that blocks them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from flevonorm.cache import digest
from flevonorm.defaults import STALE_AFTER
from flevonorm.errors import UsageProblem
from flevonorm.i18n import _
from flevonorm.models import NormFile, NormVersion, Partner, Status
from flevonorm.repository import LoadedRound, Repository, RoundMeta
from flevonorm.scoring import Scorecard, Tally, points_for, score_round
from flevonorm.status import STALE_STATUSES


class UnknownOrder(Exception):
    """The order of the rounds cannot be known: some round.yaml cannot be read."""

    def __init__(self, undated: list[RoundMeta]) -> None:
        super().__init__(", ".join(m.id for m in undated))
        self.undated = undated


def latest_round_id(repo: Repository) -> str:
    """The round with the greatest date (ties: the greatest id).

    UsageProblem when there are no rounds; UnknownOrder when a round has no readable
    round.yaml, since that round might be the latest."""
    if not repo.round_ids():
        raise UsageProblem(
            _("there are no rounds under rounds/ yet; start one with flevonorm round new")
        )
    undated = repo.undated()
    if undated:
        raise UnknownOrder(undated)
    return repo.dated_round_ids()[-1]


def rounds_up_to(repo: Repository, round_id: str) -> list[str]:
    """Every dated round up to and including `round_id`, oldest first."""
    key = repo.meta(round_id).order_key
    if key is None:
        return [round_id]
    return [r for r in repo.dated_round_ids() if (repo.meta(r).order_key or key) <= key]


def previous_round_id(repo: Repository, round_id: str) -> str | None:
    """The dated round just before `round_id`, if any."""
    earlier = rounds_up_to(repo, round_id)[:-1]
    return earlier[-1] if earlier else None


def scorecard_of(repo: Repository, loaded: LoadedRound, partial_weight: Fraction) -> Scorecard:
    """The scorecard of a round whose files (and norm.yaml, partners.yaml) have no errors."""
    if repo.norm is None or repo.partners is None or loaded.meta is None:
        raise ValueError(f"round {loaded.id} cannot be scored: its data has errors")
    known = loaded.scorecards.get(partial_weight)
    if known is not None:
        return known
    version = repo.norm.version(loaded.meta.norm)
    if version is None:
        raise ValueError(f"round {loaded.id} names an unknown norm version")
    card = score_round(
        loaded.id,
        loaded.meta,
        version,
        repo.partners.partners,
        loaded.assessments,
        partial_weight,
    )
    loaded.scorecards[partial_weight] = card
    return card


def score_when_scorable(
    repo: Repository, partial_weight: Fraction
) -> Callable[[LoadedRound], object]:
    """What works out a checked round's scorecard where it is read (Repository.load_rounds),
    if it has no errors: a round released after it keeps its scorecard."""

    def score(loaded: LoadedRound) -> None:
        scorable = (
            not loaded.has_errors()
            and not repo.base_has_errors()
            and loaded.meta is not None
            and repo.norm is not None
            and repo.norm.version(loaded.meta.norm) is not None
        )
        if scorable:
            scorecard_of(repo, loaded, partial_weight)

    return score


# --- trend -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One round of a trend: the overall figure, the like-for-like one where norm versions
    differ, and every partner's (None where it has no file)."""

    card: Scorecard
    overall: Tally
    like_for_like: Tally | None
    partners: dict[str, Tally | None]


@dataclass(frozen=True)
class TrendSeries:
    partial_weight: Fraction
    partners: list[Partner]  # in partners.yaml order
    points: list[TrendPoint]  # oldest first

    @property
    def mixes_versions(self) -> bool:
        return len({p.card.version.version for p in self.points}) > 1


def _restricted(card: Scorecard, ambitions: frozenset[str]) -> Tally:
    """The pooled tally of a round over the given ambitions only."""
    result = Tally()
    for partner in card.partners:
        for ambition_id, outcome in partner.results.items():
            if ambition_id in ambitions and outcome.status is not Status.NOT_APPLICABLE:
                result = result + Tally(points_for(outcome.status, card.partial_weight), 1)
    return result


def trend_series(norm: NormFile, partners: list[Partner], cards: list[Scorecard]) -> TrendSeries:
    """Every round's figures, oldest first (history.md, trend). Pure: scorecards in."""
    from flevonorm.versions import surviving_ambitions

    versions = [card.version.version for card in cards]
    mixed = len(set(versions)) > 1
    points = []
    for card in cards:
        like_for_like: Tally | None = None
        if mixed:
            surviving = surviving_ambitions(norm, versions[0], versions[-1], card.version.version)
            like_for_like = None if surviving is None else _restricted(card, surviving)
        scored = {p.partner.id: p.tally for p in card.partners}
        points.append(
            TrendPoint(
                card=card,
                overall=card.overall,
                like_for_like=like_for_like,
                partners={p.id: scored.get(p.id) for p in partners},
            )
        )
    weight = cards[-1].partial_weight if cards else Fraction(0)
    return TrendSeries(partial_weight=weight, partners=list(partners), points=points)


# --- stale answers ---------------------------------------------------------------------

DEFAULT_STALE_AFTER = STALE_AFTER


@dataclass(frozen=True)
class StaleEntry:
    """An answer repeated unchanged, round after round, while not achieved."""

    partner_id: str
    ambition_id: str
    rounds: int  # the length of the run, the round looked from included
    since: str  # the first round of the run


def stale_entries(repo: Repository, round_id: str, stale_after: int) -> list[StaleEntry]:
    """The entries of round `round_id` that are stale as seen from it (history.md): not
    achieved and identical in `stale_after` or more consecutive rounds of the partner under
    the same norm version, rounds without the partner's file skipped. 0 turns it off."""
    if stale_after <= 0 or repo.norm is None or repo.partners is None:
        return []
    current = repo.round(round_id)
    if current.meta is None:
        return []
    version_id = current.meta.norm
    version = repo.norm.version(version_id)
    if version is None:
        return []
    earlier = list(reversed(rounds_up_to(repo, round_id)[:-1]))
    key = _stale_key(repo, round_id, version_id, earlier, stale_after)
    if key is not None and repo.cache is not None:
        rows = repo.cache.rows("stale", key)
        if rows is not None:
            try:
                return [StaleEntry(str(p), str(a), int(n), str(s)) for p, a, n, s in rows]
            except (TypeError, ValueError):
                pass  # not what was written: work it out again
    found = _stale_entries(repo, current, version, earlier, stale_after)
    if key is not None and repo.cache is not None:
        rows = [[s.partner_id, s.ambition_id, s.rounds, s.since] for s in found]
        repo.cache.keep_rows("stale", key, rows)
    return found


def _stale_key(
    repo: Repository, round_id: str, version_id: str, earlier: list[str], stale_after: int
) -> str | None:
    """What stale answers depend on: the rounds under the same version back from
    `round_id`, each by its rules and the bytes of its files; None without a cache."""
    if repo.cache is None:
        return None
    prints: list[str | None] = [repo.round(round_id).fingerprint]
    for previous_id in earlier:
        previous_meta = repo.meta(previous_id).meta
        if previous_meta is None or previous_meta.norm != version_id:
            break
        prints.append(repo.round(previous_id).fingerprint)
    if any(p is None for p in prints):
        return None
    text = json.dumps([stale_after, version_id, round_id, earlier, prints])
    return digest(text.encode("utf-8", "surrogateescape"))


def _stale_entries(
    repo: Repository,
    current: LoadedRound,
    version: NormVersion,
    earlier: list[str],
    stale_after: int,
) -> list[StaleEntry]:
    assert repo.partners is not None
    round_id, version_id = current.id, version.version
    found: list[StaleEntry] = []
    for partner_id in current.partner_ids:
        partner = repo.partners.partner(partner_id)
        if partner is None:
            continue
        for ambition_id, answer in (
            current.answers(partner_id, version, partner.kind) or {}
        ).items():
            if answer.partition(":")[0] not in STALE_STATUSES:
                continue
            run, since = 1, round_id
            for previous_id in earlier:
                previous_meta = repo.meta(previous_id).meta
                if previous_meta is None or previous_meta.norm != version_id:
                    break
                previous = repo.round(previous_id)
                before = previous.answers(partner_id, version, partner.kind)
                if before is None:
                    if partner_id in previous.broken:
                        break
                    continue  # no file in that round: skipped
                if before.get(ambition_id) != answer:
                    break
                run, since = run + 1, previous_id
            if run >= stale_after:
                found.append(StaleEntry(partner_id, ambition_id, run, since))
    return found
