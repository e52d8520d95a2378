"""The files of a new round (spec/history.md, `flevonorm round new`). Pure: no disk, no git.

`plan_new_round` returns every file to write, by path relative to the repository root;
the command writes them (all or none) and refuses an existing round folder. The files come
from the templates `round.yaml.j2` and `assessment.yaml.j2`, looked up file by file in a
search path (`--templates DIR`, the repository's `templates/`, the shipped ones) and
rendered in Jinja's sandbox: a template from a data repository can shape the text, not
reach into Python.

Everything a template writes from the data is made safe here (with flevonorm.yamlquote),
so that a template never has to escape anything: texts meant for a comment can no longer
leave it (no line break, nothing YAML refuses), values are YAML double-quoted scalars that
read back as exactly the text they hold, and every id is quoted (`"3.10"` stays text for
every YAML reader). Each generated file is read back with flevonorm's own reader and
models before it is returned; a template that writes something else than it was given is
refused with a `NewRoundError`, whose message (like the ValueErrors here) is in the
language chosen.

With a source round its answers are carried: by id within one norm version (here), or
through the `from` links across versions (computed by flevonorm.migration and handed in as
`SourceRound.carried`). Under one version an entry is copied from the partner's file line
for line, comments and layout included; otherwise it is written anew, with the partner's
comments above it and, where it came from another id or version, a comment saying so.

Template variables
------------------

`round.yaml.j2` receives:

- `round_id`: the round id as a quoted YAML scalar (`"2025-spring"`)
- `title`: the title as a quoted YAML scalar, or none
- `kind`: `monitoring` or `evaluation`
- `norm`: the norm version as a quoted YAML scalar (`"1.0"`)
- `date`: the round's date, `YYYY-MM-DD`
- `norm_name`: the norm's name, safe in a comment
- `source_round`: the id of the round answers are carried from (safe in a comment), or none

`assessment.yaml.j2` receives (one partner's file):

- `partner`: the partner id as a quoted YAML scalar
- `partner_name`: the partner's name, safe in a comment
- `round_id`, `date`, `norm_name`, `norm_version`: safe in a comment
- `source_round`: the id of the round this partner's answers come from, or none (also
  none for a partner with no file in that round)
- `themes`: the themes with at least one ambition that applies to the partner, each with
  - `header`: `1. Bewustwording` (theme id and title; `Thema 1` without a title), safe
    in a comment
  - `ambitions`: those that apply to the partner's kind, in norm order, each with
    - `key`: the ambition id as a quoted YAML scalar
    - `group`: the group heading where a new group starts, safe in a comment, else none
    - `text`: the id and the ambition text wrapped into lines, each safe in a comment
    - `origin`: `overgenomen uit norm 1.0, ambitie 3.2` where the entry was carried from
      another id or version (safe in a comment), else none
    - `comments`: comment lines the partner wrote beside or above the entry in the source
      round (only those above it when `verbatim` is given, which holds the others), each a
      whole comment starting with `#`
    - `verbatim`: the entry copied from the source file, key line first, indented by two
      spaces, as one text without a final line break; when it is given, the fields below
      are none (`item_hints` empty) and the template writes it as it is
    - `status`: the status word to write (`not_assessed` in the plain form), or none
    - `item_values`: a list of `{key, value}` (quoted item id, `true`/`false`), or none;
      an empty list is written `items: {}`
    - `note`, `next_step`: quoted YAML scalars, or none
    - `evidence`: a list of quoted YAML scalars, or none
    - `item_hints`: a list of `{key, text}` for the items that apply to the partner
      (quoted id, text safe in a comment), empty when the entry lists its items; the
      template writes them as comments ready to be uncommented

The templates are expected to put entries two spaces deep under `ambitions:`, as
`verbatim` is.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ValidationError

from flevonorm.i18n import _
from flevonorm.models import (
    PARTNER_ID,
    Ambition,
    Assessment,
    Entry,
    NormVersion,
    Partner,
    RoundFile,
    Status,
)
from flevonorm.problems import Problems
from flevonorm.status import is_expected, item_tally
from flevonorm.yamledit import EntryBlock, entry_blocks
from flevonorm.yamlio import Document, parse_yaml
from flevonorm.yamlquote import comment_text, yaml_string

if TYPE_CHECKING:
    from jinja2 import Environment

ROUND_TEMPLATE = "round.yaml.j2"
ASSESSMENT_TEMPLATE = "assessment.yaml.j2"
ROUND_KINDS = ("monitoring", "evaluation")
ENTRY_INDENT = 2  # entries stand two spaces deep under `ambitions:`
COMMENT_WIDTH = 96  # ambition texts are wrapped so that `  # ` + a line fits in 100 columns


class NewRoundError(Exception):
    """A template wrote a file that does not read back as what it was given."""


# --- what the round is carried from ------------------------------------------------


class CarriedAnswer(Protocol):
    """What a new ambition carries from the source round: flevonorm.migration.CarriedEntry
    has this shape. `entry` None is the plain form; `source_ids` are the ambitions of
    `source_version` it continues."""

    @property
    def entry(self) -> Entry | None: ...

    @property
    def source_ids(self) -> tuple[str, ...]: ...

    @property
    def source_version(self) -> str: ...


@dataclass(frozen=True)
class _ById:
    entry: Entry | None
    source_ids: tuple[str, ...]
    source_version: str


@dataclass(frozen=True)
class SourceFile:
    """One partner's file in the source round: its text as read, and its model."""

    text: str
    assessment: Assessment


@dataclass(frozen=True)
class SourceRound:
    """The round answers are carried from (`--from`).

    `files`: partner id -> its file in that round; a partner without one gets the plain
    form. `carried`: only needed across versions: partner id -> new ambition id -> what
    flevonorm.migration carried; when it is None the round must be under the new round's
    version, and entries are carried by id.
    """

    round_id: str
    version: NormVersion
    files: Mapping[str, SourceFile]
    carried: Mapping[str, Mapping[str, CarriedAnswer]] | None = None


# --- the sandboxed template environment ---------------------------------------------


def template_environment(
    search_path: Sequence[Path], display_root: Path | None = None
) -> Environment:
    """Templates looked up file by file in `search_path`, in the same sandbox as the
    report's (templates may not link out of the repository; output sizes bounded)."""
    from flevonorm.render import sandboxed_environment

    return sandboxed_environment(list(search_path), autoescape=False, display_root=display_root)


def _render(env: Environment, name: str, context: dict[str, Any]) -> tuple[str, str]:
    """The rendered text and the template's file name. A template that cannot be loaded,
    parsed or rendered raises TemplateProblem, located at its line (exit 1, not a bug)."""
    from flevonorm.render import render_template

    text = render_template(env, name, context)
    return text, env.get_template(name).filename or name


# --- the comments `round new` writes itself ------------------------------------------

_ITEM_HINT = re.compile(r'^#\s*items:\s*$|^#\s+"?[0-9][0-9A-Za-z.]*"?\s*:\s*(true|false)\b')
_ORIGIN = re.compile(r"^#\s*overgenomen uit ")


def _theme_header(theme_id: str, title: str | None) -> str:
    return comment_text(f"{theme_id}. {title}" if title else f"Thema {theme_id}")


def _text_lines(ambition: Ambition) -> list[str]:
    text = comment_text(f"{ambition.id} {ambition.text}")
    return textwrap.wrap(
        text, width=COMMENT_WIDTH, break_long_words=False, break_on_hyphens=False
    ) or [text]


def _normal(comment: str) -> str:
    return " ".join(comment.lstrip("#").split())


def _own_comments(version: NormVersion) -> frozenset[str]:
    """The comments `round new` writes for `version` (theme, group and ambition texts,
    item texts), whitespace-normalised, so that they are not taken for the partner's."""
    own: set[str] = set()
    for theme in version.themes:
        own.add(_normal(_theme_header(theme.id, theme.title)))
        for ambition in theme.ambitions:
            if ambition.group:
                own.add(_normal(comment_text(ambition.group)))
            own.update(_normal(line) for line in _text_lines(ambition))
            own.add(_normal(comment_text(f"{ambition.id} {ambition.text}")))
            own.update(_normal(comment_text(item.text)) for item in ambition.items or [])
    return frozenset(own)


def _partner_comments(comments: Sequence[str], own: frozenset[str]) -> list[str]:
    return [
        comment_text(comment)
        for comment in comments
        if not (_ITEM_HINT.match(comment) or _ORIGIN.match(comment) or _normal(comment) in own)
    ]


def _origin(carried: CarriedAnswer) -> str:
    ids = list(carried.source_ids)
    if len(ids) == 1:
        which = f"ambitie {ids[0]}"
    else:
        which = "ambities " + ", ".join(ids[:-1]) + " en " + ids[-1]
    return comment_text(f"overgenomen uit norm {carried.source_version}, {which}")


# --- one partner's file ------------------------------------------------------------


def _fit(ambition: Ambition, kind: str, entry: Entry | None) -> Entry | None:
    """The entry without items that do not apply to `kind` (a partner whose kind changed
    since the source round); a status that the remaining items contradict is dropped."""
    if entry is None or entry.items is None:
        return entry
    applicable = {item.id for item in ambition.items_for(kind)}
    if set(entry.items) <= applicable:
        return entry
    items = {item_id: value for item_id, value in entry.items.items() if item_id in applicable}
    status = entry.status
    tally = item_tally(ambition, kind, Entry(items=items))
    if status is not None and tally is not None and tally.status is not status:
        status = None
    return Entry(
        status=status,
        note=entry.note,
        evidence=entry.evidence,
        next_step=entry.next_step,
        items=items,
    )


def _copied(block: EntryBlock, ambition_id: str) -> str:
    lines = block.reindented(ENTRY_INDENT)
    first = block.lines[0]
    lines[0] = " " * ENTRY_INDENT + yaml_string(ambition_id) + first[block.key_end_col :]
    return "\n".join(lines)


@dataclass
class _Planned:
    """What one ambition of a partner's file will hold, before it is rendered."""

    ambition: Ambition
    entry: Entry | None  # None: the plain form
    origin: str | None
    comments: list[str]  # the partner's comments around the entry, to write above it anew
    comments_above: list[str]  # those above the entry, where the block is copied as it is
    block: EntryBlock | None  # the source block that may be copied as it is


def _entry_fields(ambition: Ambition, kind: str, entry: Entry | None) -> dict[str, Any]:
    if entry is None:
        entry = Entry(status=Status.NOT_ASSESSED)
    hints = (
        [
            {"key": yaml_string(item.id), "text": comment_text(item.text)}
            for item in ambition.items_for(kind)
        ]
        if entry.items is None
        else []
    )
    return {
        "verbatim": None,
        "status": entry.status.value if entry.status is not None else None,
        "item_values": (
            None
            if entry.items is None
            else [
                {"key": yaml_string(item_id), "value": "true" if value else "false"}
                for item_id, value in entry.items.items()
            ]
        ),
        "note": None if entry.note is None else yaml_string(entry.note),
        "evidence": (
            None if entry.evidence is None else [yaml_string(text) for text in entry.evidence]
        ),
        "next_step": None if entry.next_step is None else yaml_string(entry.next_step),
        "item_hints": hints,
    }


_EMPTY_FIELDS: dict[str, Any] = {
    "status": None,
    "item_values": None,
    "note": None,
    "evidence": None,
    "next_step": None,
    "item_hints": [],
}


def _themes_context(
    version: NormVersion, kind: str, planned: Mapping[str, _Planned], copy: set[str]
) -> list[dict[str, Any]]:
    themes: list[dict[str, Any]] = []
    for theme in version.themes:
        ambitions: list[dict[str, Any]] = []
        group: str | None = None
        for ambition in theme.ambitions:
            plan = planned.get(ambition.id)
            if plan is None or plan.ambition is not ambition:
                continue
            opens_group = ambition.group is not None and ambition.group != group
            group = ambition.group
            view: dict[str, Any] = {
                "key": yaml_string(ambition.id),
                "group": comment_text(ambition.group) if opens_group and ambition.group else None,
                "text": _text_lines(ambition),
                "origin": plan.origin,
            }
            if ambition.id in copy and plan.block is not None:
                view.update(
                    _EMPTY_FIELDS,
                    comments=plan.comments_above,
                    verbatim=_copied(plan.block, ambition.id),
                )
            else:
                view.update(_entry_fields(ambition, kind, plan.entry), comments=plan.comments)
            ambitions.append(view)
        if ambitions:
            themes.append({"header": _theme_header(theme.id, theme.title), "ambitions": ambitions})
    return themes


def _plan_partner(
    partner: Partner,
    version: NormVersion,
    source: SourceRound | None,
) -> dict[str, _Planned]:
    source_file = source.files.get(partner.id) if source is not None else None
    carried: Mapping[str, CarriedAnswer] = {}
    blocks: dict[str, EntryBlock] = {}
    own: frozenset[str] = frozenset()
    if source is not None and source_file is not None:
        if source.carried is not None:
            carried = source.carried.get(partner.id, {})
        else:
            carried = {
                ambition.id: _ById(
                    source_file.assessment.ambitions.get(ambition.id),
                    (ambition.id,),
                    version.version,
                )
                for ambition in version.ambitions()
            }
        blocks = entry_blocks(source_file.text)
        own = _own_comments(source.version) | _own_comments(version)

    planned: dict[str, _Planned] = {}
    for ambition in version.ambitions():
        if not ambition.applies(partner.kind) or ambition.id in planned:
            continue
        answer = carried.get(ambition.id)
        if answer is None or source_file is None:
            planned[ambition.id] = _Planned(ambition, None, None, [], [], None)
            continue
        entry = _fit(ambition, partner.kind, answer.entry)
        same_place = answer.source_version == version.version and tuple(answer.source_ids) == (
            ambition.id,
        )
        block = blocks.get(ambition.id) if same_place else None
        if not (
            block is not None
            and block.copyable
            and entry is not None
            and entry == source_file.assessment.ambitions.get(ambition.id)
        ):
            block = None
        comments: list[str] = []
        for source_id in answer.source_ids:
            source_block = blocks.get(source_id)
            if source_block is not None:
                comments += _partner_comments([*source_block.above, *source_block.inside], own)
        origin = _origin(answer) if entry is not None and not same_place else None
        above = _partner_comments(block.above, own) if block is not None else comments
        planned[ambition.id] = _Planned(ambition, entry, origin, comments, above, block)
    return planned


def _read_back_differences(
    text: str, path: str, partner: Partner, expected: Mapping[str, Entry]
) -> tuple[set[str] | None, str | None]:
    """Which ambitions read back other than expected (None: the file as a whole does),
    and why, in words; `(set(), None)` when the file reads back exactly."""
    problems = Problems()
    document = parse_yaml(text, path, problems)
    if document is None:
        return None, _first_problem(problems)
    try:
        assessment = Assessment.model_validate(document.data)
    except ValidationError as error:
        ids = {
            str(detail["loc"][1])
            for detail in error.errors()
            if len(detail["loc"]) > 1 and detail["loc"][0] == "ambitions"
        }
        return (ids or None), _model_refusal(document, Assessment)
    if assessment.partner != partner.id or set(assessment.ambitions) != set(expected):
        return None, _("{path}: partner or ambitions differ from what was given").format(path=path)
    differing = {
        ambition_id
        for ambition_id, entry in expected.items()
        if assessment.ambitions[ambition_id] != entry
    }
    if differing:
        return differing, _("{path}: ambition {ambition} reads back differently").format(
            path=path, ambition=min(differing)
        )
    return differing, None


def _first_problem(problems: Problems) -> str:
    first = next(iter(problems), None)
    return str(first) if first is not None else _("it does not parse")


def _model_refusal(document: Document, model: type[BaseModel]) -> str:
    """Why `model` refuses `document`: its first error at its `path:line:col`, worded as
    `validate` words it, in the language chosen."""
    from flevonorm.model_errors import validate_document

    problems = Problems()
    validate_document(document, model, problems)
    return _first_problem(problems)


def _refusal(template: str, reason: str) -> NewRoundError:
    return NewRoundError(
        _("the template {template} writes a file that is not what it was given: {reason}").format(
            template=template, reason=reason
        )
    )


def _partner_file(
    env: Environment,
    partner: Partner,
    version: NormVersion,
    source: SourceRound | None,
    context: dict[str, Any],
    path: str,
) -> str:
    planned = _plan_partner(partner, version, source)
    expected = {
        ambition_id: (plan.entry if plan.entry is not None else Entry(status=Status.NOT_ASSESSED))
        for ambition_id, plan in planned.items()
    }
    copy = {ambition_id for ambition_id, plan in planned.items() if plan.block is not None}
    while True:
        themes = _themes_context(version, partner.kind, planned, copy)
        text, template = _render(env, ASSESSMENT_TEMPLATE, {**context, "themes": themes})
        differing, reason = _read_back_differences(text, path, partner, expected)
        if reason is None:
            return text
        if not copy:
            raise _refusal(template, reason)
        # A copied block that does not read back as it did (a rare layout the copy cannot
        # keep) is written anew instead; what is written anew always reads back.
        retry = copy & differing if differing else set()
        copy -= retry or copy


# --- the round --------------------------------------------------------------------


def plan_new_round(
    round_id: str,
    *,
    title: str | None,
    kind: str,
    norm_name: str,
    version: NormVersion,
    on: date,
    partners: Sequence[Partner],
    source: SourceRound | None = None,
    search_path: Sequence[Path] | None = None,
    example: bool = False,
    display_root: Path | None = None,
) -> dict[str, str]:
    """Every file of the new round by its path from the repository root: `rounds/ID/round.yaml`,
    then `rounds/ID/<partner>.yaml` for each partner expected on `on`, in the order of
    `partners` (that of partners.yaml).

    `source` carries the answers of an earlier round (see SourceRound). `search_path`: the
    folders templates are looked up in, first match wins (default: the shipped templates).
    `example` marks the round as illustrative data (`example: true`), as a round made from
    an example round must be, or its report would show invented figures as real.
    Raises ValueError for a round id that cannot be a folder name, an unknown round kind,
    or a source round under another version without `carried`; NewRoundError when a
    template writes a file that does not read back as what it was given.
    """
    if not PARTNER_ID.match(round_id):
        raise ValueError(
            _(
                "{round} is not a valid round id; use lowercase letters, digits and '-', "
                "starting with a letter or digit (it becomes a folder name)"
            ).format(round=repr(round_id))
        )
    if kind not in ROUND_KINDS:
        raise ValueError(
            _("{kind} is not a round kind; use one of: {kinds}").format(
                kind=repr(kind), kinds=", ".join(ROUND_KINDS)
            )
        )
    if source is not None and source.carried is None and source.version.version != version.version:
        raise ValueError(
            _(
                "round {round} is under norm {old}, not {new}: its answers must be carried "
                "through the `from` links"
            ).format(round=source.round_id, old=source.version.version, new=version.version)
        )
    if search_path is None:
        from flevonorm.render import shipped_templates

        search_path = [shipped_templates()]
    env = template_environment(search_path, display_root)
    folder = f"rounds/{round_id}"
    source_round = comment_text(source.round_id) if source is not None else None

    round_text, template = _render(
        env,
        ROUND_TEMPLATE,
        {
            "round_id": yaml_string(round_id),
            "title": None if title is None else yaml_string(title),
            "kind": kind,
            "norm": yaml_string(version.version),
            "date": on.isoformat(),
            "norm_name": comment_text(norm_name),
            "source_round": source_round,
            "example": example,
        },
    )
    _check_round_file(
        round_text, f"{folder}/round.yaml", template, round_id, title, kind, version, on, example
    )
    files = {f"{folder}/round.yaml": round_text}

    for partner in partners:
        if not is_expected(partner, version, on):
            continue
        path = f"{folder}/{partner.id}.yaml"
        has_source = source is not None and partner.id in source.files
        context = {
            "partner": yaml_string(partner.id),
            "partner_name": comment_text(partner.name),
            "round_id": comment_text(round_id),
            "date": on.isoformat(),
            "norm_name": comment_text(norm_name),
            "norm_version": comment_text(version.version),
            "source_round": source_round if has_source else None,
        }
        files[path] = _partner_file(env, partner, version, source, context, path)
    return files


def _check_round_file(
    text: str,
    path: str,
    template: str,
    round_id: str,
    title: str | None,
    kind: str,
    version: NormVersion,
    on: date,
    example: bool,
) -> None:
    problems = Problems()
    document = parse_yaml(text, path, problems)
    reason: str | None = None
    if document is None:
        reason = _first_problem(problems)
    else:
        try:
            meta = RoundFile.model_validate(document.data)
        except ValidationError:
            reason = _model_refusal(document, RoundFile)
        else:
            if (meta.id, meta.title, meta.kind, meta.norm, meta.date, meta.example) != (
                round_id,
                title,
                kind,
                version.version,
                on,
                example,
            ):
                reason = _(
                    "{path}: id, title, kind, norm, date or example differ from what was given"
                ).format(path=path)
    if reason is not None:
        raise _refusal(template, reason)
