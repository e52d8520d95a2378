"""Norm versions and `from` links, on tests/data/versions/norm.yaml (three versions; what
each ambition is for is written beside it there) and on the bundled norm.yaml.

Expected values are worked out by hand from those files:

  1.0 → 2.0  1.1 unchanged (only its wrapping, short and group differ), 1.2 text,
             1.3 applies_to (+ water_board), 1.4 dropped, 1.5 added, 2.1 split into 2.1
             and 2.7, 2.2 + 2.3 merged into 2.2, 2.4 items (2.4.B narrowed, 2.4.C new),
             2.5 unchanged (same items, other order), 2.6 renumbered to 2.9.
  2.0 → 3.0  1.2 back to its 1.0 text, 2.1 + 2.7 merged into 2.1 with 1.0's text,
             1.3, 2.4, 2.5 dropped, 3.1 added.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flevonorm.models import PARTNER_KINDS, NormFile
from flevonorm.problems import Problems
from flevonorm.versions import (
    ChangedAmbition,
    Merge,
    NormDiff,
    Split,
    chain,
    continues,
    default_version,
    newest_version,
    norm_diff,
    supersedes_cycle_errors,
    supersedes_cycles,
    surviving_ambitions,
    version_as_json,
    version_links,
    versions_newest_first,
)
from flevonorm.yamlio import parse_yaml

from .conftest import DATA, PROJECT, Cli, make_repo


def load_norm(text: str) -> NormFile:
    problems = Problems()
    doc = parse_yaml(text, "norm.yaml", problems)
    assert doc is not None and not problems.items, [str(p) for p in problems]
    return NormFile.model_validate(doc.data)


@pytest.fixture(scope="module")
def norm() -> NormFile:
    return load_norm((DATA / "versions" / "norm.yaml").read_text(encoding="utf-8"))


# --- norm diff ----------------------------------------------------------------------


def test_diff_over_one_version_sorts_every_ambition_as_written_beside_it(norm: NormFile) -> None:
    assert norm_diff(norm, "1.0", "2.0") == NormDiff(
        old="1.0",
        new="2.0",
        added=("1.5",),
        dropped=("1.4",),
        unchanged=("1.1", "2.5"),
        changed=(
            ChangedAmbition("1.2", ("1.2",), text=True, applies_to=False, items=False,
                            renumbered=False),
            ChangedAmbition("1.3", ("1.3",), text=False, applies_to=True, items=False,
                            renumbered=False),
            ChangedAmbition("2.4", ("2.4",), text=False, applies_to=False, items=True,
                            renumbered=False),
            ChangedAmbition("2.9", ("2.6",), text=False, applies_to=False, items=False,
                            renumbered=True),
        ),
        split=(Split("2.1", ("2.1", "2.7")),),
        merged=(Merge("2.2", ("2.2", "2.3")),),
    )  # fmt: skip


def test_diff_json_has_the_shape_of_history_md(norm: NormFile) -> None:
    diff = norm_diff(norm, "1.0", "2.0")
    assert diff is not None
    data = diff.as_json()
    assert list(data) == [
        "old", "new", "added", "dropped", "unchanged", "changed", "split", "merged",
    ]  # fmt: skip
    assert data["changed"][0] == {
        "id": "1.2", "from": ["1.2"], "text": True, "applies_to": False, "items": False,
        "renumbered": False,
    }  # fmt: skip
    assert data["split"] == [{"from": "2.1", "into": ["2.1", "2.7"]}]
    assert data["merged"] == [{"into": "2.2", "from": ["2.2", "2.3"]}]


def test_diff_over_three_versions_compares_the_newest_text_with_the_oldest(
    norm: NormFile,
) -> None:
    # 1.2 changed in 2.0 and changed back in 3.0: against 1.0 it is unchanged. 2.1 was
    # split in 2.0 and merged back in 3.0: composed, 1.0's 2.1 has one continuation.
    assert norm_diff(norm, "1.0", "3.0") == NormDiff(
        old="1.0",
        new="3.0",
        added=("1.5", "3.1"),
        dropped=("1.3", "1.4", "2.4", "2.5"),
        unchanged=("1.1", "1.2", "2.1"),
        changed=(
            ChangedAmbition("2.9", ("2.6",), text=False, applies_to=False, items=False,
                            renumbered=True),
        ),
        split=(),
        merged=(Merge("2.2", ("2.2", "2.3")),),
    )  # fmt: skip


def test_diff_from_the_middle_version(norm: NormFile) -> None:
    diff = norm_diff(norm, "2.0", "3.0")
    assert diff is not None
    assert diff.merged == (Merge("2.1", ("2.1", "2.7")),)
    assert diff.dropped == ("1.3", "2.4", "2.5")
    # 1.1: its text wrapped over two lines in 2.0 and on one in 3.0 is the same text
    assert diff.unchanged == ("1.1", "1.5", "2.2", "2.9")
    assert diff.changed == (
        ChangedAmbition("1.2", ("1.2",), text=True, applies_to=False, items=False,
                        renumbered=False),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new"), [("2.0", "1.0"), ("3.0", "1.0"), ("1.0", "1.0"), ("1.0", "9.9")]
)
def test_no_diff_when_new_does_not_continue_old(norm: NormFile, old: str, new: str) -> None:
    assert norm_diff(norm, old, new) is None
    assert not continues(norm, old, new)


# --- chains and links ---------------------------------------------------------------


def test_chain_lists_the_versions_from_old_to_new(norm: NormFile) -> None:
    versions = chain(norm, "1.0", "3.0")
    assert versions is not None and [v.version for v in versions] == ["1.0", "2.0", "3.0"]
    same = chain(norm, "2.0", "2.0")
    assert same is not None and [v.version for v in same] == ["2.0"]
    assert chain(norm, "3.0", "1.0") is None
    assert continues(norm, "1.0", "3.0") and continues(norm, "2.0", "3.0")


def test_links_compose_over_the_chain_both_ways(norm: NormFile) -> None:
    links = version_links(norm, "1.0", "3.0")
    assert links is not None
    assert links.sources_of("2.2") == ("2.2", "2.3")
    assert links.sources_of("2.1") == ("2.1",)
    assert links.sources_of("2.9") == ("2.6",)
    assert links.sources_of("3.1") == ()
    assert links.continued_by("2.1") == ("2.1",)
    assert links.continued_by("2.3") == ("2.2",)
    assert links.continued_by("1.3") == ()
    split = version_links(norm, "1.0", "2.0")
    assert split is not None and split.continued_by("2.1") == ("2.1", "2.7")


def test_newest_is_the_head_and_default_is_the_newest_adopted(norm: NormFile) -> None:
    assert newest_version(norm).version == "3.0"
    assert default_version(norm).version == "2.0"  # 3.0 is a draft
    assert [v.version for v in versions_newest_first(norm)] == ["3.0", "2.0", "1.0"]


def test_default_is_the_newest_when_none_is_adopted() -> None:
    drafts = load_norm(
        'name: N\nversions:\n'
        '  - {version: "1.0", status: retired, themes: []}\n'
        '  - {version: "2.0", status: draft, supersedes: "1.0", themes: []}\n'
    )  # fmt: skip
    assert default_version(drafts).version == "2.0"


# --- supersedes cycles --------------------------------------------------------------

CYCLE = """\
name: N
versions:
  - {version: "1.0", status: adopted, supersedes: "3.0", themes: []}
  - {version: "2.0", status: adopted, supersedes: "1.0", themes: []}
  - {version: "3.0", status: adopted, supersedes: "2.0", themes: []}
  - {version: "4.0", status: draft, supersedes: "1.0", themes: []}
  - {version: "5.0", status: draft, supersedes: "5.0", themes: []}
"""


def test_a_supersedes_cycle_is_found_at_each_supersedes_in_it() -> None:
    # 4.0 leads into the cycle without being on it; 5.0 superseding itself is the
    # existing "not another version" error, not reported twice.
    cyclic = load_norm(CYCLE)
    assert supersedes_cycles(cyclic) == [0, 1, 2]
    errors = supersedes_cycle_errors(cyclic)
    assert [loc for loc, _ in errors] == [
        ("versions", 0, "supersedes"),
        ("versions", 1, "supersedes"),
        ("versions", 2, "supersedes"),
    ]
    assert errors[0][1] == (
        "supersedes '3.0', which leads back to '1.0' "
        "(1.0 supersedes 3.0 supersedes 2.0 supersedes 1.0); supersedes must never form a cycle"
    )


def test_a_supersedes_cycle_is_reported_in_dutch_with_lang_nl(cli: Cli, tmp_path: Path) -> None:
    # tests/data/invalid/supersedes-cycle: 1.0 supersedes 2.0 (line 5) and 2.0 supersedes
    # 1.0 (line 33); each supersedes: is an error, its chain starting at its own version.
    cycle = (DATA / "invalid" / "supersedes-cycle" / "files" / "norm.yaml").read_text("utf-8")
    root = make_repo(tmp_path, {"norm.yaml": cycle})
    result = cli("validate", "--lang", "nl", "--root", str(root))
    assert result.code == 1
    assert result.out.splitlines()[:2] == [
        "norm.yaml:5:17: error: supersedes noemt '2.0', en die leidt terug naar '1.0' "
        "(1.0 vervangt 2.0 vervangt 1.0); supersedes mag nooit een kringloop vormen",
        "norm.yaml:33:17: error: supersedes noemt '1.0', en die leidt terug naar '2.0' "
        "(2.0 vervangt 1.0 vervangt 2.0); supersedes mag nooit een kringloop vormen",
    ]


def test_walking_a_cycle_ends(norm: NormFile) -> None:
    cyclic = load_norm(CYCLE)
    assert chain(cyclic, "4.0", "2.0") is None
    found = chain(cyclic, "1.0", "4.0")
    assert found is not None and [v.version for v in found] == ["1.0", "4.0"]
    assert newest_version(cyclic).version == "5.0"  # heads: 4.0 and 5.0; the later one
    assert {v.version for v in versions_newest_first(cyclic)} == {"1.0", "2.0", "3.0", "4.0", "5.0"}
    assert supersedes_cycles(norm) == []


# --- like for like ------------------------------------------------------------------


def ids(*values: str) -> frozenset[str]:
    return frozenset(values)


def test_surviving_ambitions_over_two_versions(norm: NormFile) -> None:
    every_1_0_but_1_4 = ids("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6")
    assert surviving_ambitions(norm, "1.0", "2.0", "1.0") == every_1_0_but_1_4
    every_2_0_but_1_5 = ids("1.1", "1.2", "1.3", "2.1", "2.2", "2.4", "2.5", "2.7", "2.9")
    assert surviving_ambitions(norm, "1.0", "2.0", "2.0") == every_2_0_but_1_5


def test_surviving_ambitions_over_three_versions(norm: NormFile) -> None:
    # 1.3, 2.4, 2.5 end in 2.0; 1.4 in 1.0; 1.5 (2.0) and 3.1 (3.0) continue nothing of 1.0
    assert surviving_ambitions(norm, "1.0", "3.0", "1.0") == ids(
        "1.1", "1.2", "2.1", "2.2", "2.3", "2.6"
    )
    assert surviving_ambitions(norm, "1.0", "3.0", "2.0") == ids(
        "1.1", "1.2", "2.1", "2.2", "2.7", "2.9"
    )
    assert surviving_ambitions(norm, "1.0", "3.0", "3.0") == ids("1.1", "1.2", "2.1", "2.2", "2.9")


def test_no_surviving_ambitions_off_the_chain(norm: NormFile) -> None:
    assert surviving_ambitions(norm, "1.0", "2.0", "3.0") is None
    assert surviving_ambitions(norm, "2.0", "1.0", "1.0") is None


# --- norm show ----------------------------------------------------------------------


def test_show_json_fills_in_the_defaults(norm: NormFile) -> None:
    version = norm.version("2.0")
    assert version is not None
    data = version_as_json(version)
    assert {k: data[k] for k in ("version", "status", "supersedes", "adopted_on")} == {
        "version": "2.0", "status": "adopted", "supersedes": "1.0", "adopted_on": None,
    }  # fmt: skip
    ambitions = {a["id"]: a for t in data["themes"] for a in t["ambitions"]}
    assert ambitions["1.5"] == {
        "id": "1.5", "text": "Er zijn dilemmasessies voor raad en college", "short": None,
        "group": None, "applies_to": list(PARTNER_KINDS), "items": None, "from": [],
    }  # fmt: skip
    assert ambitions["1.1"]["short"] == "Een andere korte naam"
    assert ambitions["2.4"]["items"] == [
        {"id": "2.4.A", "text": "Horeca", "applies_to": ["municipality"]},
        {"id": "2.4.B", "text": "Vastgoed", "applies_to": ["province"]},
        {"id": "2.4.C", "text": "Subsidies", "applies_to": ["municipality", "province"]},
    ]
    assert ambitions["2.2"]["from"] == ["2.2", "2.3"]


# --- invariant ----------------------------------------------------------------------


def _generated_norm(old_count: int, links: list[set[int]]) -> NormFile:
    old = [{"id": f"1.{i}", "text": "a"} for i in range(1, old_count + 1)]
    new = [
        {"id": f"1.{n}", "text": "a", "from": [f"1.{i}" for i in sorted(s) if i <= old_count]}
        for n, s in enumerate(links, start=1)
    ]
    return NormFile.model_validate(
        {
            "name": "N",
            "versions": [
                {"version": "1.0", "status": "adopted",
                 "themes": [{"id": "1", "ambitions": old}]},
                {"version": "2.0", "status": "draft", "supersedes": "1.0",
                 "themes": [{"id": "1", "ambitions": new}]},
            ],
        }
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    old_count=st.integers(min_value=1, max_value=6),
    links=st.lists(st.sets(st.integers(min_value=1, max_value=6), max_size=3), max_size=7),
)
def test_every_new_ambition_lands_in_exactly_one_place(
    old_count: int, links: list[set[int]]
) -> None:
    diff = norm_diff(_generated_norm(old_count, links), "1.0", "2.0")
    assert diff is not None
    placed = [
        *diff.added,
        *diff.unchanged,
        *(c.id for c in diff.changed),
        *(i for s in diff.split for i in s.into),
        *(m.into for m in diff.merged),
    ]
    assert sorted(placed) == sorted(f"1.{n}" for n in range(1, len(links) + 1))
    continued = {f"1.{i}" for s in links for i in s if i <= old_count}
    assert set(diff.dropped) == {f"1.{i}" for i in range(1, old_count + 1)} - continued
    assert all(len(m.from_) >= 2 for m in diff.merged)
    continuations = {f"1.{i}": sum(i in s for s in links) for i in range(1, old_count + 1)}
    assert all(continuations[s.from_] >= 2 for s in diff.split)


# --- the bundled norm ---------------------------------------------------------------


def test_bundled_draft_2_0_splits_3_8_and_merges_4_1_with_4_2() -> None:
    bundled = load_norm((PROJECT / "norm.yaml").read_text(encoding="utf-8"))
    diff = norm_diff(bundled, "1.0", "2.0")
    assert diff is not None
    assert diff.split == (Split("3.8", ("3.8", "3.11")),)
    assert diff.merged == (Merge("4.1", ("4.1", "4.2")),)
    assert diff.dropped == ()  # every 1.0 ambition is continued
    assert diff.added == ("1.5", "2.4", "2.5", "3.12", "3.13")
    assert default_version(bundled).version == "1.0"  # 2.0 is a draft
    assert newest_version(bundled).version == "2.0"


def test_bundled_norm_names_every_ambition_shortly() -> None:
    bundled = load_norm(Path(PROJECT / "norm.yaml").read_text(encoding="utf-8"))
    unnamed = [(v.version, a.id) for v in bundled.versions for a in v.ambitions() if not a.short]
    assert unnamed == []
