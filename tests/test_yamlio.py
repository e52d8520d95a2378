"""The one YAML reader: ids stay text, and every hazard is a located problem."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from flevonorm.problems import Problems
from flevonorm.yamlio import parse_yaml, read_yaml


def parse(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    doc = parse_yaml(text, "f.yaml", problems)
    return (doc.data if doc else None), [str(p) for p in problems]


def test_ids_stay_literal_text() -> None:
    data, problems = parse("3.10: a\n3.1: b\n1.10: c\nno: d\n010: e\n1:30: f\nv: 2.0\n")
    assert problems == []
    assert data == {
        "3.10": "a",
        "3.1": "b",
        "1.10": "c",
        "no": "d",
        "010": "e",
        "1:30": "f",
        "v": "2.0",
    }


def test_yaml_11_values_are_text_and_empty_is_none() -> None:
    data, _ = parse("a: yes\nb: on\nc: 1e3\nd:\ne: ~\nf: 'null'\n")
    assert data == {"a": "yes", "b": "on", "c": "1e3", "d": None, "e": None, "f": "null"}


def test_bom_and_crlf_are_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: caf\xc3\xa9\r\nb: 2\r\n")
    problems = Problems()
    doc = read_yaml(path, "f.yaml", problems)
    assert problems.items == []
    assert doc is not None and doc.data == {"a": "café", "b": "2"}
    assert doc.position(("b",)) == (2, 4)


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    # Its speed is measured in bench/bench_load.py; here: refused, at the first alias.
    data, problems = parse("\n".join(lines) + "\n")
    assert data is None
    assert problems == [
        "f.yaml:2:8: error: anchors and aliases (&name, *name, <<:) are not allowed in "
        "flevonorm files; write the value out in full"
    ]


def test_deep_nesting_is_refused() -> None:
    data, problems = parse("a: " + "[" * 200 + "]" * 200 + "\n")
    assert data is None
    assert len(problems) == 1 and "nested more than 50 levels deep" in problems[0]


id_segment = st.from_regex(r"[0-9A-Za-z]{1,3}", fullmatch=True)
dotted_id = st.builds(
    lambda first, rest: ".".join([first, *rest]),
    st.from_regex(r"[0-9]{1,4}", fullmatch=True),
    st.lists(id_segment, max_size=4),
)


@given(st.lists(dotted_id, min_size=1, max_size=8, unique=True))
def test_unquoted_id_keys_read_back_as_the_same_text(ids: list[str]) -> None:
    text = "".join(f"{key}: x\n" for key in ids)
    data, problems = parse(text)
    assert problems == []
    assert isinstance(data, dict) and list(data) == ids
