"""`flevonorm norm show` and `flevonorm norm diff` (history.md), through the command line.

Expected values are worked out by hand from tests/data/base/norm.yaml (1.0 adopted with
four ambitions, 2.0 a draft with one) and tests/data/versions/norm.yaml (three versions;
what each ambition is for is written beside it there).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from flevonorm.models import NormFile
from flevonorm.problems import Problems
from flevonorm.writers.norm import version_as_renderable
from flevonorm.yamlio import parse_yaml

from .conftest import DATA, PROJECT, Cli, make_repo

ALL_KINDS = ["municipality", "province", "water_board", "police", "prosecution"]
VERSIONS_NORM = (DATA / "versions" / "norm.yaml").read_text(encoding="utf-8")


@pytest.fixture
def versions_repo(tmp_path: Path) -> Path:
    """tests/data/base with the three-version norm in its place (the rounds are not read)."""
    return make_repo(tmp_path, {"norm.yaml": VERSIONS_NORM})


def squeezed(output: str) -> list[str]:
    """Each line of plain table output with its runs of spaces made one (column widths
    are not what a reader relies on)."""
    return [" ".join(line.split()) for line in output.splitlines()]


def one_version_norm(text: str) -> str:
    return (
        "name: N\nversions:\n"
        '  - version: "1.0"\n    status: adopted\n    themes:\n'
        '      - id: "1"\n        ambitions:\n'
        f'          - id: "1.1"\n            text: {json.dumps(text)}\n'
    )


# --- norm show ---------------------------------------------------------------------


def test_show_defaults_to_the_newest_adopted_version_as_json(cli: Cli) -> None:
    # 2.0 is newer but a draft, so 1.0 is shown: every default filled in.
    result = cli("norm", "show", "--format", "json", "--root", str(DATA / "base"))
    assert result.code == 0
    assert result.err == ""
    assert json.loads(result.out) == {
        "version": "1.0", "status": "adopted", "adopted_on": None, "source": None,
        "supersedes": None, "note": None,
        "themes": [
            {"id": "1", "title": "Bewustwording", "ambitions": [
                {"id": "1.1",
                 "text": "Gemeenten en provincie besteden aandacht aan ondermijning",
                 "short": None, "group": None, "applies_to": ["municipality", "province"],
                 "items": None, "from": []},
                {"id": "1.2", "text": "Gemeenten communiceren integraal", "short": None,
                 "group": None, "applies_to": ["municipality"], "items": None, "from": []},
            ]},
            {"id": "2", "title": "Instrumentarium", "ambitions": [
                {"id": "2.1", "text": "De APV bevat:", "short": None, "group": None,
                 "applies_to": ["municipality", "province"],
                 "items": [
                     {"id": "2.1.1", "text": "Sluiting van panden",
                      "applies_to": ["municipality", "province"]},
                     {"id": "2.1.2.A", "text": "Exploitatievergunning horeca",
                      "applies_to": ["municipality"]},
                 ],
                 "from": []},
                {"id": "2.10", "text": "Boa's ondersteunen elkaar", "short": None,
                 "group": None, "applies_to": ["municipality"], "items": None, "from": []},
            ]},
        ],
    }  # fmt: skip


def test_show_a_named_version_fills_in_every_kind_and_the_from_list(cli: Cli) -> None:
    result = cli("norm", "show", "2.0", "--format", "json", "--root", str(DATA / "base"))
    assert result.code == 0
    assert json.loads(result.out) == {
        "version": "2.0", "status": "draft", "adopted_on": None, "source": None,
        "supersedes": "1.0", "note": None,
        "themes": [{"id": "1", "title": None, "ambitions": [
            {"id": "1.1", "text": "Alle partners besteden aandacht aan ondermijning",
             "short": None, "group": None, "applies_to": ALL_KINDS, "items": None,
             "from": ["1.1"]},
        ]}],
    }  # fmt: skip


def test_show_an_unknown_version_is_a_wrong_call_with_a_suggestion(cli: Cli) -> None:
    result = cli("norm", "show", "1.1", "--root", str(DATA / "base"))
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "flevonorm: unknown norm version '1.1': norm.yaml has versions 1.0, 2.0; "
        "did you mean 1.0?\n"
    )


def test_show_an_unknown_version_far_from_any_lists_the_versions_only(cli: Cli) -> None:
    result = cli("norm", "show", "latest", "--root", str(DATA / "base"))
    assert result.code == 2
    assert result.err == (
        "flevonorm: unknown norm version 'latest': norm.yaml has versions 1.0, 2.0\n"
    )


def test_show_markdown_is_one_github_table_with_every_text_escaped(
    cli: Cli, tmp_path: Path
) -> None:
    text = "Beleid | *vet* <b>x</b>\nen _meer_"
    root = make_repo(tmp_path, {"norm.yaml": one_version_norm(text)})
    result = cli("norm", "show", "--format", "md", "--lang", "en", "--root", str(root))
    assert result.code == 0
    assert result.out == (
        "## N 1.0 · adopted · 1 ambition\n"
        "\n"
        "| Theme | Id | Short name | Text | Applies to | Items |\n"
        "|---|---|---|---|---|---|\n"
        r"| 1 | 1.1 |  | Beleid \| \*vet\* \<b\>x\</b\> en \_meer\_ | all partners |  |"
        "\n"
    )


def test_show_markdown_lists_items_and_their_narrower_kinds_in_one_cell(cli: Cli) -> None:
    result = cli("norm", "show", "--format", "md", "--root", str(DATA / "base"))
    assert result.code == 0
    assert (
        "| 2 Instrumentarium | 2.1 |  | De APV bevat: | gemeente, provincie | "
        "2.1.1 Sluiting van panden<br>2.1.2.A Exploitatievergunning horeca (gemeente) |"
    ) in result.out.splitlines()


def test_show_table_has_one_row_per_ambition_and_item(cli: Cli) -> None:
    # Piped (not a terminal), so plain text; items sit indented under their ambition.
    result = cli("norm", "show", "--root", str(DATA / "base"))
    assert result.code == 0
    lines = squeezed(result.out)
    assert lines[0] == "Testnorm 1.0 · vastgesteld · 4 ambities"
    assert "Thema 2 Instrumentarium" in lines
    assert "2.1 De APV bevat: gemeente, provincie" in lines
    assert "2.1.1 Sluiting van panden" in lines
    assert "2.1.2.A Exploitatievergunning horeca gemeente" in lines


def test_show_table_shows_control_characters_and_markup_literally(cli: Cli, tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"norm.yaml": one_version_norm("Kleur \x1b[31mrood [bold]vet")})
    result = cli("norm", "show", "--root", str(root))
    assert result.code == 0
    assert "\x1b" not in result.out
    assert "Kleur \\x1b[31mrood [bold]vet" in result.out


def test_errors_in_norm_yaml_block_show_and_diff(cli: Cli, tmp_path: Path) -> None:
    cycle = (DATA / "invalid" / "supersedes-cycle" / "files" / "norm.yaml").read_text("utf-8")
    root = make_repo(tmp_path, {"norm.yaml": cycle})
    for args in (["show"], ["diff", "1.0", "2.0"]):
        result = cli("norm", *args, "--root", str(root))
        assert result.code == 1
        assert result.out == ""
        assert result.err.startswith(
            "norm.yaml:5:17: error: supersedes '2.0', which leads back to '1.0' "
            "(1.0 supersedes 2.0 supersedes 1.0); supersedes must never form a cycle\n"
            "norm.yaml:33:17: error: supersedes '1.0', which leads back to '2.0' "
        )


def test_errors_in_partners_yaml_do_not_block_the_norm(cli: Cli, tmp_path: Path) -> None:
    # norm show reads the norm only; partners.yaml's problems are for other commands.
    root = make_repo(tmp_path, {"partners.yaml": "partners:\n  - id: Gem A\n"})
    result = cli("norm", "show", "--format", "json", "--root", str(root))
    assert result.code == 0
    assert result.err == ""
    assert json.loads(result.out)["version"] == "1.0"


def test_help_has_an_example_and_readable_metavariables(cli: Cli) -> None:
    show = cli("norm", "show", "-h")
    assert show.code == 0
    assert "Usage: flevonorm norm show [OPTIONS] [VERSION]\n" in show.out
    assert "\n  Example: flevonorm norm show" in show.out
    assert "--format FORMAT  table, md or json.  [default: table]" in show.out
    diff = cli("norm", "diff", "--help")
    assert diff.code == 0
    assert "\n  Example: flevonorm norm diff 1.0 2.0" in diff.out
    assert "OLD" in diff.out and "NEW" in diff.out


def test_norm_without_a_subcommand_lists_show_and_diff(cli: Cli) -> None:
    result = cli("norm")  # like `flevonorm` alone: the help, as a wrong call (exit 2)
    assert result.code == 2
    assert re.search(r"^  show\s", result.err, re.MULTILINE)
    assert re.search(r"^  diff\s", result.err, re.MULTILINE)


# --- norm diff ---------------------------------------------------------------------


def test_diff_over_two_steps_composes_the_links(cli: Cli, versions_repo: Path) -> None:
    # 1.0 → 2.0 → 3.0, composed: 1.1, 1.2 unchanged (1.2's 2.0 text is reverted in 3.0);
    # 2.1 was split in 2.0 and merged back in 3.0, so it continues 1.0's 2.1 alone, with
    # 1.0's text: unchanged; 2.2 ← 2.2 + 2.3 merged; 2.9 ← 2.6 only renumbered;
    # 1.5 (new in 2.0) and 3.1 added; 1.3 and 2.4, 2.5 (carried into 2.0, not into 3.0)
    # and 1.4 (dropped in 2.0) dropped.
    result = cli("norm", "diff", "1.0", "3.0", "--format", "json", "--root", str(versions_repo))
    assert result.code == 0
    assert result.err == ""
    assert json.loads(result.out) == {
        "old": "1.0", "new": "3.0",
        "added": ["1.5", "3.1"],
        "dropped": ["1.3", "1.4", "2.4", "2.5"],
        "unchanged": ["1.1", "1.2", "2.1"],
        "changed": [{"id": "2.9", "from": ["2.6"], "text": False, "applies_to": False,
                     "items": False, "renumbered": True}],
        "split": [],
        "merged": [{"into": "2.2", "from": ["2.2", "2.3"]}],
    }  # fmt: skip


def test_diff_markdown_over_two_steps(cli: Cli, versions_repo: Path) -> None:
    # Ambitions without `short:` go by their text, shortened at a word to 48 characters.
    result = cli(
        "norm", "diff", "1.0", "3.0", "--format", "md", "--lang", "en",
        "--root", str(versions_repo),
    )  # fmt: skip
    assert result.code == 0
    assert result.out == (
        "## Testnorm 1.0 → 3.0 (via 2.0)\n"
        "\n"
        "2 added · 4 dropped · 1 changed · 0 split · 1 merged · 3 unchanged\n"
        "\n"
        "| Change | 1.0 | 3.0 | Ambition | What |\n"
        "|---|---|---|---|---|\n"
        "| added |  | 1.5 | Er zijn dilemmasessies voor raad en college |  |\n"
        "| added |  | 3.1 | Boa's zijn getraind in signaleren |  |\n"
        "| dropped | 1.3 |  | Er is een intern meldpunt |  |\n"
        "| dropped | 1.4 |  | Casuïstiek in de Lokale Driehoek |  |\n"
        "| dropped | 2.4 |  | Het Bibob-beleid omvat: |  |\n"
        "| dropped | 2.5 |  | De APV bevat: |  |\n"
        "| changed | 2.6 | 2.9 | Er wordt gewerkt met het vier-ogen-principe | renumbered |\n"
        "| merged | 2.2, 2.3 | 2.2 | Kwetsbare functies zijn benoemd en medewerkers … |  |\n"
        "\n"
        "**Unchanged:** 1.1, 1.2, 2.1\n"
    )


def test_diff_markdown_says_what_changed_and_shows_changed_texts(
    cli: Cli, versions_repo: Path
) -> None:
    result = cli("norm", "diff", "1.0", "2.0", "--format", "md", "--root", str(versions_repo))
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[2] == (
        "1 toegevoegd · 1 vervallen · 4 gewijzigd · 1 gesplitst · 1 samengevoegd · 2 ongewijzigd"
    )
    assert "| gewijzigd | 1.2 | 1.2 | Gemeenten en politie communiceren integraal | tekst |" in (
        lines
    )
    assert "| gewijzigd | 1.3 | 1.3 | Er is een intern meldpunt | voor wie +waterschap |" in lines
    # 2.4.B narrowed to the province, 2.4.C new.
    assert (
        "| gewijzigd | 2.4 | 2.4 | Het Bibob-beleid omvat: | items (+2.4.C, gewijzigd: 2.4.B) |"
    ) in lines
    assert "| gesplitst | 2.1 | 2.1, 2.7 | De APV en het Bibob-beleid zijn op orde |  |" in lines
    assert "**Ongewijzigd:** 1.1, 2.5" in lines
    # 1.2's short name in 1.0 is not carried: 2.0's 1.2 has none, so it goes by its text.
    at = lines.index("- **1.2** Gemeenten en politie communiceren integraal")
    assert lines[at + 1 : at + 3] == [
        "  - was: Gemeenten communiceren integraal",
        "  - nu: Gemeenten en politie communiceren integraal",
    ]


def test_diff_table_lists_each_change_with_its_ids(cli: Cli, versions_repo: Path) -> None:
    result = cli("norm", "diff", "1.0", "2.0", "--lang", "en", "--root", str(versions_repo))
    assert result.code == 0
    lines = squeezed(result.out)
    assert lines[0] == "Testnorm 1.0 → 2.0"
    assert "changed 2.6 2.9 Er wordt gewerkt met het vier-ogen-principe renumbered" in lines
    # A merge lists its sources one per line under each other.
    merged = next(i for i, line in enumerate(lines) if line.startswith("merged "))
    assert lines[merged].startswith("merged 2.2 2.2 Kwetsbare functies")
    assert lines[merged + 1] == "2.3"
    assert "Unchanged (2): 1.1, 2.5" in lines


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "3.0",
            "1.0",
            "norm version 1.0 does not continue 3.0 (1.0 continues no other version); "
            "norm diff OLD NEW needs a NEW that supersedes OLD, directly or over several "
            "versions; did you mean: flevonorm norm diff 1.0 3.0?",
        ),
        ("2.0", "2.0", "norm diff compares two different versions; OLD and NEW are both 2.0"),
        ("1.0", "3.1", "unknown norm version '3.1': norm.yaml has versions 1.0, 2.0, 3.0; "
         "did you mean 3.0?"),
    ],
)  # fmt: skip
def test_diff_when_new_does_not_continue_old_is_a_wrong_call(
    cli: Cli, versions_repo: Path, old: str, new: str, message: str
) -> None:
    result = cli("norm", "diff", old, new, "--format", "json", "--root", str(versions_repo))
    assert result.code == 2
    assert result.out == ""
    assert result.err == f"flevonorm: {message}\n"


def test_diff_between_two_branches_of_one_version(cli: Cli, tmp_path: Path) -> None:
    # 2.0 and 2.1 both supersede 1.0; neither continues the other.
    norm = "name: N\nversions:\n" + "".join(
        f'  - version: "{v}"\n    status: draft\n{sup}    themes:\n'
        '      - id: "1"\n        ambitions:\n'
        f'          - id: "1.1"\n            text: a\n{link}'
        for v, sup, link in [
            ("1.0", "", ""),
            ("2.0", '    supersedes: "1.0"\n', '            from: ["1.1"]\n'),
            ("2.1", '    supersedes: "1.0"\n', '            from: ["1.1"]\n'),
        ]
    )
    root = make_repo(tmp_path, {"norm.yaml": norm})
    assert cli("norm", "diff", "1.0", "2.1", "--root", str(root)).code == 0
    result = cli("norm", "diff", "2.0", "2.1", "--root", str(root))
    assert result.code == 2
    assert result.err == (
        "flevonorm: norm version 2.1 does not continue 2.0 (2.1 continues 1.0); norm diff "
        "OLD NEW needs a NEW that supersedes OLD, directly or over several versions\n"
    )


# --- readable at 80 columns ----------------------------------------------------------


def _bundled_norm() -> NormFile:
    problems = Problems()
    doc = parse_yaml((PROJECT / "norm.yaml").read_text(encoding="utf-8"), "norm.yaml", problems)
    assert doc is not None and not problems.items
    return NormFile.model_validate(doc.data)


BUNDLED = _bundled_norm()


def _on_terminal(version: str, width: int) -> str:
    shown = BUNDLED.version(version)
    assert shown is not None
    out = io.StringIO()
    terminal = Console(file=out, width=width, force_terminal=True, color_system=None)
    terminal.print(version_as_renderable(BUNDLED.name, shown, "nl", width=width, plain=False))
    return out.getvalue()


def _words(text: str) -> list[str]:
    # Words as the table may break them: at white space, and after a slash.
    return [w for w in re.split(r"\s+|(?<=/)", text) if w]


@given(version=st.sampled_from(["1.0", "2.0"]), width=st.integers(min_value=60, max_value=160))
@settings(max_examples=30, deadline=None)
def test_terminal_table_fits_the_width_and_never_cuts_a_word(version: str, width: int) -> None:
    shown = BUNDLED.version(version)
    assert shown is not None
    output = _on_terminal(version, width)
    assert max(len(line) for line in output.splitlines()) <= width
    printed = set(_words(output))
    for ambition in shown.ambitions():
        texts = [ambition.text, ambition.short or "", *(i.text for i in ambition.items or [])]
        for text in texts:
            missing = [w for w in _words(text) if w not in printed]
            assert not missing, (ambition.id, missing)
