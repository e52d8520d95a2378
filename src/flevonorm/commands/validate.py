"""`flevonorm validate`: every problem in norm.yaml, partners.yaml and the rounds named
(default: every round)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flevonorm.commands import gather, open_worktree
from flevonorm.history import DEFAULT_STALE_AFTER, UnknownOrder, latest_round_id, stale_entries
from flevonorm.i18n import ngettext
from flevonorm.paths import RoundTarget
from flevonorm.problems import Problem, Problems
from flevonorm.repository import Repository


@dataclass
class Validation:
    problems: list[Problem]
    rounds_checked: int

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def validate(
    root: Path,
    targets: list[RoundTarget] | None,
    *,
    strict: bool,
    stale_after: int = DEFAULT_STALE_AFTER,
) -> Validation:
    repo = open_worktree(root)
    repo.keep_data = False  # validate needs no assessment from the cache (see Repository)
    round_ids = (
        repo.round_ids() if not targets else list(dict.fromkeys(t.round_id for t in targets))
    )
    only_files = {t.partner_file for t in targets or [] if t.partner_file is not None}
    named_rounds = {t.round_id for t in targets or [] if t.partner_file is None}
    found: list[Problem] = []
    latest = _latest(repo)
    # Only the latest round's files get a problem after this (a stale answer), and
    # stale answers in earlier rounds are found from their answer keys.
    repo.load_rounds(round_ids, keep={latest} if latest is not None else set())
    for round_id in round_ids:
        problems = list(repo.round(round_id).problems)
        if round_id not in named_rounds and only_files:
            # A partner file named alone: that file's problems (cli.md).
            problems = [p for p in problems if p.path in only_files]
        found.extend(problems)
    found.extend(
        p
        for p in _stale_warnings(repo, round_ids, stale_after)
        if not only_files or p.path in only_files or not targets
    )
    problems = gather(repo, found)
    if strict:
        # Under --strict a warning (a missing partner, say) is an error, and says so.
        problems = [p.as_error() for p in problems]
    return Validation(problems, len(round_ids))


def _latest(repo: Repository) -> str | None:
    try:
        return latest_round_id(repo) if repo.round_ids() else None
    except UnknownOrder:
        return None


def _stale_warnings(repo: Repository, round_ids: list[str], stale_after: int) -> list[Problem]:
    """Stale answers are about now: warned only in the repository's latest round."""
    if not repo.round_ids():
        return []
    try:
        latest = latest_round_id(repo)
    except UnknownOrder:
        return []
    if latest not in round_ids or repo.round(latest).has_errors():
        return []
    loaded = repo.round(latest)
    warnings = Problems()
    for stale in stale_entries(repo, latest, stale_after):
        doc = loaded.docs[stale.partner_id]
        line, col = doc.position(("ambitions", stale.ambition_id), key=True)
        warnings.warning(
            doc.path,
            line,
            col,
            ngettext(
                "unchanged for {rounds} round while not achieved (since {since})",
                "unchanged for {rounds} rounds while not achieved (since {since})",
                stale.rounds,
            ).format(rounds=stale.rounds, since=stale.since),
        )
    return list(warnings)
