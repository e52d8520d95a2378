"""The one YAML reader: ids stay text, and every hazard is a located problem."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flevonorm.problems import Problems
from flevonorm.yamlio import parse_yaml, read_yaml, read_yaml_bytes


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
    # Its speed is measured in bench/bench/bench.py; here: refused, at the first alias.
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


# -- hand-editing mistakes, explained at the line that is wrong --------------------------

ASSESSMENT_HEAD = 'partner: gem-a\nambitions:\n  "1.1":\n    status: behaald\n    note: klaar\n'


def test_colon_in_a_value_says_to_quote_the_text() -> None:
    text = ASSESSMENT_HEAD + '  "1.2":\n    status: nvt\n    note: Let op: geen gegevens\n'
    assert parse(text) == (
        None,
        [
            'f.yaml:8:11: error: the value contains ": ", which YAML reads as the start of a '
            'new key; put the text in quotes: note: "Let op: geen gegevens"'
        ],
    )


def test_colon_in_a_value_shows_the_other_quote_when_the_text_holds_double_quotes() -> None:
    _, problems = parse('note: Let op: "geen" gegevens\n')
    assert problems == [
        'f.yaml:1:7: error: the value contains ": ", which YAML reads as the start of a '
        "new key; put the text in quotes: note: 'Let op: \"geen\" gegevens'"
    ]


def test_colon_on_a_later_line_of_a_value_points_at_where_the_value_starts() -> None:
    text = ASSESSMENT_HEAD + (
        '  "1.2":\n    status: nvt\n    note: Dit is een\n      lange tekst: met een punt\n'
    )
    _, problems = parse(text)
    assert problems == [
        'f.yaml:8:11: error: the value contains ": " (on line 9), which YAML reads as the '
        'start of a new key; put the whole text in quotes: note: "Dit is een …"'
    ]


def test_key_without_a_space_after_its_colon() -> None:
    _, problems = parse(ASSESSMENT_HEAD + '  "1.2":\n    status:deels\n    note: bezig\n')
    assert problems == ["f.yaml:7:5: error: a key needs a space after its ':'; write status: deels"]


def test_tab_used_for_indentation_is_named_at_the_tab() -> None:
    _, at_line_start = parse('partner: gem-a\nambitions:\n\t"1.1": behaald\n')
    _, after_spaces = parse(ASSESSMENT_HEAD + '  "1.2":\n    status: deels\n  \tnote: bezig\n')
    assert at_line_start == ["f.yaml:3:1: error: a tab is used for indentation; indent with spaces"]
    assert after_spaces == ["f.yaml:8:3: error: a tab is used for indentation; indent with spaces"]


def test_unclosed_quote_points_where_it_opens_not_at_the_end_of_the_file() -> None:
    text = ASSESSMENT_HEAD + '  "1.2":\n    status: nvt\n    note: "geen gegevens\n\n# einde\n'
    _, problems = parse(text)
    assert problems == [
        'f.yaml:8:11: error: the quote " that opens here is never closed; add the closing "'
    ]


def test_unclosed_quote_closed_by_the_next_lines_quote_points_where_it_opens() -> None:
    text = ASSESSMENT_HEAD + '  "1.2: deels\n  "2.1": behaald\n'
    _, problems = parse(text)
    assert problems == [
        'f.yaml:6:3: error: the quote " that opens here is never closed on its line, so YAML '
        'reads on to the " on line 7; add the closing "'
    ]


def test_apostrophe_opening_a_value_is_explained() -> None:
    _, problems = parse("note: 's avonds overleg\nstatus: behaald\n")
    assert problems == [
        "f.yaml:1:7: error: the quote ' that opens here is never closed; add the closing ' "
        "(a text that starts with an apostrophe, like 's avonds, needs double quotes)"
    ]


def test_key_indented_one_space_more_than_its_siblings_is_named_on_its_own_line() -> None:
    _, problems = parse(ASSESSMENT_HEAD + '  "1.2":\n    status: deels\n     note: bezig\n')
    assert problems == [
        "f.yaml:8:6: error: the indentation of 'note' (5 spaces) does not match the keys "
        "around it; line it up with the keys at its level"
    ]


def test_key_indented_one_space_less_than_its_siblings_is_named_on_its_own_line() -> None:
    text = ASSESSMENT_HEAD + '  "1.2":\n    note: bezig\n   status: deels\n  "2.1": behaald\n'
    _, problems = parse(text)
    assert problems == [
        "f.yaml:8:4: error: the indentation of 'status' (3 spaces) does not match the keys "
        "around it; line it up with the keys at its level"
    ]


def test_misindented_first_key_is_blamed_not_the_correct_key_after_it() -> None:
    # PyYAML stops at `note` (line 8); the key that is off is `status` above it.
    text = ASSESSMENT_HEAD + '  "1.2":\n     status: deels\n    note: bezig\n'
    _, problems = parse(text)
    assert problems == [
        "f.yaml:7:6: error: the indentation of 'status' (5 spaces) does not match the keys "
        "around it; line it up with the keys at its level"
    ]


def test_value_starting_with_a_yaml_sign_says_to_quote_it() -> None:
    _, star = parse("note: * zie bijlage\n")
    _, bracket = parse("title: [concept] Ronde 2024\n")
    _, at_sign = parse("contact: @gemeente\n")
    assert star == [
        "f.yaml:1:7: error: a value cannot start with * (YAML reads it as an alias); "
        "put the text in quotes"
    ]
    assert bracket == [
        "f.yaml:1:8: error: the value starts with [, so YAML reads it as a list and cannot "
        "read the text after it; put the whole text in quotes"
    ]
    assert at_sign == ["f.yaml:1:10: error: a value cannot start with @; put the text in quotes"]


def test_value_starting_with_a_block_sign_says_to_quote_it() -> None:
    _, problems = parse("note: > 50% van de boa's\n")
    assert problems == [
        "f.yaml:1:7: error: a value cannot start with > followed by text (YAML reads it as the "
        "start of a text block on the lines below); put the text in quotes"
    ]


def test_quoted_key_without_its_colon() -> None:
    _, problems = parse('partner: gem-a\nambitions:\n  "1.1" behaald\n  "1.2": deels\n')
    assert problems == [
        'f.yaml:3:8: error: a \':\' is missing after the key "1.1"; write "1.1": behaald'
    ]


def test_backslash_in_double_quotes_is_explained() -> None:
    _, problems = parse('evidence: "K:\\Beleid\\plan.pdf"\n')
    assert problems == [
        "f.yaml:1:14: error: \\B is not a valid escape in double quotes; write a backslash "
        "as \\\\, or put the text in single quotes"
    ]


def test_unclosed_list_points_at_its_bracket() -> None:
    _, problems = parse('partner: gem-a\nambitions:\n  "1.1": [achieved\n  "1.2": partial\n')
    assert problems == [
        "f.yaml:3:10: error: the list that opens with [ here is never closed; add the closing ]"
    ]


def test_unrecognised_yaml_error_keeps_pyyaml_words_on_one_line() -> None:
    _, problems = parse("%FOO bar\n---\na: 1\n")
    assert problems == [
        "f.yaml:1:5: error: not valid YAML: while scanning a directive found unknown directive name"
    ]


# -- characters YAML forbids, size, and data inside messages -----------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nnote: x\x00y\n",
            "f.yaml:2:8: error: the control character \\x00 is not allowed in a YAML file; "
            "remove it",
        ),
        (
            "note: regel\x0bregel\n",
            "f.yaml:1:12: error: the control character \\x0b is not allowed in a YAML file; "
            "remove it",
        ),
        (
            "note: \x7f\n",
            "f.yaml:1:7: error: the control character \\x7f is not allowed in a YAML file; "
            "remove it",
        ),
        (
            "note: caf\x9b\n",
            "f.yaml:1:10: error: the control character \\x9b is not allowed in a YAML file; "
            "remove it",
        ),
        (
            "note: \ufffe\n",
            "f.yaml:1:7: error: the Unicode non-character \\ufffe is not allowed in a YAML "
            "file; remove it",
        ),
        (
            "note: x\U0010ffff\n",
            "f.yaml:1:8: error: the Unicode non-character \\U0010ffff is not allowed in a "
            "YAML file; remove it",
        ),
        (
            "a: 1\r\n\ufeffb: 2\r\n",
            "f.yaml:2:1: error: a byte order mark (\\ufeff) may only open the file; remove it here",
        ),
        (
            "a: 1\nnote: een\u2028twee\nb: 2\n",
            "f.yaml:2:10: error: the invisible line break \\u2028 is not allowed in a YAML file; "
            "replace it with a space or a real line break",
        ),
        (
            "note: x\x85y\n",
            "f.yaml:1:8: error: the invisible line break \\x85 is not allowed in a YAML file; "
            "replace it with a space or a real line break",
        ),
    ],
)
def test_character_yaml_forbids_is_named_escaped_at_its_own_place(text: str, expected: str) -> None:
    assert parse(text) == (None, [expected])


def test_ordinary_characters_beyond_the_basic_plane_are_read() -> None:
    assert parse("a: 😀 \U00020000\n") == ({"a": "😀 \U00020000"}, [])


def test_forbidden_characters_give_one_problem_a_line_and_stop_after_ten_lines() -> None:
    data, problems = parse("a: \x01\x02\n" * 12)
    assert data is None
    assert problems == [
        *(
            f"f.yaml:{line}:4: error: the control character \\x01 is not allowed in a YAML "
            "file; remove it"
            for line in range(1, 11)
        ),
        "f.yaml:11:4: error: more characters YAML does not allow from here on (the first is "
        "\\x01); is this a text file?",
    ]


def test_utf16_file_is_recognised_by_its_nul_bytes() -> None:
    problems = Problems()
    read_yaml_bytes("a: 1\n".encode("utf-16-le"), "f.yaml", problems)
    # "a\0:\0 \01\0\n\0": a NUL after each character, the last one opening line 2.
    assert [str(p) for p in problems] == [
        "f.yaml:1:2: error: the control character \\x00 is not allowed in a YAML file; "
        "remove it (the file looks saved as UTF-16; save it as UTF-8)",
        "f.yaml:2:1: error: the control character \\x00 is not allowed in a YAML file; remove it",
    ]


def test_file_over_five_megabytes_is_refused_before_it_is_parsed() -> None:
    problems = Problems()
    # Not YAML at all: were it decoded or parsed, the problem would say so.
    raw = b"\xff" + b"[" * (5 * 1024 * 1024)
    assert read_yaml_bytes(raw, "f.yaml", problems) is None
    assert [str(p) for p in problems] == [
        "f.yaml:1:1: error: the file is 5,242,881 bytes, larger than the limit of 5 MB "
        "(5,242,880 bytes); it is not read"
    ]


def test_file_of_exactly_five_megabytes_is_read() -> None:
    raw = b"a: " + b"x" * (5 * 1024 * 1024 - 4) + b"\n"
    problems = Problems()
    doc = read_yaml_bytes(raw, "f.yaml", problems)
    assert problems.items == []
    assert doc is not None and len(doc.data["a"]) == 5 * 1024 * 1024 - 4


def test_huge_file_on_disk_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(64 * 1024 * 1024)  # sparse: costs no disk space
    problems = Problems()
    tracemalloc.start()
    try:
        doc = read_yaml(path, "huge.yaml", problems)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc is None
    assert [str(p) for p in problems] == [
        "huge.yaml:1:1: error: the file is 67,108,864 bytes, larger than the limit of 5 MB "
        "(5,242,880 bytes); it is not read"
    ]
    assert peak < 8 * 1024 * 1024


def test_data_inside_a_message_is_escaped_onto_one_line() -> None:
    # `%0A` in a tag is decoded by YAML into a line break.
    _, tag = parse("a: !x%0Aerror:%1B%5B31m 1\n")
    _, duplicate = parse('"a\\u00a0b": 1\n"a\\u00a0b": 2\n')
    assert tag == [
        "f.yaml:1:4: error: the tag '!x\\nerror:\\x1b[31m' is not allowed; only plain values, "
        "lists and mappings (and the tags !!str, !!map, !!seq) may appear; put a text that "
        "starts with ! in quotes"
    ]
    assert duplicate == [
        "f.yaml:2:1: error: duplicate key 'a\\xa0b' at lines 1 and 2; keep one of them "
        "(YAML would silently use the last)"
    ]


yamlish = st.text(alphabet=st.sampled_from(list(" \t\n\r:-'\"[]{},#&*!|>%@`?\\ab1é\x00\x85\u2028")))


@settings(max_examples=300, deadline=None)
@given(st.one_of(yamlish, st.text(), st.text(alphabet=st.characters(codec=None))))
def test_any_text_gives_located_one_line_problems_and_never_raises(text: str) -> None:
    problems = Problems()
    doc = parse_yaml(text, "f.yaml", problems)
    lines_in_text = len(re.split(r"\r\n|\r|\n", text))
    assert doc is not None or any(p.is_error for p in problems)
    for problem in problems:
        assert str(problem).isprintable(), str(problem)
        assert 1 <= problem.line <= lines_in_text
        assert problem.col >= 1
