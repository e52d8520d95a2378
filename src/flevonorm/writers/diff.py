"""Writers for a round diff (spec/history.md, `flevonorm diff`): JSON, Markdown for a
pull-request comment, and plain text lines for the terminal.

Every text that comes from the data (names, notes, evidence, ids, revisions) is made
inert: escaped for Markdown in `md`, stripped of line breaks and control characters
in the plain text, so an assessment cannot break a table, inject markup or move a
terminal's cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from flevonorm.diffing import (
    Change,
    ChangeGroup,
    ItemValue,
    NormChange,
    PartnerChange,
    PartnerChangeKind,
    RoundDiff,
    RoundRef,
    ScoreChange,
    ThemeChange,
)
from flevonorm.models import Ambition, Status
from flevonorm.render import md_escape
from flevonorm.scoring import whole_percent
from flevonorm.textsafe import json_text, terminal_safe
from flevonorm.writers.words import Words

# A GitHub comment holds 65,536 characters; the contract asks for at most 60,000.
MD_LIMIT = 60_000
# Room kept for the line that says how much was cut.
_CUT_RESERVE = 400
# A note, evidence or next step is shown up to this many characters.
_TEXT_LIMIT = 280
_AMBITION_TEXT_LIMIT = 60

# Words by English message id, the way the gettext catalogue holds them, so they can
# move to templates/locale/nl/LC_MESSAGES/flevonorm.po unchanged.
_DUTCH: dict[str, str] = {
    "achieved": "behaald",
    "partially achieved": "deels behaald",
    "not achieved": "niet behaald",
    "declared not applicable": "niet van toepassing",
    "not assessed": "niet beoordeeld",
    "Overall": "Totaal",
    "percentage point": "procentpunt",
    "percentage points": "procentpunt",
    "Round": "Ronde",
    "Also changed: %(rounds)s (flevonorm diff --git %(rev)s ROUND shows one).": (
        "Ook gewijzigd: %(rounds)s (flevonorm diff --git %(rev)s RONDE toont er een)."
    ),
    "working tree": "werkmap",
    "does not exist": "bestaat niet",
    "norm": "norm",
    "Partner": "Partner",
    "Theme": "Thema",
    "Ambition": "Ambitie",
    "Old": "Oud",
    "New": "Nieuw",
    "Change": "Verschil",
    "Was": "Was",
    "Now": "Nu",
    "Details": "Details",
    "new file": "nieuw bestand",
    "file removed": "bestand verwijderd",
    "n/a": "n.v.t.",
    "Unchanged: %(count)s partner.": "Ongewijzigd: %(count)s partner.",
    "Unchanged: %(count)s partners.": "Ongewijzigd: %(count)s partners.",
    "Worsened": "Verslechterd",
    "Improved": "Verbeterd",
    "Other status changes": "Andere statuswijzigingen",
    "Same status, other details": "Zelfde status, andere invulling",
    "Added or dropped by the norm": "Toegevoegd of vervallen in de norm",
    "No changes per ambition.": "Geen wijzigingen per ambitie.",
    "⚠ achieved without note or evidence": "⚠ behaald zonder toelichting of bewijs",
    "new in the norm": "nieuw in de norm",
    "dropped from the norm": "vervallen in de norm",
    "items": "items",
    "yes": "ja",
    "no": "nee",
    "note": "toelichting",
    "note removed": "toelichting verwijderd",
    "evidence": "bewijs",
    "evidence removed": "bewijs verwijderd",
    "next step": "volgende stap",
    "next step removed": "volgende stap verwijderd",
    "%(count)s partner left out of the table.": "%(count)s partner weggelaten uit de tabel.",
    "%(count)s partners left out of the table.": "%(count)s partners weggelaten uit de tabel.",
    "%(count)s change left out: the comment would be too long; "
    "`flevonorm diff --format json` lists every change.": (
        "%(count)s wijziging weggelaten: het commentaar zou te lang worden; "
        "`flevonorm diff --format json` geeft alle wijzigingen."
    ),
    "%(count)s changes left out: the comment would be too long; "
    "`flevonorm diff --format json` lists every change.": (
        "%(count)s wijzigingen weggelaten: het commentaar zou te lang worden; "
        "`flevonorm diff --format json` geeft alle wijzigingen."
    ),
}
_WORDS: dict[str, dict[str, str]] = {"nl": _DUTCH, "en": {}}

_STATUS_WORDS: dict[Status, str] = {
    Status.ACHIEVED: "achieved",
    Status.PARTIAL: "partially achieved",
    Status.NOT_ACHIEVED: "not achieved",
    Status.NOT_APPLICABLE: "declared not applicable",
    Status.NOT_ASSESSED: "not assessed",
}
_GROUP_TITLES: dict[ChangeGroup, str] = {
    ChangeGroup.WORSENED: "Worsened",
    ChangeGroup.IMPROVED: "Improved",
    ChangeGroup.OTHER_STATUS: "Other status changes",
    ChangeGroup.SAME_STATUS: "Same status, other details",
    ChangeGroup.NORM: "Added or dropped by the norm",
}


class _Words(Words):
    def __init__(self, lang: str) -> None:
        super().__init__(_WORDS, lang)

    def status(self, status: Status | None) -> str:
        return "–" if status is None else self(_STATUS_WORDS[status])


def _rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _score_data(score: ScoreChange) -> dict[str, float | None]:
    return {
        "old": _rounded(score.old),
        "new": _rounded(score.new),
        "delta": _rounded(score.delta),
    }


def _change_data(change: Change) -> dict[str, Any]:
    data: dict[str, Any] = {"partner": change.partner.id, "ambition": change.ambition.id}
    if change.norm is not None:
        data["norm"] = change.norm.value
    data |= {
        "old": None if change.old is None else change.old.value,
        "new": None if change.new is None else change.new.value,
        "items": {item_id: list(pair) for item_id, pair in change.items.items()},
        "note_changed": change.note_changed,
        "evidence_changed": change.evidence_changed,
        "next_step_changed": change.next_step_changed,
        "unsupported": change.unsupported,
    }
    return data


def diff_as_data(diff: RoundDiff) -> dict[str, Any]:
    """The diff as plain data in the shape spec/history.md gives. Theme figures are
    left out: the contract's shape has no place for them."""
    return {
        "old": {"round": diff.old.round_id, "rev": diff.old.rev},
        "new": {"round": diff.new.round_id, "rev": diff.new.rev},
        "overall": _score_data(diff.overall),
        "partners": [
            {"id": p.partner.id, **_score_data(p.score), "change": p.change.value}
            for p in diff.partners
        ],
        "changes": [_change_data(change) for change in diff.changes],
    }


def diff_as_json(diff: RoundDiff) -> str:
    return json_text(diff_as_data(diff))


# --- shared by Markdown and text -------------------------------------------------


def _signed(value: int) -> str:
    if value == 0:
        return "±0"
    return f"+{value}" if value > 0 else f"−{-value}"  # a true minus sign, as in reports


def _percent(score: Fraction | None, exists: bool, words: _Words) -> str:
    if not exists:
        return "–"
    return words("n/a") if score is None else f"{whole_percent(score)}%"


def _points_change(delta: Fraction, words: _Words) -> str:
    points = whole_percent(delta)
    unit = words("percentage point") if abs(points) == 1 else words("percentage points")
    return f"{_signed(points)} {unit}"


def _overall_line(diff: RoundDiff, words: _Words) -> str:
    """`Totaal 47% → 50% (+3 procentpunt)`: the change is the exact difference,
    rounded half away from zero, not the difference of two rounded figures."""
    old = _percent(diff.overall.old, diff.old.exists, words)
    new = _percent(diff.overall.new, diff.new.exists, words)
    line = f"{words('Overall')} {old} → {new}"
    if diff.overall.delta is not None:
        line += f" ({_points_change(diff.overall.delta, words)})"
    return line


def _side_label(ref: RoundRef, words: _Words, inert: Callable[[object], str]) -> str:
    where = inert(ref.rev) if ref.rev is not None else words("working tree")
    if ref.exists:
        return f"{inert(ref.round_id)} ({where}, {words('norm')} {inert(ref.norm)})"
    return f"{inert(ref.round_id)} ({where}: {words('does not exist')})"


def _rounds_line(diff: RoundDiff, words: _Words, inert: Callable[[object], str]) -> str:
    old = _side_label(diff.old, words, inert)
    new = _side_label(diff.new, words, inert)
    return f"{words('Round')} {old} → {new}"


def _other_rounds_line(diff: RoundDiff, words: _Words, inert: Callable[[object], str]) -> list[str]:
    if not diff.other_rounds:
        return []
    rounds = ", ".join(inert(r) for r in diff.other_rounds)
    rev = inert(diff.old.rev or "REF")
    message = "Also changed: %(rounds)s (flevonorm diff --git %(rev)s ROUND shows one)."
    return ["", words(message, rounds=rounds, rev=rev)]


def _shown_partners(diff: RoundDiff) -> list[PartnerChange]:
    """Partners worth a row: a file added or removed, an entry changed, or a score
    that moved (across norm versions a score can move without an entry changing)."""
    return [
        p
        for p in diff.partners
        if p.change is not PartnerChangeKind.UNCHANGED or p.score.old != p.score.new
    ]


def _score_cells(
    score: ScoreChange, words: _Words, old_exists: bool, new_exists: bool
) -> tuple[str, str, str]:
    """Old and new as percentages ("–" for a side that does not exist, "n/a" where
    nothing applies) and the change in percentage points."""
    delta = score.delta
    return (
        _percent(score.old, old_exists, words),
        _percent(score.new, new_exists, words),
        "–" if delta is None else _signed(whole_percent(delta)),
    )


def _partner_cells(p: PartnerChange, words: _Words) -> tuple[str, str, str]:
    added, removed = p.change is PartnerChangeKind.ADDED, p.change is PartnerChangeKind.REMOVED
    old, new, change = _score_cells(p.score, words, not added, not removed)
    if added:
        change = words("new file")
    elif removed:
        change = words("file removed")
    return old, new, change


def _theme_cells(diff: RoundDiff, theme: ThemeChange, words: _Words) -> tuple[str, str, str]:
    return _score_cells(theme.score, words, diff.old.exists, diff.new.exists)


def _changed_themes(diff: RoundDiff) -> list[ThemeChange]:
    return [theme for theme in diff.themes if theme.score.old != theme.score.new]


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ambition_label(ambition: Ambition) -> str:
    name = ambition.short if ambition.short else ambition.text
    return _shorten(name, _AMBITION_TEXT_LIMIT)


def _item_word(value: ItemValue, words: _Words) -> str:
    return "–" if value is None else words("yes") if value else words("no")


def _details(change: Change, words: _Words, inert: Callable[[object], str]) -> list[str]:
    """What else changed, one part each: flag, items, note, evidence, next step."""
    parts: list[str] = []
    if change.norm is NormChange.ADDED:
        parts.append(words("new in the norm"))
    elif change.norm is NormChange.DROPPED:
        parts.append(words("dropped from the norm"))
    if change.items:
        shown = ", ".join(
            f"{inert(item_id)} {_item_word(old, words)} → {_item_word(new, words)}"
            for item_id, (old, new) in change.items.items()
        )
        parts.append(f"{words('items')}: {shown}")
    entry = change.new_entry
    if change.note_changed:
        note = entry.note if entry else None
        parts.append(_text_part(words("note"), words("note removed"), note, inert))
    if change.evidence_changed:
        evidence = "; ".join(entry.evidence or ()) if entry else None
        parts.append(_text_part(words("evidence"), words("evidence removed"), evidence, inert))
    if change.next_step_changed:
        step = entry.next_step if entry else None
        parts.append(_text_part(words("next step"), words("next step removed"), step, inert))
    return parts


def _text_part(label: str, removed: str, text: str | None, inert: Callable[[object], str]) -> str:
    if not text:
        return removed
    # Shortened before it is made inert, so an escape is never cut in half.
    return f"{label}: {inert(_shorten(text, _TEXT_LIMIT))}"


def _grouped(changes: Sequence[Change]) -> list[tuple[ChangeGroup, list[Change]]]:
    groups: dict[ChangeGroup, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.group, []).append(change)
    return [(group, groups[group]) for group in ChangeGroup if group in groups]


# --- Markdown ----------------------------------------------------------------------


class _CappedLines:
    """Lines up to a size limit; blocks go in whole or not at all, and once one does
    not fit nothing more goes in, so the text never skips a block."""

    def __init__(self, limit: int) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.limit = limit
        self.full = False

    def add(self, *lines: str) -> bool:
        cost = sum(len(line) + 1 for line in lines)  # each line ends in a newline
        if self.full or self.size + cost > self.limit:
            self.full = True
            return False
        self.lines.extend(lines)
        self.size += cost
        return True


def _md_row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def diff_as_markdown(diff: RoundDiff, lang: str = "nl", limit: int = MD_LIMIT) -> str:
    """The diff as a pull-request comment: the overall change on the first line, the
    partners whose figure or file changed, the themes whose figure changed, then
    every change, worsened first. At most `limit` characters; when that is not
    enough, the last line says how many changes were left out."""
    words = _Words(lang)
    out = _CappedLines(limit - _CUT_RESERVE)
    out.add(_overall_line(diff, words), "", _rounds_line(diff, words, md_escape))
    out.add(*_other_rounds_line(diff, words, md_escape))

    partners = _shown_partners(diff)
    partners_shown = 0
    if partners:
        out.add(
            "",
            _md_row(words("Partner"), words("Old"), words("New"), words("Change")),
            "| --- | ---: | ---: | ---: |",
        )
        for p in partners:
            if out.add(_md_row(md_escape(p.partner.name), *_partner_cells(p, words))):
                partners_shown += 1
    unchanged = len(diff.partners) - len(partners)
    if unchanged:
        out.add(
            "",
            words.plural(
                "Unchanged: %(count)s partner.", "Unchanged: %(count)s partners.", unchanged
            ),
        )

    themes = _changed_themes(diff)
    if themes:
        header = _md_row(words("Theme"), words("Old"), words("New"), words("Change"))
        rows = [
            _md_row(
                md_escape(" ".join(filter(None, [theme.id, theme.title]))),
                *_theme_cells(diff, theme, words),
            )
            for theme in themes
        ]
        out.add("", header, "| --- | ---: | ---: | ---: |", *rows)

    shown = 0
    if not diff.changes:
        out.add("", words("No changes per ambition."))
    for group, changes in _grouped(diff.changes):
        heading = ("", f"### {words(_GROUP_TITLES[group])} ({len(changes)})", "")
        table_head = (
            _md_row(
                words("Partner"), words("Ambition"), words("Was"), words("Now"), words("Details")
            ),
            "| --- | --- | --- | --- | --- |",
        )
        for index, change in enumerate(changes):
            details = _details(change, words, md_escape)
            if change.unsupported:
                details.insert(0, f"**{words('⚠ achieved without note or evidence')}**")
            ambition = (
                f"{md_escape(change.ambition.id)} {md_escape(_ambition_label(change.ambition))}"
            )
            row = _md_row(
                md_escape(change.partner.name),
                ambition,
                words.status(change.old),
                words.status(change.new),
                "<br>".join(details),
            )
            lines = (*heading, *table_head, row) if index == 0 else (row,)
            if out.add(*lines):
                shown += 1

    left_out = len(diff.changes) - shown
    if left_out:
        message = words.plural(
            "%(count)s change left out: the comment would be too long; "
            "`flevonorm diff --format json` lists every change.",
            "%(count)s changes left out: the comment would be too long; "
            "`flevonorm diff --format json` lists every change.",
            left_out,
        )
        out.lines += ["", f"_… {message}_"]
    partners_left_out = len(partners) - partners_shown
    if partners_left_out:  # only with thousands of partners
        message = words.plural(
            "%(count)s partner left out of the table.",
            "%(count)s partners left out of the table.",
            partners_left_out,
        )
        out.lines.append(f"_… {message}_")
    return "\n".join(out.lines) + "\n"


# --- plain text ----------------------------------------------------------------------


# Line breaks, other control characters (an escape sequence could move a terminal's
# cursor or recolour it), and bidirectional overrides that reorder what is shown.
def _plain(value: object) -> str:
    """Data as one inert line of text for the terminal: control characters shown escaped."""
    return terminal_safe("" if value is None else str(value)).strip()


def _columns(rows: Sequence[Sequence[str]], right_aligned: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right_aligned else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def diff_as_table(diff: RoundDiff, lang: str = "nl") -> str:
    """The diff as plain text lines for the terminal. Nothing in it is markup: print
    it as is (with rich: `markup=False, highlight=False`)."""
    words = _Words(lang)
    lines = [_overall_line(diff, words), _rounds_line(diff, words, _plain)]
    lines += _other_rounds_line(diff, words, _plain)

    partners = _shown_partners(diff)
    if partners:
        head = [words("Partner"), words("Old"), words("New"), words("Change")]
        rows = [[_plain(p.partner.name), *_partner_cells(p, words)] for p in partners]
        lines += ["", *_columns([head, *rows], right_aligned={1, 2})]
    unchanged = len(diff.partners) - len(partners)
    if unchanged:
        lines += [
            "",
            words.plural(
                "Unchanged: %(count)s partner.", "Unchanged: %(count)s partners.", unchanged
            ),
        ]

    themes = _changed_themes(diff)
    if themes:
        head = [words("Theme"), words("Old"), words("New"), words("Change")]
        rows = [
            [_plain(" ".join(filter(None, [t.id, t.title]))), *_theme_cells(diff, t, words)]
            for t in themes
        ]
        lines += ["", *_columns([head, *rows], right_aligned={1, 2})]

    if not diff.changes:
        lines += ["", words("No changes per ambition.")]
    for group, changes in _grouped(diff.changes):
        lines += ["", f"{words(_GROUP_TITLES[group])} ({len(changes)})"]
        for change in changes:
            ambition = f"{_plain(change.ambition.id)} {_plain(_ambition_label(change.ambition))}"
            status = words.status(change.new)
            if change.old is not change.new:
                status = f"{words.status(change.old)} → {status}"
            lines.append(f"  {_plain(change.partner.name)} · {ambition}: {status}")
            if change.unsupported:
                lines.append(f"      {words('⚠ achieved without note or evidence')}")
            lines += [f"      {part}" for part in _details(change, words, _plain)]
    return "\n".join(lines) + "\n"
