"""`round new`: the files of a new round, plain and carried (spec/history.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flevonorm import i18n
from flevonorm.models import (
    Assessment,
    Entry,
    NormFile,
    NormVersion,
    Partner,
    PartnersFile,
    RoundFile,
    Status,
)
from flevonorm.newround import (
    NewRoundError,
    SourceFile,
    SourceRound,
    plan_new_round,
)
from flevonorm.problems import Problems
from flevonorm.render import TemplateProblem
from flevonorm.scoring import score_round
from flevonorm.yamledit import entry_blocks
from flevonorm.yamlio import parse_yaml, read_yaml
from flevonorm.yamlquote import comment_text, yaml_string

from .conftest import DATA, PROJECT

HEADER = """\
# yaml-language-server: $schema=../../schemas/assessment.schema.json
# Zelfevaluatie {name}, ronde r1 (2024-05-01), Testnorm 1.0.
{source}#
# Statussen (Engels of Nederlands):
#   achieved        of  behaald          behaald
#   partial         of  deels            deels behaald
#   not_achieved    of  niet_behaald     niet behaald
#   not_applicable  of  nvt              niet van toepassing; zeg in note waarom (verplicht)
#   not_assessed    of  niet_beoordeeld  nog niet beoordeeld
# Bij een ambitie met items bepalen de items de status: haal '# ' weg voor items: en de
# items, zet elk item op true of false, en haal de regel met status: weg.
"""


def header(name: str, source: str | None = None) -> str:
    line = f"# De antwoorden zijn overgenomen uit ronde {source}: werk ze bij waar nodig.\n"
    return HEADER.format(name=name, source=line if source else "")


def load(path: Path, display: str) -> object:
    problems = Problems()
    document = read_yaml(path, display, problems)
    assert document is not None and not list(problems)
    return document.data


@dataclass
class Repo:
    norm: NormFile
    partners: list[Partner]


def repo(name: str) -> Repo:
    root = DATA / name if name != "bundled" else PROJECT
    norm = NormFile.model_validate(load(root / "norm.yaml", "norm.yaml"))
    partners = PartnersFile.model_validate(load(root / "partners.yaml", "partners.yaml"))
    return Repo(norm, partners.partners)


def version(norm: NormFile, name: str) -> NormVersion:
    found = norm.version(name)
    assert found is not None
    return found


def source_file(text: str) -> SourceFile:
    problems = Problems()
    document = parse_yaml(text, "source.yaml", problems)
    assert document is not None, [str(p) for p in problems]
    return SourceFile(text, Assessment.model_validate(document.data))


def read_back(text: str) -> Assessment:
    """A generated file as `validate` reads it: no problem from the reader or the models."""
    problems = Problems()
    document = parse_yaml(text, "new.yaml", problems)
    assert document is not None and not list(problems), [str(p) for p in problems]
    return Assessment.model_validate(document.data)


def plan(
    repository: Repo,
    *,
    norm: str = "1.0",
    on: date = date(2024, 5, 1),
    source: SourceRound | None = None,
    partners: list[Partner] | None = None,
    search_path: list[Path] | None = None,
) -> dict[str, str]:
    return plan_new_round(
        "r1",
        title="Voorjaar 2024",
        kind="monitoring",
        norm_name=repository.norm.name,
        version=version(repository.norm, norm),
        on=on,
        partners=repository.partners if partners is None else partners,
        source=source,
        search_path=search_path,
    )


# --- the plain form ------------------------------------------------------------------


def test_plain_round_file() -> None:
    files = plan(repo("base"))
    assert files["rounds/r1/round.yaml"] == (
        "# yaml-language-server: $schema=../../schemas/round.schema.json\n"
        "# Ronde van de Testnorm.\n"
        'id: "r1"\n'
        'title: "Voorjaar 2024"\n'
        "kind: monitoring\n"
        'norm: "1.0"\n'
        "date: 2024-05-01\n"
    )
    problems = Problems()
    document = parse_yaml(files["rounds/r1/round.yaml"], "round.yaml", problems)
    assert document is not None
    assert RoundFile.model_validate(document.data) == RoundFile(
        id="r1", title="Voorjaar 2024", kind="monitoring", norm="1.0", date=date(2024, 5, 1)
    )


def test_plain_partner_file_lists_what_applies_to_its_kind_with_items_as_comments() -> None:
    # The province: 1.1 and 2.1 apply to it, 1.2 and 2.10 are for municipalities only;
    # of 2.1's items only 2.1.1 applies (2.1.2.A narrows to municipalities).
    files = plan(repo("base"))
    assert files["rounds/r1/prov.yaml"] == header("Provincie") + (
        'partner: "prov"\n'
        "# assessed_on: YYYY-MM-DD\n"
        "ambitions:\n"
        "  # 1. Bewustwording\n"
        "  # 1.1 Gemeenten en provincie besteden aandacht aan ondermijning\n"
        '  "1.1":\n'
        "    status: not_assessed\n"
        "\n"
        "  # 2. Instrumentarium\n"
        "  # 2.1 De APV bevat:\n"
        '  "2.1":\n'
        "    status: not_assessed\n"
        "    # items:\n"
        '    #   "2.1.1": true   # Sluiting van panden\n'
    )


def test_item_hints_can_be_uncommented_into_a_valid_entry() -> None:
    text = plan(repo("base"))["rounds/r1/gem-a.yaml"]
    assert '    #   "2.1.2.A": true   # Exploitatievergunning horeca\n' in text
    # What the header tells a partner to do: uncomment the items, drop the status line.
    edited = (
        text.replace("    # items:\n", "    items:\n")
        .replace('    #   "2.1', '      "2.1')
        .replace('  "2.1":\n    status: not_assessed\n', '  "2.1":\n')
    )
    assert read_back(edited).ambitions["2.1"] == Entry(items={"2.1.1": True, "2.1.2.A": True})


def test_ids_stay_text_and_every_file_reads_back_without_problems() -> None:
    files = plan(repo("base"))
    gem_a = read_back(files["rounds/r1/gem-a.yaml"])
    assert gem_a.partner == "gem-a"
    # "2.10" is its own ambition, never the number 2.1.
    assert list(gem_a.ambitions) == ["1.1", "1.2", "2.1", "2.10"]
    assert set(gem_a.ambitions.values()) == {Entry(status=Status.NOT_ASSESSED)}
    assert '  "2.10":\n' in files["rounds/r1/gem-a.yaml"]


def test_only_partners_expected_on_the_date_get_a_file() -> None:
    base = repo("base")
    # Nothing of 1.0 applies to the water board; under 2.0 ambition 1.1 does, from the day
    # it joined (2025-03-03).
    assert list(plan(base)) == [
        "rounds/r1/round.yaml",
        "rounds/r1/gem-a.yaml",
        "rounds/r1/gem-b.yaml",
        "rounds/r1/prov.yaml",
    ]
    assert "rounds/r1/ws.yaml" not in plan(base, norm="2.0", on=date(2025, 3, 2))
    assert "rounds/r1/ws.yaml" in plan(base, norm="2.0", on=date(2025, 3, 3))


def test_the_same_input_gives_the_same_bytes() -> None:
    base = repo("base")
    assert plan(base) == plan(base)


def test_refuses_what_cannot_become_a_round() -> None:
    base = repo("base")

    def new_round(round_id: str, kind: str, source: SourceRound | None = None) -> None:
        plan_new_round(
            round_id,
            title=None,
            kind=kind,
            norm_name="Testnorm",
            version=version(base.norm, "1.0"),
            on=date(2024, 5, 1),
            partners=base.partners,
            source=source,
        )

    with pytest.raises(ValueError, match="not a valid round id"):
        new_round("../r1", "monitoring")
    with pytest.raises(ValueError, match="not a round kind; use one of: monitoring, evaluation"):
        new_round("r1", "audit")
    with pytest.raises(ValueError, match=r"under norm 2\.0, not 1\.0"):
        new_round("r1", "monitoring", SourceRound("r0", version(base.norm, "2.0"), {}))


# --- hostile texts ---------------------------------------------------------------------

HOSTILE = 'Een\n  "4.1": achieved\rtwee\x85drie\u2028vier\u2029vijf\r\n"1.2": partial'


def test_a_text_with_line_breaks_stays_inside_its_comment() -> None:
    norm = NormFile.model_validate(
        {
            "name": "Norm\n  x: y",
            "versions": [
                {
                    "version": "1.0",
                    "status": "adopted",
                    "themes": [
                        {
                            "id": "1",
                            "title": HOSTILE,
                            "ambitions": [
                                {
                                    "id": "1.1",
                                    "text": HOSTILE,
                                    "group": HOSTILE,
                                    "items": [{"id": "1.1.1", "text": HOSTILE}],
                                }
                            ],
                        }
                    ],
                }
            ],
        }
    )
    partner = Partner(id="gem-a", name=HOSTILE, kind="municipality")
    files = plan(Repo(norm, [partner]))
    text = files["rounds/r1/gem-a.yaml"]
    assert read_back(text).ambitions == {"1.1": Entry(status=Status.NOT_ASSESSED)}
    # Every line that shows the text is a comment, and every break became one space.
    shown = [line for line in text.split("\n") if "achieved" in line and "twee" in line]
    assert len(shown) == 5  # partner name, theme, group, ambition text, item hint
    assert all(line.lstrip().startswith("#") for line in shown)
    assert '  # 1. Een "4.1": achieved twee drie vier vijf "1.2": partial\n' in text
    for line_break in "\r\x85\u2028\u2029":
        assert line_break not in text


def test_a_hostile_note_carried_by_id_reads_back_exactly() -> None:
    note = '"\n  "4.1": achieved'
    base = repo("base")
    source = source_file(
        "partner: gem-a\n"
        "ambitions:\n"
        '  "1.1":\n'
        "    status: partial\n"
        f"    note: {yaml_string(note)}\n"
        f"    next_step: {yaml_string(note)}\n"
        f"    evidence: [{yaml_string(note)}]\n"
    )
    files = plan(base, source=SourceRound("r0", version(base.norm, "1.0"), {"gem-a": source}))
    carried = read_back(files["rounds/r1/gem-a.yaml"]).ambitions
    assert carried["1.1"] == Entry(
        status=Status.PARTIAL, note=note, next_step=note, evidence=[note]
    )
    assert "4.1" not in carried


@dataclass(frozen=True)
class Carried:
    entry: Entry | None
    source_ids: tuple[str, ...]
    source_version: str


def test_a_hostile_note_written_anew_reads_back_exactly() -> None:
    note = '"\n  "4.1": achieved\u2028\x85\x00\ufeff\u202e😀\\'
    base = repo("base")
    entry = Entry(status=Status.ACHIEVED, note=note, evidence=[note, ""], next_step=note)
    source = SourceRound(
        "r0",
        version(base.norm, "1.0"),
        {"gem-a": source_file("partner: gem-a\nambitions: {}\n")},
        carried={"gem-a": {"1.1": Carried(entry, ("1.1",), "0.9")}},
    )
    text = plan(base, source=source)["rounds/r1/gem-a.yaml"]
    assert read_back(text).ambitions["1.1"] == entry
    assert "\u2028" not in text and "\x85" not in text and "\x00" not in text


texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@given(ambition_text=texts, partner_name=texts, note=texts, evidence=st.lists(texts, max_size=2))
@settings(max_examples=60, deadline=None)
def test_any_text_gives_a_file_that_reads_back_as_given(
    ambition_text: str, partner_name: str, note: str, evidence: list[str]
) -> None:
    norm = NormFile.model_validate(
        {
            "name": "Testnorm",
            "versions": [
                {
                    "version": "1.0",
                    "status": "adopted",
                    "themes": [
                        {
                            "id": "1",
                            "title": ambition_text,
                            "ambitions": [
                                {"id": "1.1", "text": ambition_text},
                                {"id": "1.10", "text": ambition_text, "group": ambition_text},
                            ],
                        }
                    ],
                }
            ],
        }
    )
    entry = Entry(status=Status.NOT_APPLICABLE, note=note or "x", evidence=evidence)
    source = source_file(
        "partner: gem-a\n"
        "ambitions:\n"
        '  "1.1":\n'
        "    status: nvt\n"
        f"    note: {yaml_string(entry.note or '')}  # {comment_text(note)}\n"
        f"    evidence: [{', '.join(yaml_string(text) for text in evidence)}]\n"
    )
    partner = Partner(id="gem-a", name=partner_name or "x", kind="municipality")
    files = plan(
        Repo(norm, [partner]),
        source=SourceRound(
            "r0",
            version(norm, "1.0"),
            {"gem-a": source},
            carried={
                "gem-a": {
                    "1.1": Carried(entry, ("1.1",), "1.0"),
                    "1.10": Carried(entry, ("1.1",), "1.0"),
                }
            },
        ),
    )
    assert read_back(files["rounds/r1/gem-a.yaml"]).ambitions == {"1.1": entry, "1.10": entry}


def test_a_source_file_with_windows_line_ends_is_copied_with_plain_ones() -> None:
    text, _ = carried_by_id(GEM_A_SOURCE.replace("\n", "\r\n"))
    assert "\r" not in text
    assert text == carried_by_id(GEM_A_SOURCE)[0]


# --- carrying a round under the same version -------------------------------------------

GEM_A_SOURCE = """\
# yaml-language-server: $schema=../../schemas/assessment.schema.json
partner: gem-a
assessed_on: 2023-10-01
ambitions:
    # 1. Bewustwording
    # Besproken met de burgemeester op 12 september
    # 1.1 Gemeenten en provincie besteden aandacht aan ondermijning
    1.1:   # vast agendapunt
        status: behaald   # bevestigd door het MT
        note: |
            Twee keer per jaar op de agenda.
            # dit is tekst, geen commentaar
    "1.2": deels  # alleen intern

    # 2. Instrumentarium
    "2.1":
        items:
            "2.1.1": true   # Sluiting van panden
            "2.1.2.A": false  # raadsvoorstel in voorbereiding
        note: "a # b"
"""


def carried_by_id(source_text: str, partner: str = "gem-a") -> tuple[str, SourceFile]:
    base = repo("base")
    source = source_file(source_text)
    files = plan(base, source=SourceRound("r0", version(base.norm, "1.0"), {partner: source}))
    return files[f"rounds/r1/{partner}.yaml"], source


def test_same_version_carries_entries_with_the_partners_comments_as_written() -> None:
    text, source = carried_by_id(GEM_A_SOURCE)
    # The tool's own comments (theme header, ambition text) are written anew, not doubled;
    # the partner's comment above 1.1 and every trailing comment stay; the entry is copied
    # line for line, moved to two spaces deep, its key quoted.
    assert text == header("Gemeente A", source="r0") + (
        'partner: "gem-a"\n'
        "# assessed_on: YYYY-MM-DD\n"
        "ambitions:\n"
        "  # 1. Bewustwording\n"
        "  # 1.1 Gemeenten en provincie besteden aandacht aan ondermijning\n"
        "  # Besproken met de burgemeester op 12 september\n"
        '  "1.1":   # vast agendapunt\n'
        "      status: behaald   # bevestigd door het MT\n"
        "      note: |\n"
        "          Twee keer per jaar op de agenda.\n"
        "          # dit is tekst, geen commentaar\n"
        "  # 1.2 Gemeenten communiceren integraal\n"
        '  "1.2": deels  # alleen intern\n'
        "\n"
        "  # 2. Instrumentarium\n"
        "  # 2.1 De APV bevat:\n"
        '  "2.1":\n'
        "      items:\n"
        '          "2.1.1": true   # Sluiting van panden\n'
        '          "2.1.2.A": false  # raadsvoorstel in voorbereiding\n'
        '      note: "a # b"\n'
        "  # 2.10 Boa's ondersteunen elkaar\n"
        '  "2.10":\n'
        "    status: not_assessed\n"
    )
    carried = read_back(text).ambitions
    for ambition_id, entry in source.assessment.ambitions.items():
        assert carried[ambition_id] == entry
    # 2.10 was left out of the source file: the plain form.
    assert carried["2.10"] == Entry(status=Status.NOT_ASSESSED)


def test_carrying_a_carried_file_again_changes_nothing() -> None:
    first, _ = carried_by_id(GEM_A_SOURCE)
    second, _ = carried_by_id(first)
    assert second == first


def test_a_partner_without_a_file_in_the_source_round_gets_the_plain_form() -> None:
    base = repo("base")
    source = SourceRound("r0", version(base.norm, "1.0"), {"gem-a": source_file(GEM_A_SOURCE)})
    files = plan(base, source=source)
    assert files["rounds/r1/gem-b.yaml"] == plan(base)["rounds/r1/gem-b.yaml"]


def test_a_block_the_copy_cannot_keep_is_written_anew() -> None:
    # A kept block scalar owns the blank line after it; the copy cannot carry that line,
    # so the entry is written anew, with the partner's trailing comment above it.
    text, source = carried_by_id(
        "partner: gem-a\n"
        "ambitions:\n"
        '  "1.1":\n'
        "    status: achieved  # zeker\n"
        "    note: |+\n"
        "      Twee regels\n"
        "\n"
        '  "1.2": achieved\n'
    )
    assert source.assessment.ambitions["1.1"].note == "Twee regels\n\n"
    assert read_back(text).ambitions["1.1"] == source.assessment.ambitions["1.1"]
    assert ('  # zeker\n  "1.1":\n    status: achieved\n    note: "Twee regels\\n\\n"\n') in text


def test_items_that_no_longer_apply_to_the_partners_kind_are_dropped() -> None:
    # gem-a is a province now: 2.1.2.A is for municipalities only, so it goes, and the
    # status written beside the items no longer agrees with them (1 of 1 is achieved).
    base = repo("base")
    source = source_file(
        "partner: gem-a\n"
        "ambitions:\n"
        '  "2.1":\n'
        "    status: partial\n"
        "    items: {2.1.1: true, 2.1.2.A: false}\n"
    )
    province = Partner(id="gem-a", name="Gemeente A", kind="province")
    files = plan(
        base,
        partners=[province],
        source=SourceRound("r0", version(base.norm, "1.0"), {"gem-a": source}),
    )
    assert read_back(files["rounds/r1/gem-a.yaml"]).ambitions["2.1"] == Entry(items={"2.1.1": True})


# --- carried scores ----------------------------------------------------------------------


def scores_carried_by_id(name: str, round_id: str, on: date) -> None:
    repository = repo(name)
    root = PROJECT if name == "bundled" else DATA / name
    folder = root / "rounds" / round_id
    meta = RoundFile.model_validate(load(folder / "round.yaml", "round.yaml"))
    norm_version = version(repository.norm, meta.norm)
    sources = {
        path.stem: SourceFile(
            path.read_text(encoding="utf-8"),
            Assessment.model_validate(load(path, path.name)),
        )
        for path in sorted(folder.glob("*.yaml"))
        if path.name != "round.yaml"
    }
    files = plan_new_round(
        "r-next",
        title=None,
        kind=meta.kind,
        norm_name=repository.norm.name,
        version=norm_version,
        on=on,
        partners=repository.partners,
        source=SourceRound(round_id, norm_version, sources),
    )
    generated = {
        partner_id: read_back(files[f"rounds/r-next/{partner_id}.yaml"]) for partner_id in sources
    }
    for weight in (Fraction(0), Fraction(1, 2)):
        old = score_round(
            round_id,
            meta,
            norm_version,
            repository.partners,
            {k: s.assessment for k, s in sources.items()},
            weight,
        )
        new = score_round("r-next", meta, norm_version, repository.partners, generated, weight)
        assert new.overall == old.overall
        assert [(p.partner.id, p.tally, p.counts) for p in new.partners] == [
            (p.partner.id, p.tally, p.counts) for p in old.partners
        ]


def test_carried_scores_equal_the_source_rounds() -> None:
    scores_carried_by_id("scoring", "r1", date(2024, 5, 1))


def test_carried_scores_equal_the_source_rounds_for_the_bundled_evaluation() -> None:
    scores_carried_by_id("bundled", "2022-autumn", date(2023, 5, 1))


# --- carrying across versions (what flevonorm.migration computed) ---------------------


def test_entries_from_another_version_say_where_they_came_from() -> None:
    base = repo("base")
    source = source_file(
        "partner: gem-a\n"
        "ambitions:\n"
        "  # navragen bij de griffie\n"
        '  "1.1": achieved  # zie raadsbrief\n'
    )
    carried = {
        "gem-a": {
            "1.1": Carried(Entry(status=Status.ACHIEVED), ("1.1",), "1.0"),
        }
    }
    files = plan(
        base,
        norm="2.0",
        source=SourceRound("r0", version(base.norm, "1.0"), {"gem-a": source}, carried),
    )
    assert files["rounds/r1/gem-a.yaml"].endswith(
        "ambitions:\n"
        "  # Thema 1\n"
        "  # 1.1 Alle partners besteden aandacht aan ondermijning\n"
        "  # overgenomen uit norm 1.0, ambitie 1.1\n"
        "  # navragen bij de griffie\n"
        "  # zie raadsbrief\n"
        '  "1.1":\n'
        "    status: achieved\n"
    )


def test_a_merged_entry_names_every_source() -> None:
    base = repo("base")
    merged = Carried(Entry(status=Status.PARTIAL, note="1.1: a\n1.2: b"), ("1.1", "1.2"), "1.0")
    files = plan(
        base,
        norm="2.0",
        source=SourceRound(
            "r0",
            version(base.norm, "1.0"),
            {"gem-a": source_file("partner: gem-a\nambitions: {}\n")},
            {"gem-a": {"1.1": merged}},
        ),
    )
    text = files["rounds/r1/gem-a.yaml"]
    assert "  # overgenomen uit norm 1.0, ambities 1.1 en 1.2\n" in text
    assert '    note: "1.1: a\\n1.2: b"\n' in text
    assert read_back(text).ambitions["1.1"] == merged.entry


# --- templates -------------------------------------------------------------------------


def test_a_template_in_the_search_path_comes_first(tmp_path: Path) -> None:
    (tmp_path / "round.yaml.j2").write_text(
        "id: {{ round_id }}\nkind: {{ kind }}\nnorm: {{ norm }}\ndate: {{ date }}\n"
        "{% if title is not none %}title: {{ title }}\n{% endif %}",
        encoding="utf-8",
    )
    files = plan(repo("base"), search_path=[tmp_path, PROJECT / "templates"])
    assert files["rounds/r1/round.yaml"] == (
        'id: "r1"\nkind: monitoring\nnorm: "1.0"\ndate: 2024-05-01\ntitle: "Voorjaar 2024"\n'
    )
    assert files["rounds/r1/gem-a.yaml"] == plan(repo("base"))["rounds/r1/gem-a.yaml"]


def test_templates_run_in_the_sandbox(tmp_path: Path) -> None:
    (tmp_path / "round.yaml.j2").write_text(
        "{{ kind.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    with pytest.raises(TemplateProblem) as raised:
        plan(repo("base"), search_path=[tmp_path])
    assert "refused by the template sandbox" in str(raised.value)


def test_a_template_that_loses_what_it_was_given_is_refused(tmp_path: Path) -> None:
    source_text = (PROJECT / "templates" / "assessment.yaml.j2").read_text(encoding="utf-8")
    (tmp_path / "assessment.yaml.j2").write_text(
        source_text.replace("    note: {{ ambition.note }}\n", ""), encoding="utf-8"
    )
    base = repo("base")
    carried = {"gem-a": {"1.1": Carried(Entry(status=Status.ACHIEVED, note="x"), ("1.1",), "1.0")}}
    source = SourceRound(
        "r0",
        version(base.norm, "1.0"),
        {"gem-a": source_file("partner: gem-a\nambitions: {}\n")},
        carried,
    )
    with pytest.raises(NewRoundError, match=r"assessment\.yaml\.j2 writes a file .* 1\.1"):
        plan(base, source=source, search_path=[tmp_path, PROJECT / "templates"])


def test_a_template_that_loses_what_it_was_given_is_refused_in_dutch(tmp_path: Path) -> None:
    source_text = (PROJECT / "templates" / "assessment.yaml.j2").read_text(encoding="utf-8")
    template = tmp_path / "assessment.yaml.j2"
    template.write_text(
        source_text.replace("    note: {{ ambition.note }}\n", ""), encoding="utf-8"
    )
    base = repo("base")
    carried = {"gem-a": {"1.1": Carried(Entry(status=Status.ACHIEVED, note="x"), ("1.1",), "1.0")}}
    source = SourceRound(
        "r0",
        version(base.norm, "1.0"),
        {"gem-a": source_file("partner: gem-a\nambitions: {}\n")},
        carried,
    )
    i18n.set_language("nl")
    with pytest.raises(NewRoundError) as raised:
        plan(base, source=source, search_path=[tmp_path, PROJECT / "templates"])
    assert str(raised.value) == (
        f"het sjabloon {template} schrijft een bestand dat afwijkt van wat het meekreeg: "
        "rounds/r1/gem-a.yaml: ambitie 1.1 wordt anders teruggelezen dan meegegeven"
    )


def test_a_round_template_that_changes_a_value_is_refused(tmp_path: Path) -> None:
    template = tmp_path / "round.yaml.j2"
    template.write_text(
        "id: {{ round_id }}\ntitle: Anders\nkind: {{ kind }}\nnorm: {{ norm }}\ndate: {{ date }}\n",
        encoding="utf-8",
    )
    with pytest.raises(NewRoundError) as raised:
        plan(repo("base"), search_path=[tmp_path, PROJECT / "templates"])
    assert str(raised.value) == (
        f"the template {template} writes a file that is not what it was given: "
        "rounds/r1/round.yaml: id, title, kind, norm, date or example differ from what was given"
    )


def test_a_round_template_the_models_refuse_is_refused_at_its_line(tmp_path: Path) -> None:
    template = tmp_path / "round.yaml.j2"
    template.write_text(
        "id: {{ round_id }}\nnorm: {{ norm }}\nkind: yearly\ndate: {{ date }}\n",
        encoding="utf-8",
    )
    with pytest.raises(NewRoundError) as raised:
        plan(repo("base"), search_path=[tmp_path, PROJECT / "templates"])
    # Located and worded as validate words it, not in pydantic's words.
    prefix = (
        f"the template {template} writes a file that is not what it was given: "
        "rounds/r1/round.yaml:3:7: error: "
    )
    assert str(raised.value).startswith(prefix)
    assert "yearly" in str(raised.value) and "Input should be" not in str(raised.value)


@pytest.mark.parametrize(
    ("language", "round_id", "expected"),
    [
        (
            "en",
            "Voorjaar 2024",
            "'Voorjaar 2024' is not a valid round id; use lowercase letters, digits and '-', "
            "starting with a letter or digit (it becomes a folder name)",
        ),
        (
            "nl",
            "-r1",
            "'-r1' is geen geldige id voor een ronde; gebruik kleine letters, cijfers en '-', en "
            "begin met een letter of cijfer (de id wordt een mapnaam)",
        ),
    ],
)
def test_a_round_id_that_cannot_be_a_folder_is_refused(
    language: str, round_id: str, expected: str
) -> None:
    base = repo("base")
    i18n.set_language(language)
    with pytest.raises(ValueError) as raised:
        plan_new_round(
            round_id,
            title=None,
            kind="monitoring",
            norm_name=base.norm.name,
            version=version(base.norm, "1.0"),
            on=date(2024, 5, 1),
            partners=base.partners,
        )
    assert str(raised.value) == expected


def test_a_source_round_under_another_version_needs_its_answers_carried() -> None:
    base = repo("base")
    source = SourceRound("r0", version(base.norm, "1.0"), {})
    i18n.set_language("nl")
    with pytest.raises(ValueError) as raised:
        plan(base, norm="2.0", on=date(2025, 6, 1), source=source)
    assert str(raised.value) == (
        "ronde r0 valt onder norm 1.0, niet onder 2.0: de antwoorden moeten via de "
        "`from`-verwijzingen worden overgenomen"
    )


# --- yamledit: what is a comment --------------------------------------------------------


def test_only_text_outside_values_is_a_comment() -> None:
    blocks = entry_blocks(
        "ambitions:\n"
        "  # boven\n"
        '  "1.1": {status: achieved, note: "a # b"}  # naast\n'
        '  "1.2":\n'
        "    note: >-  # kop\n"
        "      # tekst\n"
        "    status: achieved\n"
        "    evidence:\n"
        "      - x#y\n"
        "        # diep\n"
        "  # boven 1.3\n"
        "  1.3: achieved\n"
    )
    assert list(blocks) == ["1.1", "1.2", "1.3"]
    assert blocks["1.1"].above == ("# boven",)
    assert blocks["1.1"].inside == ("# naast",)
    assert blocks["1.2"].above == ()
    assert blocks["1.2"].inside == ("# kop", "# diep")
    assert blocks["1.3"].above == ("# boven 1.3",)
    assert blocks["1.3"].key_end_col == 5


def test_a_block_ended_by_a_unicode_line_separator_is_not_copied() -> None:
    blocks = entry_blocks('ambitions:\n  "1.1": achieved # a\u2028  "1.2": achieved\n')
    assert list(blocks) == ["1.1", "1.2"]
    assert blocks["1.1"].inside == ("# a",)
    assert not blocks["1.1"].copyable
    assert blocks["1.2"].copyable
