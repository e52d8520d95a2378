"""The score table a person reads: whole words at 80 columns (spec/cli.md), and at national
width (375 partners) theme figures in rows rather than columns squeezed blank."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from flevonorm import i18n
from flevonorm.commands.score import score
from flevonorm.models import (
    Ambition,
    Assessment,
    Entry,
    NormVersion,
    Partner,
    RoundFile,
    Status,
    Theme,
)
from flevonorm.paths import RoundTarget
from flevonorm.scoring import Scorecard, score_round
from flevonorm.writers.scorecard import print_scorecard, scorecard_renderable

from .conftest import PROJECT, Cli

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def bundled(round_id: str) -> Scorecard:
    outcome = score(PROJECT, RoundTarget(round_id), Fraction(0))
    assert outcome.value is not None
    return outcome.value


def on_terminal(card: Scorecard, width: int) -> str:
    console = Console(width=width, force_terminal=True, color_system=None, file=io.StringIO())
    with console.capture() as capture:
        console.print(scorecard_renderable(card, plain=False, width=width))
    return capture.get()


def words_of(card: Scorecard) -> set[str]:
    names = [p.partner.name for p in card.partners]
    titles = [t.title or "" for t in card.themes]
    return {word for text in [*names, *titles] for word in text.split()}


@pytest.mark.parametrize("round_id", ["2022-autumn", "2025-autumn"])
@pytest.mark.parametrize("width", [80, 60])
def test_no_word_is_cut_at_a_narrow_terminal(round_id: str, width: int) -> None:
    card = bundled(round_id)
    text = on_terminal(card, width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" not in text
    tokens = set(text.split())
    assert words_of(card) <= tokens  # "Noordoostpolder", "Bewustwording": whole, never cut
    assert {"achieved", "partial"} <= tokens


def test_at_80_columns_the_example_is_one_table_per_kind_of_figure() -> None:
    text = on_terminal(bundled("2022-autumn"), 80)
    # Partners with their counts, the kind under the name; themes pooled; themes per partner.
    assert re.search(r"^Gemeente Almere +20 +1 +1 +0 +0 +91%$", text, re.MULTILINE)
    assert re.search(r"^municipality +\(20/22\)$", text, re.MULTILINE)
    assert re.search(r"^1\. Bewustwording bij bestuur en ambtelijke organisatie +100% \(25/25\)$",
                     text, re.MULTILINE)  # fmt: skip
    assert re.search(r"^Gemeente Noordoostpolder +100% +100% +80% +60%$", text, re.MULTILINE)


def test_wide_enough_keeps_the_one_line_layout(cli: Cli) -> None:
    # Piped at 200 columns (the README's example): one line per partner, every partner a
    # column of the themes table.
    result = cli("score", "rounds/2022-autumn", cwd=PROJECT)
    assert result.code == 0
    assert (
        " Gemeente Almere           municipality        20        1             1               0"
        "             0  91% (20/22)"
    ) in result.out.splitlines()
    assert (
        " theme                                                   all partners  almere  lelystad"
        "   urk  dronten  noordoostpolder  zeewolde  flevoland" in result.out.splitlines()
    )


def test_the_table_speaks_dutch(cli: Cli) -> None:
    result = cli("score", "rounds/2022-autumn", "--lang", "nl", cwd=PROJECT)
    lines = result.out.splitlines()
    assert lines[1].split() == [
        "partner", "soort", "behaald", "deels", "behaald", "niet", "behaald", "niet", "van",
        "toepassing", "niet", "beoordeeld", "score",
    ]  # fmt: skip
    assert lines[2] == (
        " Gemeente Almere           gemeente        20              1             1"
        "                    0                0  91% (20/22)"
    )
    assert lines[-1] == (
        "Totaal: 83% van de ambitiepunten behaald (119 van 143), over alle 7 partners samen"
    )


def national(count: int = 375) -> Scorecard:
    themes = [
        Theme(
            id=str(t),
            title=f"Thema {t}",
            ambitions=[
                Ambition(id=f"{t}.{a}", text="tekst", applies_to=["municipality"])
                for a in range(1, 4)
            ],
        )
        for t in range(1, 5)
    ]
    version = NormVersion(version="1.0", status="adopted", themes=themes)
    partners = [
        Partner(id=f"gem-{i:03d}", name=f"Gemeente {i:03d}", kind="municipality")
        for i in range(count)
    ]
    # Partner i achieves ambition t.1 of theme t when i is even, nothing else: 4 of 12.
    assessments = {
        p.id: Assessment(
            partner=p.id,
            ambitions={
                f"{t}.1": Entry(status=Status.ACHIEVED if i % 2 == 0 else Status.NOT_ACHIEVED)
                for t in range(1, 5)
            },
        )
        for i, p in enumerate(partners)
    }
    meta = RoundFile(id="r1", kind="monitoring", norm="1.0", date=date(2030, 1, 1))
    return score_round("r1", meta, version, partners, assessments)


def test_at_national_width_the_themes_come_per_partner_in_rows() -> None:
    out = io.StringIO()
    print_scorecard(national(), Console(width=200, file=out, no_color=True))  # piped
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 200
    at = lines.index("Themes per partner")
    assert lines[at + 1].split() == ["partner", "1", "2", "3", "4"]
    rows = [line for line in lines[at + 2 :] if line.startswith(" Gemeente ")]
    assert len(rows) == 375
    # even partners: 1 of 3 in every theme (33%); odd partners: 0%.
    assert rows[0].split() == ["Gemeente", "000", "33%", "33%", "33%", "33%"]
    assert rows[1].split() == ["Gemeente", "001", "0%", "0%", "0%", "0%"]
    # The pooled themes table keeps its figures: 188 partners x 1 point of 375 x 3 per theme.
    pooled = lines.index("Themes")
    assert lines[pooled + 2].split() == ["1.", "Thema", "1", "17%", "(188/1125)"]


def test_a_real_terminal_of_80_columns(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "80", "LINES": "50", "NO_COLOR": "1", "TERM": "xterm"}
    env.pop("LANG", None)
    done = subprocess.run(
        [sys.executable, "-c", "from flevonorm.cli import main; main()", "score", "2022-autumn"],
        cwd=PROJECT, stdin=follower, stdout=follower, stderr=follower, env=env, timeout=60,
        check=False,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    text = ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r", "")
    assert done.returncode == 0, text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    assert "Noordoostpolder" in text.split() and "Bewustwording" in text.split()
    assert i18n.language() == "en"


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzëï-", min_size=1, max_size=16)


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(st.lists(_WORD, min_size=1, max_size=5).map(" ".join), min_size=1, max_size=30),
    width=st.integers(min_value=50, max_value=220),
    terminal=st.booleans(),
)
def test_any_names_at_any_width_keep_their_words(
    names: list[str], width: int, terminal: bool
) -> None:
    card = national(len(names))
    renamed = [
        p.partner.model_copy(update={"name": name})
        for p, name in zip(card.partners, names, strict=True)
    ]
    card = score_round(
        "r1",
        card.round,
        card.version,
        renamed,
        {p.partner.id: Assessment(partner=p.partner.id, ambitions={}) for p in card.partners},
    )
    out = io.StringIO()
    console = Console(width=width, file=out, force_terminal=terminal, color_system=None)
    print_scorecard(card, console)
    text = ANSI.sub("", out.getvalue())
    assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    assert "…" not in text
    assert {word for name in names for word in name.split()} <= set(text.split())
