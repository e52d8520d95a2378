"""The pure diff of two rounds (history.md, `flevonorm diff`), on small hand-written rounds.

The norm below (version 1.0):
  theme 1: 1.1 (municipality, province), 1.2 (municipality)
  theme 2: 2.1 (municipality, province) with items 2.1.1 (both) and 2.1.2
           (municipality only); 2.2 (municipality)
Partners, in partners.yaml order: gem-a, gem-b, gem-c (municipalities), prov (province).
A municipality has 4 ambitions, the province 2 (1.1 and 2.1, whose only item is 2.1.1).
Every expected figure is worked out in the test or its docstring.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from flevonorm.diffing import (
    ChangeGroup,
    DiffSide,
    NormChange,
    PartnerChangeKind,
    RoundDiff,
    diff_rounds,
    status_group,
)
from flevonorm.models import Assessment, NormVersion, Partner, RoundFile, Status
from flevonorm.scoring import Scorecard, score_round
from flevonorm.writers.diff import diff_as_data

VERSION_1 = NormVersion.model_validate(
    {
        "version": "1.0",
        "status": "adopted",
        "themes": [
            {
                "id": "1",
                "title": "Een",
                "ambitions": [
                    {"id": "1.1", "text": "Beide", "applies_to": ["municipality", "province"]},
                    {"id": "1.2", "text": "Gemeenten", "applies_to": ["municipality"]},
                ],
            },
            {
                "id": "2",
                "title": "Twee",
                "ambitions": [
                    {
                        "id": "2.1",
                        "text": "Met items",
                        "applies_to": ["municipality", "province"],
                        "items": [
                            {"id": "2.1.1", "text": "Beide"},
                            {"id": "2.1.2", "text": "Gemeenten", "applies_to": ["municipality"]},
                        ],
                    },
                    {"id": "2.2", "text": "Gemeenten", "applies_to": ["municipality"]},
                ],
            },
        ],
    }
)
PARTNERS = [
    Partner.model_validate(p)
    for p in [
        {"id": "gem-a", "name": "Gemeente A", "kind": "municipality"},
        {"id": "gem-b", "name": "Gemeente B", "kind": "municipality"},
        {"id": "gem-c", "name": "Gemeente C", "kind": "municipality"},
        {"id": "prov", "name": "Provincie", "kind": "province"},
    ]
]
ORDER = [p.id for p in PARTNERS]
# What each partner wrote, by partner id and ambition id, as in a partner file.
Files = dict[str, dict[str, Any]]


def card(files: Files, version: NormVersion = VERSION_1, round_id: str = "r") -> Scorecard:
    meta = RoundFile.model_validate(
        {"id": round_id, "kind": "monitoring", "norm": version.version, "date": "2022-11-15"}
    )
    assessments = {
        pid: Assessment.model_validate({"partner": pid, "ambitions": ambitions})
        for pid, ambitions in files.items()
    }
    return score_round(round_id, meta, version, PARTNERS, assessments)


def diff(old: Files | None, new: Files, **kwargs: Any) -> RoundDiff:
    old_side = DiffSide("r0", "HEAD~1", None if old is None else card(old, round_id="r0"))
    return diff_rounds(old_side, DiffSide("r1", None, card(new, round_id="r1")), ORDER, **kwargs)


def changes(d: RoundDiff) -> list[dict[str, Any]]:
    return diff_as_data(d)["changes"]  # type: ignore[no-any-return]


def summary(d: RoundDiff) -> list[tuple[str, str, str | None, str | None]]:
    return [(c["partner"], c["ambition"], c["old"], c["new"]) for c in changes(d)]


ALL_ACHIEVED = {"1.1": "achieved", "1.2": "achieved", "2.1": "achieved", "2.2": "achieved"}


def test_groups_follow_the_status_order() -> None:
    assert status_group(Status.ACHIEVED, Status.PARTIAL) is ChangeGroup.WORSENED
    assert status_group(Status.PARTIAL, Status.NOT_ASSESSED) is ChangeGroup.WORSENED
    assert status_group(Status.NOT_ASSESSED, Status.PARTIAL) is ChangeGroup.IMPROVED
    # not_achieved = not_assessed, and not_applicable is neither better nor worse
    assert status_group(Status.NOT_ACHIEVED, Status.NOT_ASSESSED) is ChangeGroup.OTHER_STATUS
    assert status_group(Status.ACHIEVED, Status.NOT_APPLICABLE) is ChangeGroup.OTHER_STATUS
    assert status_group(Status.NOT_APPLICABLE, Status.NOT_ACHIEVED) is ChangeGroup.OTHER_STATUS
    assert status_group(Status.PARTIAL, Status.PARTIAL) is ChangeGroup.SAME_STATUS


def test_changes_are_ordered_worsened_improved_other_same_then_partners_and_norm_order() -> None:
    old: Files = {
        "gem-a": {"1.1": "achieved", "1.2": "not_achieved", "2.2": "partial"},
        "gem-b": {
            "1.1": {"status": "not_applicable", "note": "geen"},
            "1.2": {"status": "partial", "note": "oud"},
            "2.2": "achieved",
        },
        "prov": {"1.1": "partial"},
    }
    new: Files = {
        # gem-a: 1.1 worse, 1.2 better, 2.1 left out both times, 2.2 note only
        "gem-a": {
            "1.1": "partial",
            "1.2": {"status": "achieved", "note": "besluit"},
            "2.2": {"status": "partial", "note": "nieuw"},
        },
        # gem-b: 1.1 from not_applicable, 1.2 note only, 2.2 worse, 2.1 now listed (better)
        "gem-b": {
            "1.1": "not_achieved",
            "1.2": {"status": "partial", "note": "nieuw"},
            "2.1": "partial",
            "2.2": "not_achieved",
        },
        # prov: 1.1 partial -> not_assessed (left out) is worse
        "prov": {},
    }
    assert summary(diff(old, new)) == [
        ("gem-a", "1.1", "achieved", "partial"),
        ("gem-b", "2.2", "achieved", "not_achieved"),
        ("prov", "1.1", "partial", "not_assessed"),
        ("gem-a", "1.2", "not_achieved", "achieved"),
        ("gem-b", "2.1", "not_assessed", "partial"),
        ("gem-b", "1.1", "not_applicable", "not_achieved"),
        ("gem-a", "2.2", "partial", "partial"),
        ("gem-b", "1.2", "partial", "partial"),
    ]
    groups = [c.group for c in diff(old, new).changes]
    assert groups == [ChangeGroup.WORSENED] * 3 + [ChangeGroup.IMPROVED] * 2 + [
        ChangeGroup.OTHER_STATUS,
        ChangeGroup.SAME_STATUS,
        ChangeGroup.SAME_STATUS,
    ]


def test_ambitions_follow_norm_order_not_text_order() -> None:
    # 2.1 before 2.2 and 1.2 before 2.1, whatever the order in the file
    old: Files = {"gem-a": {"2.2": "achieved", "2.1": "achieved", "1.2": "achieved"}}
    new: Files = {"gem-a": {"2.2": "partial", "1.2": "partial", "2.1": {"items": {"2.1.1": True}}}}
    assert [c["ambition"] for c in changes(diff(old, new))] == ["1.2", "2.1", "2.2"]


def test_item_only_change_lists_each_differing_item() -> None:
    old: Files = {"gem-a": {"2.1": {"items": {"2.1.1": True, "2.1.2": False}}}}
    new: Files = {"gem-a": {"2.1": {"items": {"2.1.1": False, "2.1.2": True}}}}
    assert changes(diff(old, new)) == [
        {
            "partner": "gem-a", "ambition": "2.1", "old": "partial", "new": "partial",
            "items": {"2.1.1": [True, False], "2.1.2": [False, True]},
            "note_changed": False, "evidence_changed": False, "next_step_changed": False,
            "unsupported": False,
        }
    ]  # fmt: skip


def test_an_item_left_out_of_a_listed_map_is_false() -> None:
    old: Files = {"gem-a": {"2.1": {"items": {"2.1.1": True}}}}
    new: Files = {"gem-a": {"2.1": {"items": {"2.1.1": True, "2.1.2": False}}}}
    assert changes(diff(old, new)) == []


def test_items_that_do_not_apply_to_the_partner_do_not_count() -> None:
    # 2.1.2 is for municipalities only: the province's status stays achieved
    old: Files = {"prov": {"2.1": {"items": {"2.1.1": True}}}}
    new: Files = {"prov": {"2.1": {"items": {"2.1.1": True, "2.1.2": True}}}}
    assert changes(diff(old, new)) == []


def test_a_status_only_side_gives_null_for_every_item_of_the_other() -> None:
    old: Files = {"gem-a": {"2.1": "partial"}}
    new: Files = {"gem-a": {"2.1": {"items": {"2.1.1": True}}}}
    [change] = changes(diff(old, new))
    assert (change["old"], change["new"]) == ("partial", "partial")
    assert change["items"] == {"2.1.1": [None, True], "2.1.2": [None, False]}


def test_items_are_empty_when_neither_side_lists_them() -> None:
    old: Files = {"gem-a": {"2.1": "partial"}}
    new: Files = {"gem-a": {}}  # left out: not_assessed, no entry
    [change] = changes(diff(old, new))
    assert (change["old"], change["new"], change["items"]) == ("partial", "not_assessed", {})


def test_note_evidence_and_next_step_changes_are_flagged_separately() -> None:
    old: Files = {
        "gem-a": {
            "1.1": {"status": "partial", "note": "a", "evidence": ["x"], "next_step": "s"},
            "1.2": {"status": "partial", "note": "a", "evidence": ["x"], "next_step": "s"},
            "2.2": {"status": "partial", "note": "a", "evidence": ["x"], "next_step": "s"},
        }
    }
    new: Files = {
        "gem-a": {
            "1.1": {"status": "partial", "note": "b", "evidence": ["x"], "next_step": "s"},
            "1.2": {"status": "partial", "note": "a", "evidence": ["x", "y"], "next_step": "s"},
            "2.2": {"status": "partial", "note": "a", "evidence": "x"},  # next step removed
        }
    }
    flags = [
        (c["ambition"], c["note_changed"], c["evidence_changed"], c["next_step_changed"])
        for c in changes(diff(old, new))
    ]
    # evidence written as one text is the same as a list of that one text
    assert flags == [
        ("1.1", True, False, False),
        ("1.2", False, True, False),
        ("2.2", False, False, True),
    ]


def test_an_unchanged_partner_gives_no_entries() -> None:
    same: Files = {"gem-a": ALL_ACHIEVED, "prov": {"1.1": "partial"}}
    d = diff(same, same)
    assert d.changes == []
    assert diff_as_data(d)["partners"] == [
        {"id": "gem-a", "old": 1.0, "new": 1.0, "delta": 0.0, "change": "unchanged"},
        {"id": "prov", "old": 0.0, "new": 0.0, "delta": 0.0, "change": "unchanged"},
    ]


def test_partner_file_added_and_removed_give_scores_on_one_side_and_no_entries() -> None:
    old: Files = {"gem-a": {"1.1": "achieved"}, "gem-b": ALL_ACHIEVED}
    new: Files = {"gem-a": {"1.1": "achieved"}, "gem-c": {"1.1": "achieved", "1.2": "achieved"}}
    d = diff(old, new)
    assert changes(d) == []
    # gem-a: 1 of 4 on both sides; gem-b 4/4 only in old; gem-c 2/4 only in new
    assert diff_as_data(d)["partners"] == [
        {"id": "gem-a", "old": 0.25, "new": 0.25, "delta": 0.0, "change": "unchanged"},
        {"id": "gem-b", "old": 1.0, "new": None, "delta": None, "change": "removed"},
        {"id": "gem-c", "old": None, "new": 0.5, "delta": None, "change": "added"},
    ]
    # overall old: (1 + 4) / 8; new: (1 + 2) / 8
    assert diff_as_data(d)["overall"] == {"old": 0.625, "new": 0.375, "delta": -0.25}


def test_round_absent_on_the_old_side_makes_every_partner_added() -> None:
    d = diff(None, {"gem-a": {"1.1": "achieved"}, "prov": {"1.1": "achieved"}})
    data = diff_as_data(d)
    assert data["old"] == {"round": "r0", "rev": "HEAD~1"}
    assert data["new"] == {"round": "r1", "rev": None}
    # overall new: (1 + 1) / (4 + 2)
    assert data["overall"] == {"old": None, "new": 0.3333, "delta": None}
    assert data["partners"] == [
        {"id": "gem-a", "old": None, "new": 0.25, "delta": None, "change": "added"},
        {"id": "prov", "old": None, "new": 0.5, "delta": None, "change": "added"},
    ]
    assert data["changes"] == []
    assert not d.old.exists and d.new.norm == "1.0"


def test_delta_is_the_exact_difference_rounded_once() -> None:
    # gem-a declares 1.2 not applicable, leaving 3 applicable ambitions: 1/3 -> 2/3
    na = {"status": "not_applicable", "note": "geen"}
    old: Files = {"gem-a": {"1.1": "achieved", "1.2": na}}
    new: Files = {"gem-a": {"1.1": "achieved", "1.2": na, "2.1": "achieved"}}
    data = diff_as_data(diff(old, new))
    # 1/3 = 0.3333, 2/3 = 0.6667; the exact delta 1/3 is 0.3333 (0.6667 - 0.3333 = 0.3334)
    assert data["overall"] == {"old": 0.3333, "new": 0.6667, "delta": 0.3333}
    assert data["partners"][0]["delta"] == 0.3333


def test_partners_follow_the_new_order_then_those_only_the_old_side_knows() -> None:
    old: Files = {"gem-a": {}, "gem-b": {}, "prov": {}}
    new: Files = {"gem-a": {}, "prov": {}}
    d = diff_rounds(
        DiffSide("r0", None, card(old)),
        DiffSide("r1", None, card(new)),
        ["prov", "gem-a"],  # the new partners.yaml no longer lists gem-b
    )
    assert [(p.partner.id, p.change) for p in d.partners] == [
        ("prov", PartnerChangeKind.UNCHANGED),
        ("gem-a", PartnerChangeKind.UNCHANGED),
        ("gem-b", PartnerChangeKind.REMOVED),
    ]


def test_a_partner_with_an_entry_in_changes_is_changed() -> None:
    d = diff({"gem-a": {"1.1": "partial"}}, {"gem-a": {"1.1": {"status": "partial", "note": "n"}}})
    assert [(p.partner.id, p.change.value) for p in d.partners] == [("gem-a", "changed")]


def test_upgrade_to_achieved_without_note_or_evidence_is_unsupported() -> None:
    old: Files = {
        "gem-a": {"1.1": "not_achieved", "1.2": "partial", "2.1": "partial", "2.2": "partial"},
        "gem-b": {"1.1": "achieved", "1.2": "not_achieved", "2.2": "not_achieved"},
    }
    new: Files = {
        "gem-a": {
            "1.1": "achieved",  # nothing given: unsupported
            "1.2": {"status": "achieved", "note": "besluit"},  # a note
            "2.1": {"items": {"2.1.1": True, "2.1.2": True}},  # items alone are no support
            "2.2": {"status": "achieved", "evidence": ["raadsbesluit.pdf"]},  # evidence
        },
        "gem-b": {
            "1.1": {"status": "achieved", "next_step": "evalueren"},  # was achieved already
            "1.2": {"status": "achieved", "next_step": "evalueren"},  # a next step is no support
            "2.2": {"status": "achieved", "note": "   "},  # a blank note is no support
        },
    }
    flags = [(c["partner"], c["ambition"], c["unsupported"]) for c in changes(diff(old, new))]
    assert flags == [
        ("gem-a", "1.1", True),
        ("gem-a", "1.2", False),
        ("gem-a", "2.1", True),
        ("gem-a", "2.2", False),
        ("gem-b", "1.2", True),
        ("gem-b", "2.2", True),
        ("gem-b", "1.1", False),  # same status, next step added
    ]


def test_theme_scores_are_pooled_per_theme() -> None:
    old: Files = {"gem-a": {"1.1": "achieved"}, "prov": {"1.1": "achieved"}}
    new: Files = {"gem-a": {"1.1": "achieved", "2.1": "achieved"}, "prov": {"1.1": "partial"}}
    d = diff(old, new)
    # theme 1: gem-a 1.1 + 1.2, prov 1.1: old 2/3, new 1/3; theme 2: gem-a 2.1 + 2.2,
    # prov 2.1: old 0/3, new 1/3
    assert [(t.id, t.title, t.score.old, t.score.new) for t in d.themes] == [
        ("1", "Een", Fraction(2, 3), Fraction(1, 3)),
        ("2", "Twee", Fraction(0), Fraction(1, 3)),
    ]


# --- across norm versions ----------------------------------------------------------

VERSION_2 = NormVersion.model_validate(
    {
        "version": "2.0",
        "status": "adopted",
        "supersedes": "1.0",
        "themes": [
            {
                "id": "1",
                "title": "Een",
                "ambitions": [
                    {"id": "1.1", "text": "Beide", "from": ["1.1"]},
                    {"id": "1.3", "text": "Nieuw", "applies_to": ["municipality"]},
                ],
            },
            {
                "id": "2",
                "title": "Twee",
                "ambitions": [
                    {"id": "2.1", "text": "Zonder items", "from": ["2.1"]},
                    {"id": "2.2", "text": "Gemeenten", "applies_to": ["municipality"]},
                ],
            },
        ],
    }
)


def test_across_versions_norm_added_and_dropped_entries_come_last() -> None:
    """1.0 -> 2.0: 1.2 dropped, 1.3 added (municipalities), 1.1, 2.1 and 2.2 continue.

    gem-a's old round under 1.0: 1.1 achieved, 1.2 not achieved, 2.1 items 1 of 2
    (partial), 2.2 achieved: 2/4. Carried forward to 2.0 (by whoever carries): 1.1
    achieved, 2.1 partial (items no longer apply: its status), 2.2 achieved.
    New round: 1.1 partial (worse), 1.3 achieved, 2.1 partial, 2.2 achieved: 2/4.
    """
    old_files: Files = {
        "gem-a": {
            "1.1": "achieved",
            "1.2": "not_achieved",
            "2.1": {"items": {"2.1.1": True}},
            "2.2": "achieved",
        }
    }
    carried_files: Files = {"gem-a": {"1.1": "achieved", "2.1": "partial", "2.2": "achieved"}}
    new_files: Files = {
        "gem-a": {"1.1": "partial", "1.3": "achieved", "2.1": "partial", "2.2": "achieved"}
    }
    old = DiffSide(
        "r0",
        None,
        card(old_files, VERSION_1, "r0"),
        carried_forward=card(carried_files, VERSION_2, "r0"),
    )
    new = DiffSide("r1", None, card(new_files, VERSION_2, "r1"))
    d = diff_rounds(old, new, ORDER, norm_added=["1.3"], norm_dropped=["1.2"])
    data = diff_as_data(d)
    common = {"note_changed": False, "evidence_changed": False, "next_step_changed": False}
    assert data["changes"] == [
        {"partner": "gem-a", "ambition": "1.1", "old": "achieved", "new": "partial",
         "items": {}, **common, "unsupported": False},
        {"partner": "gem-a", "ambition": "1.3", "norm": "added", "old": None,
         "new": "achieved", "items": {}, **common, "unsupported": True},
        {"partner": "gem-a", "ambition": "1.2", "norm": "dropped", "old": "not_achieved",
         "new": None, "items": {}, **common, "unsupported": False},
    ]  # fmt: skip
    assert [c.norm for c in d.changes] == [None, NormChange.ADDED, NormChange.DROPPED]
    # the figures are each round's own, under its own version: 2/4 and 2/4
    assert data["overall"] == {"old": 0.5, "new": 0.5, "delta": 0.0}
    assert (d.old.norm, d.new.norm) == ("1.0", "2.0")


# --- invariants ------------------------------------------------------------------

MUNICIPAL_IDS = ["1.1", "1.2", "2.1", "2.2"]
status_entry = st.one_of(
    st.sampled_from(["achieved", "partial", "not_achieved", "not_assessed"]),
    st.just({"status": "not_applicable", "note": "n"}),
)
items_entry = st.fixed_dictionaries(
    {"items": st.fixed_dictionaries({}, optional={"2.1.1": st.booleans(), "2.1.2": st.booleans()})}
)
files = st.fixed_dictionaries(
    {},
    optional={
        "1.1": status_entry,
        "1.2": status_entry,
        "2.1": st.one_of(status_entry, items_entry),
        "2.2": status_entry,
    },
).map(lambda ambitions: {"gem-a": ambitions})


@given(files, files)
def test_every_status_change_is_listed_once_and_the_list_is_ordered(old: Files, new: Files) -> None:
    d = diff(old, new)
    before, after = card(old).partners[0].results, card(new).partners[0].results
    moved = {a for a in MUNICIPAL_IDS if before[a].status is not after[a].status}
    listed = [c.ambition.id for c in d.changes if c.old is not c.new]
    assert sorted(listed) == sorted(moved)
    ranks = [list(ChangeGroup).index(c.group) for c in d.changes]
    assert ranks == sorted(ranks)
    assert diff(new, new).changes == []
