"""Invariants of scoring, over random self-assessments against the bundled norm 1.0."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flevonorm.models import Assessment, NormVersion, RoundFile, Status
from flevonorm.repository import Repository
from flevonorm.scoring import Scorecard, score_round
from flevonorm.sources import WorkTree

from .conftest import PROJECT

REPO = Repository(WorkTree(PROJECT))
assert REPO.norm is not None and REPO.partners is not None
_VERSION_1_0 = REPO.norm.version("1.0")
assert _VERSION_1_0 is not None
VERSION: NormVersion = _VERSION_1_0
PARTNERS = [p for p in REPO.partners.partners if p.joined is None]  # the 1.0 signatories
META = RoundFile.model_validate(
    {"id": "r", "kind": "monitoring", "norm": "1.0", "date": "2022-11-15"}
)
STATUSES = [s.value for s in Status]


@st.composite
def entries(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Random files: each partner lists a random subset of its ambitions, by status
    or (where the ambition has items) by items."""
    files: dict[str, dict[str, Any]] = {}
    for partner in PARTNERS:
        if draw(st.booleans()) and partner.kind == "municipality" and draw(st.booleans()):
            continue  # sometimes a file is missing
        ambitions: dict[str, Any] = {}
        for ambition in VERSION.ambitions():
            if not ambition.applies(partner.kind) or not draw(st.booleans()):
                continue
            applicable_items = ambition.items_for(partner.kind)
            by_items: bool = draw(st.booleans())
            if applicable_items and by_items:
                ambitions[ambition.id] = {
                    "items": {i.id: draw(st.booleans()) for i in applicable_items}
                }
            else:
                status = draw(st.sampled_from(STATUSES))
                ambitions[ambition.id] = {"status": status, "note": "reden"}
        files[partner.id] = {"partner": partner.id, "ambitions": ambitions}
    return files


def score(files: dict[str, dict[str, Any]], weight: Fraction) -> Scorecard:
    assessments = {pid: Assessment.model_validate(data) for pid, data in files.items()}
    return score_round("r", META, VERSION, PARTNERS, assessments, weight)


weights = st.fractions(min_value=0, max_value=1, max_denominator=20)


def all_scores(card: Scorecard) -> list[Fraction | None]:
    scores = [card.overall.score] + [t.tally.score for t in card.themes]
    for p in card.partners:
        scores.append(p.tally.score)
        scores.extend(t.tally.score for t in p.themes)
    return scores


@settings(max_examples=60, deadline=None)
@given(entries(), weights)
def test_every_score_lies_between_0_and_1(files: dict[str, Any], weight: Fraction) -> None:
    for value in all_scores(score(files, weight)):
        assert value is None or 0 <= value <= 1


@settings(max_examples=60, deadline=None)
@given(entries(), weights)
def test_overall_is_total_points_over_total_applicable(
    files: dict[str, Any], weight: Fraction
) -> None:
    card = score(files, weight)
    points = sum((p.tally.points for p in card.partners), Fraction(0))
    applicable = sum(p.tally.applicable for p in card.partners)
    assert card.overall.points == points and card.overall.applicable == applicable
    if applicable:
        assert card.overall.score == points / applicable
    assert card.overall.applicable == sum(t.tally.applicable for t in card.themes)


@settings(max_examples=60, deadline=None)
@given(entries(), weights, st.data())
def test_achieving_an_ambition_never_lowers_any_score(
    files: dict[str, Any], weight: Fraction, data: st.DataObject
) -> None:
    if not files:
        return
    partner_id = data.draw(st.sampled_from(sorted(files)))
    kind = next(p.kind for p in PARTNERS if p.id == partner_id)
    candidates = [a.id for a in VERSION.ambitions() if a.applies(kind)]
    ambition_id = data.draw(st.sampled_from(candidates))
    before = score(files, weight)
    improved = {pid: {**f, "ambitions": dict(f["ambitions"])} for pid, f in files.items()}
    improved[partner_id]["ambitions"][ambition_id] = {"status": "achieved"}
    after = score(improved, weight)
    for old, new in zip(all_scores(before), all_scores(after), strict=True):
        if old is not None and new is not None:
            assert new >= old


@settings(max_examples=60, deadline=None)
@given(entries(), weights)
def test_province_never_counts_a_municipal_only_ambition(
    files: dict[str, Any], weight: Fraction
) -> None:
    card = score(files, weight)
    province = card.partner("flevoland")
    if province is None:
        return
    municipal_only = {a.id for a in VERSION.ambitions() if a.kinds() == ("municipality",)}
    assert municipal_only and not municipal_only & set(province.results)
    assert province.tally.applicable <= 11


@given(
    st.lists(st.sampled_from(["province", "municipality"]), min_size=1, max_size=5),
    st.data(),
)
def test_an_answer_key_carries_the_status_the_items_give(kinds: list[str], data: Any) -> None:
    """answer_key works the status out itself (it runs for every entry of every file the
    cache keeps): it must be the status item_tally gives, for any items given."""
    from flevonorm.models import Ambition, Entry
    from flevonorm.status import answer_key, item_tally

    items = [{"id": f"1.1.{n}", "text": "x", "applies_to": [kind]} for n, kind in enumerate(kinds)]
    ambition = Ambition.model_validate({"id": "1.1", "text": "x", "items": items})
    given_items = data.draw(
        st.dictionaries(st.sampled_from([i["id"] for i in items]), st.booleans())
    )
    entry = Entry.model_validate({"items": given_items})
    for kind in ("province", "municipality"):
        tally = item_tally(ambition, kind, entry)
        assert tally is not None
        assert answer_key(ambition, kind, entry).partition(":")[0] == tally.status.value
