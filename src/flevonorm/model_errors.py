"""Turn a parsed YAML document into a model, with every error at its `path:line:col`.

Pydantic reports errors by location (`("ambitions", "1.1", "status")`); the
Document knows where each location stands in the file. Messages are rewritten
for the people who edit these files by hand.
"""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from flevonorm.i18n import _, either
from flevonorm.problems import Problems
from flevonorm.suggest import closest
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


def _found(expected: str, value: Any) -> str:
    """`expected text, found a list`: one whole sentence per case, so that each translates."""
    if value is None:
        return {
            "text": _("expected text, found nothing"),
            "mapping": _("expected a mapping (key: value), found nothing"),
            "list": _("expected a list, found nothing"),
        }[expected]
    if isinstance(value, dict):
        return {
            "text": _("expected text, found a mapping"),
            "mapping": _("expected a mapping (key: value), found a mapping"),
            "list": _("expected a list, found a mapping"),
        }[expected]
    if isinstance(value, list):
        return {
            "text": _("expected text, found a list"),
            "mapping": _("expected a mapping (key: value), found a list"),
            "list": _("expected a list, found a list"),
        }[expected]
    return {
        "text": _("expected text, found {value}"),
        "mapping": _("expected a mapping (key: value), found {value}"),
        "list": _("expected a list, found {value}"),
    }[expected].format(value=repr(value))


def _not_allowed(value: Any, expected: str) -> str:
    if value is None:
        return _("nothing is given here; expected {expected}").format(expected=expected)
    if isinstance(value, dict):
        return _("a mapping is not allowed here; expected {expected}").format(expected=expected)
    if isinstance(value, list):
        return _("a list is not allowed here; expected {expected}").format(expected=expected)
    return _("{value} is not allowed here; expected {expected}").format(
        value=repr(value), expected=expected
    )


# Finding the nearest known key costs a string comparison per known key; a hostile file
# with 200,000 unknown keys would spend most of a minute on suggestions nobody reads.
SUGGESTIONS_PER_FILE = 100


def _message(error: ErrorDetails, model: type[BaseModel], *, suggest: bool = True) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    found = error.get("input")
    if kind == "missing":
        return _("missing required key {key}").format(key=repr(loc[-1]))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(model, loc[:-1])
        close = closest(key, known) if suggest else []
        if close:
            return _("unknown key {key}; did you mean {suggestion}?").format(
                key=repr(key), suggestion=repr(close[0])
            )
        return _("unknown key {key}; known keys: {known}").format(
            key=repr(key), known=", ".join(known)
        )
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return _not_allowed(found, _either(expected))
    if kind == "string_type":
        return _found("text", found)
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _found("mapping", found)
    if kind == "list_type":
        return _found("list", found)
    if kind == "too_short":
        return _("needs at least one entry")
    if kind.startswith("date"):
        # `date: [2022]` or `date: {}` as much as an empty date: pydantic's own words
        # ('Input should be a valid date') are English and say nothing of the form.
        return _("a date is needed here; write it as YYYY-MM-DD")
    if found is None and kind.endswith("_type"):
        return _("a value is needed here")
    if kind.startswith("flevonorm_"):
        return error["msg"]
    return error["msg"].removeprefix("Value error, ")


def _either(expected: str) -> str:
    """Pydantic's `'a', 'b' or 'c'` with the `or` in the language chosen."""
    head, sep, last = expected.rpartition(" or ")
    return either([head, last]) if sep else expected


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
