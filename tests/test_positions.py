"""Positions are found only when a problem needs one: by following the location down the
parsed text, or, once every position was asked for, from the full table. Both must give the
same line and column, or a problem would move depending on what was asked before it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flevonorm.problems import Problems
from flevonorm.yamlio import Document, Loc, parse_yaml

from .conftest import DATA, PROJECT

FILES = sorted(
    [*DATA.rglob("*.yaml"), *(PROJECT / "rounds").rglob("*.yaml"), PROJECT / "norm.yaml"]
)


def _parsed(path: Path) -> tuple[Document, Document] | None:
    text = path.read_text(encoding="utf-8", errors="replace")
    walked = parse_yaml(text, "f.yaml", Problems())
    tabled = parse_yaml(text, "f.yaml", Problems())
    if walked is None or tabled is None:
        return None
    return walked, tabled


def _locations(doc: Document) -> list[Loc]:
    """Every location in the file, and beside each a few that are not in it."""
    known = set(doc.positions) | set(doc.key_positions)
    found: list[Loc] = []
    for loc in sorted(known, key=repr):
        found += [loc, (*loc, "absent"), (*loc, 0), (*loc, 99), (*loc[:-1], "other")]
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_the_walk_and_the_table_agree_on_every_location(path: Path) -> None:
    pair = _parsed(path)
    if pair is None:
        pytest.skip("not a readable file (an invalid case)")
    walked, tabled = pair
    locations = _locations(tabled)
    assert locations
    for loc in locations:
        for key in (False, True):
            assert walked._walk(loc, key=key) == tabled.position(loc, key=key), (loc, key)


def test_a_duplicate_key_is_placed_at_its_first_occurrence() -> None:
    text = "a:\n  b: 1\n  b: 2\nc: 3\n"
    problems = Problems()
    doc = parse_yaml(text, "f.yaml", problems)
    assert doc is not None
    assert [str(p) for p in problems] == [
        "f.yaml:3:3: error: duplicate key 'b' at lines 2 and 3; keep one of them "
        "(YAML would silently use the last)"
    ]
    assert doc.position(("a", "b"), key=True) == (2, 3)
    assert doc.position(("a", "b")) == (2, 6)
    assert doc.position(("c",)) == (4, 4)


def test_a_list_item_and_a_missing_child_fall_back_to_their_parent() -> None:
    doc = parse_yaml("items:\n  - x\n  - y: 1\n", "f.yaml", Problems())
    assert doc is not None
    assert doc.position(("items", 1, "y")) == (3, 8)
    assert doc.position(("items", 1, "z")) == (3, 5)
    assert doc.position(("items", 5)) == (2, 3)
    assert doc.position(("items", "1")) == (2, 3)  # a text is not a list index
    assert doc.position(("items",), key=True) == (1, 1)


@given(
    keys=st.lists(st.sampled_from(["a", "b", "c", "1.1", "1.10"]), min_size=1, max_size=6),
    probe=st.lists(st.one_of(st.sampled_from(["a", "b", "c", "1.1", "x"]), st.integers(0, 3))),
    key=st.booleans(),
)
def test_any_location_in_nested_mappings_and_lists(
    keys: list[str], probe: list[str | int], key: bool
) -> None:
    lines = []
    for depth, name in enumerate(keys):
        lines.append("  " * depth + f"{name!r}:")
    lines.append("  " * len(keys) + "- one")
    lines.append("  " * len(keys) + "- {k: two}")
    text = "\n".join(lines) + "\n"
    walked = parse_yaml(text, "f.yaml", Problems())
    tabled = parse_yaml(text, "f.yaml", Problems())
    assert walked is not None and tabled is not None
    assert tabled.positions  # builds the table
    loc = tuple(probe)
    assert walked.position(loc, key=key) == tabled.position(loc, key=key)
