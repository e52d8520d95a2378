"""Pydantic models of the four file kinds (spec/data-format.md).

The YAML reader hands these models literal text for every scalar, so each
non-text field says how it reads text: dates only as YYYY-MM-DD, booleans only
as true/false, statuses in English or Dutch. Unknown keys are errors.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from flevonorm.i18n import _
from flevonorm.suggest import closest

# Adding a partner kind is this one line (plus its labels in the message catalogue).
PartnerKind = Literal["municipality", "province", "water_board", "police", "prosecution"]
PARTNER_KINDS: tuple[str, ...] = PartnerKind.__args__  # type: ignore[attr-defined]


def kind_label(kind: str) -> str:
    """A partner kind as a word in a table: `municipality`, `gemeente`."""
    labels = {
        "municipality": _("municipality"),
        "province": _("province"),
        "water_board": _("water board"),
        "police": _("police"),
        "prosecution": _("prosecution"),
    }
    return labels.get(kind, kind)


def kind_phrase(kind: str) -> str:
    """A partner kind inside a sentence: `applies to a municipality`, `geldt voor een gemeente`."""
    phrases = {
        "municipality": _("a municipality"),
        "province": _("a province"),
        "water_board": _("a water board"),
        "police": _("the police"),
        "prosecution": _("the Public Prosecution Service"),
    }
    return phrases.get(kind, kind)


class Status(StrEnum):
    ACHIEVED = "achieved"
    PARTIAL = "partial"
    NOT_ACHIEVED = "not_achieved"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"


DUTCH_STATUS = {
    "behaald": Status.ACHIEVED,
    "deels": Status.PARTIAL,
    "niet_behaald": Status.NOT_ACHIEVED,
    "nvt": Status.NOT_APPLICABLE,
    "niet_beoordeeld": Status.NOT_ASSESSED,
}
STATUS_WORDS = [s.value for s in Status] + list(DUTCH_STATUS)
# What people write for a status, from the report's own legend and from habit, and the
# status word it means. Compared by letters only: `n.v.t.`, `Niet Behaald` and
# `not-achieved` find their word without being listed here.
_STATUS_SAYINGS = {
    "deels behaald": "deels",
    "gedeeltelijk behaald": "deels",
    "gedeeltelijk": "deels",
    "niet van toepassing": "nvt",
    "nog niet beoordeeld": "niet_beoordeeld",
    "partially achieved": "partial",
    "partly achieved": "partial",
    "declared not applicable": "not_applicable",
}

PARTNER_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DOTTED_ID = re.compile(r"^[0-9]+(\.[0-9A-Za-z]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


_GLUED_ENTRY_KEY = re.compile(r"(status|note|evidence|next_step|items):(\S.*)", re.DOTALL)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def suggest_status(value: str) -> str | None:
    """The status word someone who wrote `value` most likely meant (`Behaald` → `behaald`,
    `deels behaald` → `deels`, `n.v.t.` → `nvt`), or None when nothing is close."""
    letters = _letters(value)
    if not letters:
        return None
    for word in STATUS_WORDS:
        if _letters(word) == letters:
            return word
    for saying, word in _STATUS_SAYINGS.items():
        if _letters(saying) == letters:
            return word
    close = closest(value.strip(), STATUS_WORDS)
    return close[0] if close else None


_STATUS_VALUES = frozenset(s.value for s in Status)


def _read_status(value: Any) -> Any:
    if isinstance(value, str):
        if value in DUTCH_STATUS:
            return DUTCH_STATUS[value]
        if value not in _STATUS_VALUES:
            glued = _GLUED_ENTRY_KEY.match(value)
            if glued is not None:
                # `"1.2":` then `status:partial` on the next line: YAML reads one text, the
                # bare status of 1.2, because the space after the colon is missing.
                raise PydanticCustomError(
                    "flevonorm_status",
                    _("{value} is not a status; a key needs a space after its ':', write {fixed}"),
                    {"value": repr(value), "fixed": f"{glued.group(1)}: {glued.group(2)}"},
                )
            suggestion = suggest_status(value)
            if suggestion is not None:
                raise PydanticCustomError(
                    "flevonorm_status",
                    _("{value} is not a status; did you mean {suggestion}?"),
                    {"value": repr(value), "suggestion": repr(suggestion)},
                )
            # The words of the language the reader chose; both languages are accepted.
            raise PydanticCustomError(
                "flevonorm_status",
                _(
                    "{value} is not a status; write achieved, partial, not_achieved, "
                    "not_applicable or not_assessed"
                ),
                {"value": repr(value)},
            )
    return value


def _read_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _DATE.match(value):
            raise PydanticCustomError(
                "flevonorm_date",
                _("{value} is not a date; write it as YYYY-MM-DD"),
                {"value": repr(value)},
            )
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "flevonorm_date",
                _("{value} is not a date in the calendar"),
                {"value": repr(value)},
            ) from None
    return value


def _read_bool(value: Any) -> Any:
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise PydanticCustomError(
            "flevonorm_bool",
            _("{value} is not accepted here; write true or false"),
            {"value": repr(value)},
        )
    return value


def _check_partner_id(value: str) -> str:
    if not PARTNER_ID.match(value):
        raise PydanticCustomError(
            "flevonorm_id",
            _(
                "{value} is not a valid id; use lowercase letters, digits and '-', "
                "starting with a letter or digit (it becomes a file or folder name)"
            ),
            {"value": repr(value)},
        )
    return value


def _check_dotted_id(value: str) -> str:
    if not DOTTED_ID.match(value):
        raise PydanticCustomError(
            "flevonorm_id",
            _(
                "{value} is not a valid id; use dot-separated numbers and letters such as 3.2 "
                "or 3.5.A"
            ),
            {"value": repr(value)},
        )
    return value


def _text_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


StatusField = Annotated[
    Status,
    BeforeValidator(_read_status),
    WithJsonSchema({"type": "string", "enum": STATUS_WORDS}),
]
YamlDate = Annotated[
    date,
    BeforeValidator(_read_date),
    WithJsonSchema({"type": "string", "pattern": _DATE.pattern, "format": "date"}),
]
YamlBool = Annotated[bool, BeforeValidator(_read_bool), WithJsonSchema({"type": "boolean"})]
PartnerId = Annotated[
    str,
    AfterValidator(_check_partner_id),
    WithJsonSchema({"type": "string", "pattern": PARTNER_ID.pattern}),
]
DottedId = Annotated[
    str,
    AfterValidator(_check_dotted_id),
    WithJsonSchema({"type": "string", "pattern": DOTTED_ID.pattern}),
]
TextList = Annotated[
    list[str],
    BeforeValidator(_text_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]
KindList = Annotated[list[PartnerKind], Field(min_length=1)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


# --- norm.yaml ---------------------------------------------------------------


class Item(StrictModel):
    id: DottedId
    text: str
    applies_to: KindList | None = Field(
        default=None, description="Narrows the ambition's partner kinds for this item."
    )


class Ambition(StrictModel):
    id: DottedId
    text: str
    short: str | None = Field(
        default=None, description="A few words that name the ambition in tables and charts."
    )
    group: str | None = Field(default=None, description="Optional sub-heading inside a theme.")
    applies_to: KindList | None = Field(
        default=None, description="Partner kinds the ambition concerns; default: every kind."
    )
    items: list[Item] | None = Field(
        default=None, description="Parts that must all be in place for the ambition."
    )
    from_: list[DottedId] | None = Field(
        default=None,
        alias="from",
        description="Ids in the superseded version that this ambition continues.",
    )

    @cached_property
    def _kinds(self) -> tuple[str, ...]:
        # Models are frozen: what is derived from their fields is worked out once.
        return tuple(self.applies_to) if self.applies_to is not None else PARTNER_KINDS

    def kinds(self) -> tuple[str, ...]:
        return self._kinds

    def applies(self, kind: str) -> bool:
        return kind in self._kinds

    def item_kinds(self, item: Item) -> tuple[str, ...]:
        return tuple(item.applies_to) if item.applies_to is not None else self.kinds()

    @cached_property
    def _items_by_kind(self) -> dict[str, tuple[Item, ...]]:
        return {}

    def items_for(self, kind: str) -> list[Item]:
        return list(self.applicable_items(kind))

    def applicable_items(self, kind: str) -> tuple[Item, ...]:
        """The items that apply to `kind` (items_for without the copy), worked out once."""
        found = self._items_by_kind.get(kind)
        if found is None:
            found = tuple(item for item in self.items or [] if kind in self.item_kinds(item))
            self._items_by_kind[kind] = found
        return found


class Theme(StrictModel):
    id: DottedId
    title: str | None = None
    ambitions: list[Ambition]


class NormVersion(StrictModel):
    version: DottedId
    status: Literal["adopted", "draft", "retired"]
    adopted_on: YamlDate | None = None
    source: str | None = None
    supersedes: DottedId | None = None
    note: str | None = None
    themes: list[Theme]

    @cached_property
    def _ambitions(self) -> tuple[Ambition, ...]:
        return tuple(ambition for theme in self.themes for ambition in theme.ambitions)

    @cached_property
    def _ambition_by_id(self) -> dict[str, Ambition]:
        by_id: dict[str, Ambition] = {}
        for ambition in self._ambitions:
            by_id.setdefault(ambition.id, ambition)  # the first of two equal ids, as before
        return by_id

    def ambitions(self) -> list[Ambition]:
        return list(self._ambitions)

    def ambition(self, ambition_id: str) -> Ambition | None:
        return self._ambition_by_id.get(ambition_id)

    @cached_property
    def _kinds(self) -> frozenset[str]:
        return frozenset(kind for ambition in self._ambitions for kind in ambition.kinds())

    def applies_to_kind(self, kind: str) -> bool:
        return kind in self._kinds


class NormFile(StrictModel):
    name: str
    versions: list[NormVersion] = Field(min_length=1)

    @cached_property
    def _version_by_id(self) -> dict[str, NormVersion]:
        by_id: dict[str, NormVersion] = {}
        for version in self.versions:
            by_id.setdefault(version.version, version)
        return by_id

    def version(self, version_id: str) -> NormVersion | None:
        return self._version_by_id.get(version_id)


# --- partners.yaml -----------------------------------------------------------


class Partner(StrictModel):
    id: PartnerId
    name: str
    kind: PartnerKind
    joined: YamlDate | None = Field(
        default=None, description="Rounds dated before this do not expect the partner."
    )
    left: YamlDate | None = Field(
        default=None, description="Rounds dated after this do not expect the partner."
    )

    def member_on(self, day: date) -> bool:
        return (self.joined is None or self.joined <= day) and (
            self.left is None or day <= self.left
        )


class PartnersFile(StrictModel):
    partners: list[Partner]

    @cached_property
    def _partner_by_id(self) -> dict[str, Partner]:
        by_id: dict[str, Partner] = {}
        for partner in self.partners:
            by_id.setdefault(partner.id, partner)
        return by_id

    def partner(self, partner_id: str) -> Partner | None:
        return self._partner_by_id.get(partner_id)


# --- rounds/<id>/round.yaml ----------------------------------------------------


class RoundFile(StrictModel):
    id: PartnerId
    title: str | None = None
    kind: Literal["monitoring", "evaluation"]
    norm: DottedId
    date: YamlDate
    example: YamlBool = Field(
        default=False, description="Illustrative data; every report says so on top."
    )


# --- rounds/<id>/<partner>.yaml ------------------------------------------------


class Entry(StrictModel):
    status: StatusField | None = None
    note: str | None = None
    evidence: TextList | None = None
    next_step: str | None = None
    items: dict[str, YamlBool] | None = None

    @model_validator(mode="after")
    def _needs_status_or_items(self) -> Entry:
        if self.status is None and self.items is None:
            raise PydanticCustomError(
                "flevonorm_entry", _("an entry needs a status or items (or both)")
            )
        if self.status is Status.NOT_APPLICABLE and not self.note:
            raise PydanticCustomError(
                "flevonorm_entry",
                _("not_applicable needs a note that says why the ambition does not apply"),
            )
        return self


def _bare_status(value: Any) -> Any:
    # `"1.2": achieved` is shorthand for `"1.2": {status: achieved}`; `"1.2":` with
    # nothing after it is an entry that still lacks its status.
    if value is None:
        return {}
    return {"status": value} if isinstance(value, str) else value


def _nothing_is_empty(value: Any) -> Any:
    # `ambitions:` with nothing after it means what `ambitions: {}` says: nothing assessed
    # yet (data-format.md); the checks warn about it.
    return {} if value is None else value


class Assessment(StrictModel):
    partner: PartnerId
    assessed_on: YamlDate | None = None
    assessed_by: str | None = None
    ambitions: Annotated[
        dict[str, Annotated[Entry, BeforeValidator(_bare_status)]],
        BeforeValidator(_nothing_is_empty),
    ]
