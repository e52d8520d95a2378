"""JSON Schemas of the four file kinds, for editors and check-jsonschema, and of the
report's JSON, a public format for people who build dashboards.

They are written as draft 7, the newest draft yaml-language-server reads in full.
The committed copies under schemas/ are checked against these by a test.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from flevonorm.models import STATUS_WORDS, Assessment, NormFile, PartnersFile, RoundFile
from flevonorm.report_data import Report

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

SCHEMA_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "norm.schema.json": (NormFile, "norm.yaml: the Flevolandse Norm, every version of it"),
    "partners.schema.json": (PartnersFile, "partners.yaml: the organisations that take part"),
    "round.schema.json": (RoundFile, "rounds/<round-id>/round.yaml: what a round is"),
    "assessment.schema.json": (
        Assessment,
        "rounds/<round-id>/<partner-id>.yaml: one partner's self-assessment",
    ),
    "report.schema.json": (
        Report,
        "flevonorm report --format json: the data behind the evaluation report of a round",
    ),
}


def _to_draft_07(node: Any) -> Any:
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            new_key = "definitions" if key == "$defs" else key
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/$defs/", "#/definitions/")
            result[new_key] = _to_draft_07(value)
        return result
    if isinstance(node, list):
        return [_to_draft_07(item) for item in node]
    return node


def build_schema(model: type[BaseModel], description: str) -> dict[str, Any]:
    schema = _to_draft_07(model.model_json_schema(by_alias=True))
    if model is Assessment:
        schema["properties"]["ambitions"] = _assessment_ambitions(schema["properties"]["ambitions"])
    return {"$schema": DRAFT_07, "description": description, **schema}


def _assessment_ambitions(generated: dict[str, Any]) -> dict[str, Any]:
    """`ambitions:` as the tool reads it, where pydantic's schema says less.

    The model reads a bare status as {status: ...}, so an entry is either. And
    `ambitions:` left empty (YAML null) means `ambitions: {}`, nothing assessed yet,
    which `validate` accepts with a warning: an editor must not mark it as an error.
    """
    mapping = {
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "string", "enum": STATUS_WORDS},
                {"$ref": "#/definitions/Entry"},
            ]
        },
    }
    return {
        "anyOf": [mapping, {"type": "null"}],
        "title": generated["title"],
        "description": "Ambition id -> its entry or a bare status. Left empty, "
        "nothing is assessed yet (a warning).",
    }


def build_schemas() -> dict[str, str]:
    """File name -> the schema's JSON text, exactly as committed under schemas/."""
    return {
        name: json.dumps(build_schema(model, description), indent=2, ensure_ascii=False) + "\n"
        for name, (model, description) in SCHEMA_FILES.items()
    }
