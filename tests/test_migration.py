"""Carrying a partner's answers into a new version, on tests/data/versions/norm.yaml.

The links used (written beside each ambition in that file): 2.0's 2.1 and 2.7 both
continue 1.0's 2.1 (municipal only; 2.7 also applies to the province); 2.0's 2.2
continues 2.2 and 2.3; 2.4's items for a municipality are 2.4.A, 2.4.B in 1.0 and 2.4.A,
2.4.C in 2.0, for the province 2.4.B in 1.0 and 2.4.B, 2.4.C in 2.0; 2.5 keeps its items
2.5.1 and 2.5.2; 2.9 continues 2.6; 1.5 continues nothing; 1.3 also applies to the water
board in 2.0. Every expected entry below is worked out by hand from those rules.
"""

from __future__ import annotations

import pytest

from flevonorm.migration import CarriedEntry, carry_forward
from flevonorm.models import Assessment, Entry, NormFile, Status
from flevonorm.problems import Problems
from flevonorm.yamlio import parse_yaml

from .conftest import DATA


def load(text: str) -> Assessment:
    problems = Problems()
    doc = parse_yaml(text, "a.yaml", problems)
    assert doc is not None and not problems.items
    return Assessment.model_validate(doc.data)


@pytest.fixture(scope="module")
def norm() -> NormFile:
    problems = Problems()
    text = (DATA / "versions" / "norm.yaml").read_text(encoding="utf-8")
    doc = parse_yaml(text, "norm.yaml", problems)
    assert doc is not None
    return NormFile.model_validate(doc.data)


GEM_A = load(
    """\
partner: gem-a
ambitions:
  "1.1": achieved
  "1.2":
    status: partial
    note: Deels
  "1.3":
    status: not_applicable
    note: Het meldpunt is regionaal belegd
  "2.1":
    status: achieved
    note: APV en Bibob vastgesteld
    evidence: [Raadsbesluit]
  "2.2":
    status: achieved
    note: Lijst vastgesteld
    evidence: [Lijst kwetsbare functies]
  "2.3":
    status: partial
    note: VOG alleen bij aanvang
    evidence: [Personeelsbeleid]
    next_step: Herhaling elke twee jaar invoeren
  "2.4":
    items: {"2.4.A": true, "2.4.B": false}
    next_step: Vastgoed opnemen
  "2.5":
    items: {"2.5.1": true, "2.5.2": false}
    note: Vechtsport volgt
"""
)  # 1.4 and 2.6 left out


def carried(norm: NormFile, kind: str, assessment: Assessment | None, old: str = "1.0",
            new: str = "2.0") -> dict[str, CarriedEntry]:  # fmt: skip
    result = carry_forward(norm, old, new, kind, assessment)
    assert result is not None
    return result


def test_a_municipality_carried_from_1_0_to_2_0(norm: NormFile) -> None:
    result = carried(norm, "municipality", GEM_A)
    assert list(result) == ["1.1", "1.2", "1.3", "1.5", "2.1", "2.2", "2.4", "2.5", "2.7", "2.9"]
    entries = {ambition_id: c.entry for ambition_id, c in result.items()}
    assert entries["1.1"] == Entry(status=Status.ACHIEVED)
    assert entries["1.2"] == Entry(status=Status.PARTIAL, note="Deels")
    assert entries["1.3"] == Entry(
        status=Status.NOT_APPLICABLE, note="Het meldpunt is regionaal belegd"
    )
    assert entries["1.5"] is None  # added by 2.0: the plain form
    # split: both parts get the one source's entry
    split_entry = Entry(
        status=Status.ACHIEVED, note="APV en Bibob vastgesteld", evidence=["Raadsbesluit"]
    )
    assert entries["2.1"] == split_entry and entries["2.7"] == split_entry
    # items of 2.4 differ for a municipality ({A, B} → {A, C}): the status as scored
    # (1 of 2 → partial), no items, the next step kept
    assert entries["2.4"] == Entry(status=Status.PARTIAL, next_step="Vastgoed opnemen")
    # items of 2.5 are the same ids: the entry with its items
    assert entries["2.5"] == Entry(items={"2.5.1": True, "2.5.2": False}, note="Vechtsport volgt")
    assert entries["2.9"] is None  # its one source, 2.6, was left out


def test_a_merge_takes_the_lowest_status_and_joins_the_texts(norm: NormFile) -> None:
    merged = carried(norm, "municipality", GEM_A)["2.2"]
    assert merged.entry == Entry(
        status=Status.PARTIAL,
        note="2.2: Lijst vastgesteld\n2.3: VOG alleen bij aanvang",
        evidence=["Lijst kwetsbare functies", "Personeelsbeleid"],
        next_step="2.3: Herhaling elke twee jaar invoeren",
    )
    assert merged.source_ids == ("2.2", "2.3")
    assert merged.needs_origin_comment


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(
            '"2.2": {status: not_applicable, note: Geen lijst}\n'
            '  "2.3": {status: not_achieved, note: Geen VOG}\n',
            Entry(status=Status.NOT_ACHIEVED, note="2.3: Geen VOG"),
            id="not_applicable ignored beside another status, its note too",
        ),
        pytest.param(
            '"2.2": {status: not_applicable, note: Geen lijst}\n'
            '  "2.3": {status: nvt, note: Geen VOG-plicht}\n',
            Entry(status=Status.NOT_APPLICABLE, note="2.2: Geen lijst\n2.3: Geen VOG-plicht"),
            id="all not_applicable",
        ),
        pytest.param(
            '"2.2": {status: achieved, note: Lijst vastgesteld}\n',
            Entry(status=Status.NOT_ASSESSED, note="2.2: Lijst vastgesteld"),
            id="a source left out counts as not_assessed",
        ),
        pytest.param(
            '"2.2": {status: not_applicable, note: Geen lijst}\n',
            None,
            id="not_applicable beside a source left out: nothing left to carry",
        ),
        pytest.param(
            '"2.2": {status: achieved}\n  "2.3": {status: achieved, evidence: VOG-beleid}\n',
            Entry(status=Status.ACHIEVED, evidence=["VOG-beleid"]),
            id="both achieved",
        ),
    ],
)
def test_merge_rules(norm: NormFile, entries: str, expected: Entry | None) -> None:
    assessment = load(f"partner: gem-b\nambitions:\n  {entries}")
    assert carried(norm, "municipality", assessment)["2.2"].entry == expected


def test_a_province_is_carried_only_from_what_applied_to_it(norm: NormFile) -> None:
    province = load(
        """\
partner: prov
ambitions:
  "1.1": not_achieved
  "2.4":
    items: {"2.4.B": true}
"""
    )
    result = carried(norm, "province", province)
    assert list(result) == ["1.1", "1.3", "1.5", "2.2", "2.4", "2.7", "2.9"]
    assert result["1.1"].entry == Entry(status=Status.NOT_ACHIEVED)
    assert result["1.3"].entry is None  # left out
    # items for the province: {B} in 1.0, {B, C} in 2.0 → status as scored (1 of 1)
    assert result["2.4"].entry == Entry(status=Status.ACHIEVED)
    # 2.7's only source, 1.0's 2.1, did not apply to the province: it continues nothing
    # the province answered
    assert result["2.7"] == CarriedEntry("2.7", "2.0", None, "1.0", ())


def test_a_new_kind_gets_the_plain_form_everywhere(norm: NormFile) -> None:
    result = carried(norm, "water_board", None)
    assert list(result) == ["1.1", "1.3", "1.5", "2.2", "2.9"]
    assert all(c.entry is None for c in result.values())
    assert result["1.3"].source_ids == ()  # 1.3 applied to no water board under 1.0


def test_same_version_carries_by_id(norm: NormFile) -> None:
    result = carried(norm, "municipality", GEM_A, "1.0", "1.0")
    assert result["2.4"].entry == Entry(
        items={"2.4.A": True, "2.4.B": False}, next_step="Vastgoed opnemen"
    )
    assert result["1.4"].entry is None
    assert not result["2.4"].needs_origin_comment
    assert result["2.4"].source_ids == ("2.4",)


def test_carried_over_three_versions_follows_the_composed_links(norm: NormFile) -> None:
    result = carried(norm, "municipality", GEM_A, "1.0", "3.0")
    assert list(result) == ["1.1", "1.2", "1.5", "2.1", "2.2", "2.9", "3.1"]
    # 3.0's 2.1 continues 2.0's 2.1 and 2.7, both of which continue 1.0's 2.1 alone
    assert result["2.1"].entry == Entry(
        status=Status.ACHIEVED, note="APV en Bibob vastgesteld", evidence=["Raadsbesluit"]
    )
    assert result["2.1"].source_ids == ("2.1",)
    assert result["2.1"].needs_origin_comment  # same id, other version
    assert result["2.2"].source_ids == ("2.2", "2.3")
    assert result["2.2"].entry is not None and result["2.2"].entry.status is Status.PARTIAL


def test_nothing_is_carried_backwards(norm: NormFile) -> None:
    assert carry_forward(norm, "2.0", "1.0", "municipality", GEM_A) is None


def test_origin_comment_only_where_the_id_or_version_differs(norm: NormFile) -> None:
    result = carried(norm, "municipality", GEM_A)
    assert result["2.7"].needs_origin_comment  # from 1.0 2.1
    assert result["1.1"].needs_origin_comment  # same id, from 1.0
    assert not result["1.5"].needs_origin_comment  # plain form: nothing carried
