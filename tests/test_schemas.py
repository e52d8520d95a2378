from __future__ import annotations

from pathlib import Path

from flevonorm.schemas import build_schemas

from .conftest import PROJECT


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
    import json

    result = cli("schema", cwd=tmp_path)  # works outside a norm repository too
    assert result.code == 0
    schemas = json.loads(result.out)
    assert list(schemas) == ["norm", "partners", "round", "assessment", "report"]
    assert schemas["assessment"]["$schema"] == "http://json-schema.org/draft-07/schema#"
