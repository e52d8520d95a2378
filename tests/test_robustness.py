"""No input, however mangled, makes flevonorm raise: bad data is a located problem."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flevonorm.commands.validate import validate
from flevonorm.problems import Problems
from flevonorm.yamlio import parse_yaml

from .conftest import DATA

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=8), st.sampled_from(["achieved", "nvt", "1.10", "yes", "2022-13-45"]),
)  # fmt: skip
keys = st.one_of(
    st.sampled_from(["partner", "ambitions", "status", "note", "items", "evidence", "1.1",
                     "2.1", "2.1.1", "2.1.2.A", "2.10", "next_step", "assessed_on"]),
    st.text(max_size=6),
)  # fmt: skip
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=20,
)


def check_repository_with(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        shutil.copytree(DATA / "base", root)
        (root / "rounds" / "r1" / "gem-a.yaml").write_text(text, encoding="utf-8")
        for problem in validate(root, None, strict=False).problems:
            assert problem.line >= 1 and problem.col >= 1
            assert problem.path.startswith(("rounds/", "norm.yaml", "partners.yaml"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_yaml_structure_is_checked_without_raising(document: object) -> None:
    check_repository_with(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_any_text_is_parsed_without_raising(text: str) -> None:
    problems = Problems()
    parse_yaml(text, "f.yaml", problems)
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1
