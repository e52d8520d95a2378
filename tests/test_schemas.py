from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flevonorm.schemas import build_schemas

from .conftest import PROJECT, Cli, make_repo


def test_committed_schemas_are_current() -> None:
    """Fails when a model changed and `flevonorm schema -o schemas` was not run."""
    for name, text in build_schemas().items():
        committed = PROJECT / "schemas" / name
        assert committed.read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale; run: flevonorm schema -o schemas"
        )


def test_schema_command_writes_five_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("schema", "-o", str(tmp_path / "out"))
    assert result.code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "assessment.schema.json",
        "norm.schema.json",
        "partners.schema.json",
        "report.schema.json",
        "round.schema.json",
    ]


def test_schema_without_o_prints_one_json_object_by_file_kind(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("schema", cwd=tmp_path)  # works outside a norm repository too
    assert result.code == 0
    schemas = json.loads(result.out)
    assert list(schemas) == ["norm", "partners", "round", "assessment", "report"]
    assert schemas["assessment"]["$schema"] == "http://json-schema.org/draft-07/schema#"


# --- what validate accepts, an editor must not mark as an error -----------------------------

# An example-like assessment whose `ambitions:` is left empty (YAML null): nothing assessed
# yet, which validate accepts with a warning (data-format.md).
AMBITIONS_LEFT_EMPTY = "partner: gem-b\nassessed_on: 2022-10-30\nambitions:\n"


def committed_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((PROJECT / "schemas" / name).read_text(encoding="utf-8"))
    return schema


def test_validate_only_warns_about_ambitions_left_empty(tmp_path: Path, cli: Cli) -> None:
    """The premise of the schema tests below: the tool accepts the file."""
    root = make_repo(tmp_path, {"rounds/r1/gem-b.yaml": AMBITIONS_LEFT_EMPTY})
    result = cli("validate", "--root", str(root))
    assert result.out == (
        "rounds/r1/gem-b.yaml:3:1: warning: nothing assessed yet: all 4 ambitions for a "
        "municipality count as not assessed\n"
        "0 errors, 1 warning\n"
    )
    assert result.code == 0


def test_assessment_schema_allows_ambitions_left_empty_and_still_requires_the_key() -> None:
    schema = committed_schema("assessment.schema.json")
    assert "ambitions" in schema["required"]  # leaving the key out is still an error
    ambitions = schema["properties"]["ambitions"]
    assert "type" not in ambitions  # the type is decided by the two branches below
    null_branches = [b for b in ambitions["anyOf"] if b == {"type": "null"}]
    mapping_branches = [b for b in ambitions["anyOf"] if b.get("type") == "object"]
    assert len(null_branches) == 1
    assert len(ambitions["anyOf"]) == 2
    [mapping] = mapping_branches
    # An entry is a bare status word (English or Dutch) or an Entry mapping, never null:
    # `"1.1":` with nothing after it is an error in validate too.
    entry = mapping["additionalProperties"]["anyOf"]
    assert {"$ref": "#/definitions/Entry"} in entry
    [words] = [b for b in entry if b.get("type") == "string"]
    assert {"achieved", "behaald", "deels", "niet_beoordeeld"} <= set(words["enum"])
    assert {"type": "null"} not in entry


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        # AMBITIONS_LEFT_EMPTY, as an editor reads it
        ({"partner": "gem-b", "assessed_on": "2022-10-30", "ambitions": None}, True),
        ({"partner": "gem-b", "ambitions": {}}, True),
        ({"partner": "gem-a", "ambitions": {"1.1": "behaald", "2.1": {"items": {"2.1.1": True}}}},
         True),
        ({"partner": "gem-b"}, False),  # ambitions is required
        ({"partner": "gem-b", "ambitions": []}, False),
        ({"partner": "gem-b", "ambitions": {"1.1": None}}, False),  # an entry left empty
        ({"partner": "gem-b", "ambitions": {"1.1": "deels behaald"}}, False),
    ],
)  # fmt: skip
def test_assessment_schema_with_jsonschema(data: dict[str, Any], valid: bool) -> None:
    """The schema as an editor applies it (skipped where jsonschema is not installed)."""
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(committed_schema("assessment.schema.json"))
    assert validator.is_valid(data) is valid
