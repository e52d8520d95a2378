"""Turn a parsed YAML document into a model, with every error at its `path:line:col`.

Pydantic reports errors by location (`("ambitions", "1.1", "status")`); the
Document knows where each location stands in the file. Messages are rewritten
for the people who edit these files by hand.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from flevonorm.problems import Problems
from flevonorm.yamlio import Document, Loc

M = TypeVar("M", bound=BaseModel)


def validate_document(doc: Document, model: type[M], problems: Problems) -> M | None:
    """The model for `doc`, or None with every error added to `problems`."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for index, error in enumerate(exc.errors(include_url=False)):
            loc: Loc = tuple(error["loc"])
            line, col = doc.position(loc, key=error["type"] == "extra_forbidden")
            if error["type"] == "missing":
                line, col = doc.position(loc[:-1])
            message = _message(error, model, suggest=index < SUGGESTIONS_PER_FILE)
            problems.error(doc.path, line, col, message)
        return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# Finding the nearest known key costs a string comparison per known key; a hostile file
# with 200,000 unknown keys would spend most of a minute on suggestions nobody reads.
SUGGESTIONS_PER_FILE = 100


def _message(error: ErrorDetails, model: type[BaseModel], *, suggest: bool = True) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    found = error.get("input")
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(model, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6) if suggest else []
        hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(known)}"
        return f"unknown key {key!r}{hint}"
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{_describe(found)} is not allowed here; expected {expected}"
    if kind == "string_type":
        return f"expected text, found {_describe(found)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping (key: value), found {_describe(found)}"
    if kind == "list_type":
        return f"expected a list, found {_describe(found)}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind.startswith("flevonorm_"):
        return error["msg"]
    return error["msg"].removeprefix("Value error, ")


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed in the mapping at `loc`, found by following the model's fields."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = {f.alias or name: f for name, f in annotation.model_fields.items()}
            if part not in fields:
                return []
            annotation = fields[str(part)].annotation
        elif typing.get_origin(annotation) is list:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [f.alias or name for name, f in annotation.model_fields.items()]
    return []
