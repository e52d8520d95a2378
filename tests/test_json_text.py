"""JSON output (score, trend, diff, report, schema): the text json.dumps with an indent
writes, made terminal-safe, whatever the data holds."""

from __future__ import annotations

import enum
import json
import math
import re
import unicodedata
from collections import OrderedDict
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flevonorm.textsafe import _indented_json, json_text

# What json must escape, or what json_text escapes after it, or what json leaves alone
# although it looks like it might not: quotes, backslashes, controls, DEL and C1, the line
# and paragraph separators, bidirectional controls, lone surrogates (an undecodable byte of
# a file name), a byte order mark, a character outside the BMP.
AWKWARD_CHARACTERS = (
    '"\\/\n\r\t\x00\x08\x0c\x1b\x1f\x7f\x85\x9b\u2028\u2029\u202e\ud800\udce9\ufeffé✔😀'
)

texts = st.text(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(AWKWARD_CHARACTERS))
)
integers = st.one_of(st.integers(), st.integers(min_value=-(10**300), max_value=10**300))
floats = st.one_of(
    st.floats(),
    st.sampled_from([-0.0, 0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308, 0.1 + 0.2]),
    st.sampled_from([math.inf, -math.inf, math.nan]),
)
scalars = st.one_of(texts, integers, floats, st.booleans(), st.none())
keys = st.one_of(texts, integers, floats, st.booleans(), st.none())
json_like = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.lists(children, max_size=6).map(tuple),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)


@given(json_like, st.sampled_from([2, 0, 1, 4]))
def test_indented_json_is_what_json_dumps_writes(value: object, indent: int) -> None:
    # NaN is written as the text NaN by both, so the texts compare equal.
    assert _indented_json(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


def _reads_as(text: str) -> str:
    # repr, so that a NaN read back equals a NaN.
    return repr(json.loads(text))


@given(json_like, st.sampled_from([2, None]))
def test_json_text_reads_back_as_the_data_and_is_terminal_safe(
    value: object, indent: int | None
) -> None:
    text = json_text(value, indent=indent)
    assert text.endswith("\n")
    assert _reads_as(text) == _reads_as(json.dumps(value))
    unsafe = {c for c in text if unicodedata.category(c) in {"Cc", "Zl", "Zp", "Cs"} and c != "\n"}
    assert not unsafe
    text.encode("utf-8")  # strict: no lone surrogate left


# --- json_text end to end: the exact text ------------------------------------------------


def test_json_text_of_a_scorecard_row() -> None:
    data = {
        "id": "almere",
        "name": "Gemeente Súdwest-Fryslân",
        "points": 12.5,
        "applicable": 24,
        "score": None,
        "stale": False,
        "counts": {},
        "gained": [],
        "themes": [{"id": "T1", "score": 0.4167}, {"id": "T2", "score": 1.0}],
    }
    assert json_text(data) == (
        "{\n"
        '  "id": "almere",\n'
        '  "name": "Gemeente Súdwest-Fryslân",\n'
        '  "points": 12.5,\n'
        '  "applicable": 24,\n'
        '  "score": null,\n'
        '  "stale": false,\n'
        '  "counts": {},\n'
        '  "gained": [],\n'
        '  "themes": [\n'
        "    {\n"
        '      "id": "T1",\n'
        '      "score": 0.4167\n'
        "    },\n"
        "    {\n"
        '      "id": "T2",\n'
        '      "score": 1.0\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )


def test_json_text_escapes_what_would_act_on_a_terminal() -> None:
    data = {'a "quote"\\': "new\nline \x1b[2J \x85 \u2028 \u202e \udce9 \x7f"}
    assert json_text(data) == (
        "{\n"
        '  "a \\"quote\\"\\\\": '
        '"new\\nline \\u001b[2J \\u0085 \\u2028 \\u202e \\udce9 \\u007f"\n'
        "}\n"
    )


def test_json_text_of_numbers_json_has_no_literal_for() -> None:
    data = (math.inf, -math.inf, math.nan, -0.0, 1e16, 10**20, True, None)
    assert json_text(data) == (
        "[\n"
        "  Infinity,\n"
        "  -Infinity,\n"
        "  NaN,\n"
        "  -0.0,\n"
        "  1e+16,\n"
        "  100000000000000000000,\n"
        "  true,\n"
        "  null\n"
        "]\n"
    )


def test_json_text_writes_keys_that_are_not_text_as_text() -> None:
    data = {2: "a", 2.5: "b", False: "c", None: "d", math.inf: "e"}
    assert json_text(data, indent=1) == (
        '{\n "2": "a",\n "2.5": "b",\n "false": "c",\n "null": "d",\n "Infinity": "e"\n}\n'
    )


def test_json_text_without_indent_is_one_line() -> None:
    data = {"round": "r1", "missing": ["a", "b"], "overall": {"score": 0.5}}
    assert json_text(data, indent=None) == (
        '{"round": "r1", "missing": ["a", "b"], "overall": {"score": 0.5}}\n'
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("x", '"x"\n'),
        (3, "3\n"),
        ([], "[]\n"),
        ({}, "{}\n"),
        ([[]], "[\n  []\n]\n"),
        ({"a": [{}]}, '{\n  "a": [\n    {}\n  ]\n}\n'),
    ],
)
def test_json_text_of_small_values(value: object, text: str) -> None:
    assert json_text(value) == text


# --- what json writes its own way, or refuses ---------------------------------------------


class Colour(enum.StrEnum):
    RED = "rood"


class Size(enum.IntEnum):
    LARGE = 3


class Ratio(float):
    pass


class Names(list[str]):
    pass


class AlwaysTrue(dict[str, int]):
    """A dict that says it has items but gives none."""

    def __bool__(self) -> bool:
        return True

    def __len__(self) -> int:
        return 1


@pytest.mark.parametrize(
    "value",
    [
        {Colour.RED: Colour.RED, "size": Size.LARGE, "ratio": Ratio(0.5)},
        [Colour.RED, Size.LARGE, Ratio(math.nan), Ratio(-math.inf)],
        {Size.LARGE: "drie", Ratio(0.5): "half"},
        OrderedDict([("b", 1), ("a", Names(["x", "y"]))]),
        Names(),
    ],
    ids=["in-a-dict", "in-a-list", "as-keys", "ordered-dict", "empty-list"],
)
def test_subclasses_are_written_as_json_writes_them(value: object) -> None:
    # An enum member as its value, not as `Colour.RED`; an IntEnum as its number.
    assert _indented_json(value, 2) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_dict_that_is_true_without_items_is_left_to_json() -> None:
    value = {"odd": AlwaysTrue()}
    assert json_text(value) == '{\n  "odd": {\n    \n  }\n}\n'


def _circular() -> list[Any]:
    items: list[Any] = []
    items.append(items)
    return items


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ({"score": Fraction(1, 2)}, TypeError, "Object of type Fraction is not JSON serializable"),
        ([object()], TypeError, "Object of type object is not JSON serializable"),
        ({(1, 2): "x"}, TypeError, "keys must be str, int, float, bool or None, not tuple"),
        (_circular(), ValueError, "Circular reference detected"),
        ([10**5000], ValueError, "Exceeds the limit (4300 digits) for integer string conversion"),
        (_nested(5000), RecursionError, "maximum recursion depth exceeded"),
    ],
    ids=["fraction", "object", "tuple-key", "circular", "huge-int", "too-deep"],
)
def test_what_json_refuses_json_text_refuses_alike(
    value: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(error, match=re.escape(message)):
        json_text(value)


def test_deep_nesting_that_json_writes_is_written_the_same() -> None:
    value = _nested(300)
    assert json_text(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
