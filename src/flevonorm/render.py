"""The Jinja environment of the reports: where templates come from, words, numbers.

Templates are looked up file by file in `--templates DIR`, then the norm
repository's own `templates/`, then the ones shipped in the package. Words come
from gettext catalogues (templates/locale/<lang>/LC_MESSAGES/flevonorm.po, English
msgids) through Jinja's i18n extension; numbers and dates from Babel's CLDR data.

A repository's templates come from many hands through pull requests, and CI renders
them as root, so every template is rendered in Jinja's immutable sandbox: no attribute
of Python internals (`cycler.__init__.__globals__`), no file, no process. A template
file is read only from inside its folder (a symlink out of the repository is refused).
A template or catalogue that cannot be loaded, parsed or rendered is data with an error,
raised as TemplateProblem with located problems (`templates/report.md.j2:12:1: error:`).
"""

from __future__ import annotations

import math
import os
import posixpath
import re
import traceback
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from typing import Any, cast

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from markupsafe import Markup

from flevonorm.errors import FlevonormError
from flevonorm.problems import Problem, Severity
from flevonorm.textsafe import display_name, terminal_safe

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
SOURCE_LANGUAGE = "en"  # the msgids are English
DOMAIN = "flevonorm"
TEMPLATE_FOR = {"md": "report.md.j2", "html": "report.html.j2"}

# The shipped templates are a few KB each; anything near this is not a template.
MAX_TEMPLATE_BYTES = 1_000_000


class TemplateProblem(FlevonormError):
    """Templates or a message catalogue that cannot be used: the data has errors (exit 1).

    `problems` are located at the template (or .po) file and line, the path relative to
    the norm repository's root where the file is inside it.
    """

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def shipped_templates() -> Path:
    """The templates packaged with flevonorm (templates/ of its source tree)."""
    return Path(str(files("flevonorm.templates")))


def shown_path(filename: str, display_root: Path | None) -> str:
    """`filename` as a problem's path: relative to `display_root` when inside it."""
    if display_root is not None:
        with suppress(ValueError):
            inside = Path(os.path.abspath(filename)).relative_to(os.path.abspath(display_root))
            return display_name(inside.as_posix())
    return display_name(filename)


def _located(path: str, line: int, message: str) -> Problem:
    return Problem(path, max(line, 1), 1, Severity.ERROR, terminal_safe(message))


def translations(
    lang: str, search_path: list[Path], *, display_root: Path | None = None
) -> NullTranslations:
    """The catalogue for `lang`, from the first folder in `search_path` that has one.

    The .po file is compiled in memory: the catalogue stays reviewable text in git,
    and compiling a few hundred messages takes about a millisecond. A catalogue that
    Babel cannot read, or whose translations do not fit their placeholders, raises
    TemplateProblem at its line.
    """
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    for folder in search_path:
        po = folder / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            shown = shown_path(str(po), display_root)
            if not _is_within(os.path.realpath(po), _boundary(str(folder), display_root)):
                message = "the message catalogue is a symbolic link to a file outside the "
                raise TemplateProblem([_located(shown, 1, message + "repository; refused")])
            return _read_catalogue(po, lang, shown)
    raise FileNotFoundError(f"no message catalogue for language {lang!r}")


def _read_catalogue(po: Path, lang: str, shown: str) -> Translations:
    raw = b""
    try:
        with po.open("rb") as stream:
            raw = stream.read(MAX_TEMPLATE_BYTES + 1)
        if len(raw) > MAX_TEMPLATE_BYTES:
            message = f"the message catalogue is larger than {MAX_TEMPLATE_BYTES:,} bytes; refused"
            raise TemplateProblem([_located(shown, 1, message)])
        # abort_invalid: otherwise Babel prints its warnings to stdout, into the report.
        catalog = read_po(BytesIO(raw), locale=lang, domain=DOMAIN, abort_invalid=True)
        problems = _placeholder_problems(catalog, shown)
        if problems:
            raise TemplateProblem(problems)
        compiled = BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return Translations(fp=compiled, domain=DOMAIN)
    except TemplateProblem:
        raise
    except PoFileError as exc:
        # Babel counts lines from 0 and appends " on N" to its message.
        message = re.sub(r" on \d+$", "", str(exc))
        problem = _located(
            shown, exc.lineno + 1, f"the message catalogue cannot be read: {message}"
        )
    except UnicodeDecodeError as exc:
        problem = _located(
            shown,
            _first_undecodable_line(raw, exc.encoding),
            f"the message catalogue is not valid {exc.encoding} text",
        )
    except OSError as exc:
        problem = _located(shown, 1, f"cannot read the message catalogue: {exc.strerror}")
    except Exception as exc:  # Babel is a parser of text from many hands: any failure is the file's
        problem = _located(
            shown, 1, f"the message catalogue cannot be read: {type(exc).__name__}: {exc}"
        )
    raise TemplateProblem([problem])


def _first_undecodable_line(raw: bytes, encoding: str) -> int:
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return number
    return 1


_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?([a-zA-Z])")


def _placeholder_problems(catalog: Catalog, shown: str) -> list[Problem]:
    """Translations that would fail when the report is rendered, each at its msgid's line.

    Jinja's new-style gettext always %-formats a message with its keyword arguments
    (plus `num` for plurals), so a translation may only use the msgid's placeholders,
    with the same conversion, and a lone `%` must be written `%%`.
    """
    problems: list[Problem] = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        plural = not isinstance(message.id, str)
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        allowed = {found for text in ids for found in _PLACEHOLDER.findall(text)}
        values: dict[str, object] = {name: 1 for name, _conversion in allowed}
        if plural:
            allowed |= {("num", conversion) for conversion in "sd"}
            values["num"] = 1
        for text in strings:
            unknown = sorted(
                {f"%({n}){c}" for n, c in _PLACEHOLDER.findall(text)}
                - {f"%({n}){c}" for n, c in allowed}
            )
            error = f"unknown placeholder {', '.join(unknown)}" if unknown else None
            if error is None:
                try:
                    text % values
                except (KeyError, ValueError, TypeError) as exc:
                    error = f"not a valid format: {exc}"
            if error is not None:
                error = f"the translation of {ids[0]!r}: {error}"
                problems.append(_located(shown, message.lineno or 1, error))
    return problems


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


# Control characters that may not reach a reader's terminal from any rendered output (a
# report written to stdout, a comment pasted from CI): everything but the line feed, which
# the templates' own blocks hold; `md` turns line breaks in data into spaces.
_CONTROLS = re.compile(
    "[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029"
    "\\u202a-\\u202e\\u2066-\\u2069]"
)
# `@name` notifies a GitHub user or team when CI posts the text as a comment; a word
# joiner after the `@` keeps it readable and inert.
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def _escape_controls(text: str) -> str:
    return _CONTROLS.sub(lambda m: terminal_safe(m.group()), text)


def _inert(value: object) -> object:
    """Every `{{ ... }}` value, before it is written: control characters shown escaped
    (as `\\x1b`), whether the value came from the data or from a template."""
    if isinstance(value, Markup):
        return Markup(_escape_controls(str(value)))
    if isinstance(value, str):
        return _escape_controls(value)
    return value


def md_escape(value: object) -> str:
    """Text from the data as inert Markdown: no markup, no HTML, no table break, no
    control character and no @mention."""
    text = "" if value is None else str(value)
    text = _LINE_BREAKS.sub(" ", text.strip())
    text = terminal_safe(text)
    text = _MENTION.sub("@\u2060", text)
    text = _ENTITY_START.sub("&amp;", text)  # "B&W" stays; "&lt;" cannot become "<"
    return _MD_SPECIAL.sub(r"\\\1", text)


_MERMAID_QUOTES = re.compile(r'["`]')
_MERMAID_DROPPED = re.compile(r"[\\\[\]{};#<>]")


def mermaid_label(value: object) -> str:
    """Text from the data for a quoted label of a Mermaid chart: no quote, backtick,
    bracket, entity or line break can end the label, the chart or the Markdown code
    block; quotes become apostrophes, the rest is dropped."""
    text = " ".join(("" if value is None else str(value)).split())
    return _MERMAID_DROPPED.sub("", _MERMAID_QUOTES.sub("'", text)).strip()


def upper_first(value: object) -> str:
    """The first letter as a capital, the rest as written ("niet behaald" in a sentence,
    "Niet behaald" at the head of a column)."""
    text = "" if value is None else str(value)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Formatters:
    locale: str

    def percent(self, value: int | None) -> str:
        if value is None:
            return "–"
        return format_percent(Decimal(value) / 100, locale=self.locale)

    def number(self, value: float | int | None) -> str:
        if value is None:
            return "–"
        return format_decimal(Decimal(str(value)), format="#,##0.##", locale=self.locale)

    def signed(self, value: int | None) -> str:
        if value is None:
            return "–"
        if value == 0:
            return "±0"
        shown = format_decimal(abs(value), locale=self.locale)
        return f"+{shown}" if value > 0 else f"−{shown}"

    def long_date(self, value: str) -> str:
        return format_date(date.fromisoformat(value), format="long", locale=self.locale)

    def month_year(self, value: str) -> str:
        """ "okt. 2021" (nl), "Oct 2021" (en): a round's date where space is short."""
        return format_date(date.fromisoformat(value), format="MMM y", locale=self.locale)


CHART_PALETTE = ("#1f4e79", "#b3461b", "#2e6b30", "#6a3d9a", "#8a6d00", "#0e6470", "#9c1f4a",
                 "#4d4d4d", "#6b4420", "#3a78b5")  # fmt: skip


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of about `width` characters, cut at spaces; what
    does not fit ends in an ellipsis."""
    words, result, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            result.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        result.append(current)
    if len(result) > lines:
        result = result[:lines]
        result[-1] = result[-1].rstrip(".,;:") + "…"
    return result


def chart_geometry(
    trend: Mapping[str, Any],
    dates: list[str] | None = None,
    width: int = 640,
    plot_height: int = 220,
) -> dict[str, Any]:
    """Coordinates for the SVG trend chart, so that the template only draws what it is
    given: the total's line and, where `trend` has them (the internal edition), one line
    per partner.

    A series is cut into `segments` where a round has no figure (a partner without a
    file): a line is never drawn through a round it has no figure for, and a figure
    between two gaps is a lone point. `dates` are the rounds' dates as shown under their
    labels (the template formats them for its language)."""
    rounds = trend["rounds"]
    left, right, top = 44, 12, 16
    label_lines = 2
    bottom = top + plot_height
    plot_w = width - left - right
    # Each round owns an equal slot with its point in the middle, so that a label fits
    # under its point, the first and last included.
    slot = plot_w / max(len(rounds), 1)

    def x(index: int) -> float:
        return round(left + slot * (index + 0.5), 1)

    def y(percent: int) -> float:
        return round(top + plot_height * (100 - percent) / 100, 1)

    def segments(percents: list[int | None]) -> list[list[dict[str, Any]]]:
        runs: list[list[dict[str, Any]]] = [[]]
        for index, percent in enumerate(percents):
            if percent is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append({"x": x(index), "y": y(percent), "percent": percent})
        return [run for run in runs if run]

    # A label is centred under its point and wrapped to its slot (about 6.2 pixels a
    # character at 12 px), the round's date on a line of its own.
    chars = max(int(slot / 6.2), 8)
    x_ticks: list[dict[str, Any]] = []
    tick_lines = 1
    for index, ref in enumerate(rounds):
        lines = _wrap(str(ref["label"]), chars, label_lines)
        if dates is not None and index < len(dates):
            lines.append(dates[index])
        x_ticks.append({"x": x(index), "lines": lines})
        tick_lines = max(tick_lines, len(lines))
    legend_top = bottom + 24 + 14 * tick_lines
    partners = [
        {"name": row["name"], "colour": CHART_PALETTE[index % len(CHART_PALETTE)],
         "segments": segments(row["percents"])}
        for index, row in enumerate(trend.get("partners") or [])
    ]  # fmt: skip
    entries = [{"name": None, "colour": "#000000", "width": 3.5}] + [
        {"name": p["name"], "colour": p["colour"], "width": 2} for p in partners
    ]
    columns = 2 if partners else 1
    legend = [
        {
            **entry,
            "x": left + (index % columns) * (plot_w // columns),
            "y": legend_top + (index // columns) * 20,
        }
        for index, entry in enumerate(entries)
    ]
    height = legend_top + 20 * ((len(entries) + columns - 1) // columns)
    return {
        "width": width,
        "height": height,
        "plot": {"left": left, "right": width - right, "top": top, "bottom": bottom},
        "y_ticks": [{"y": y(p), "label": p} for p in (0, 25, 50, 75, 100)],
        "x_ticks": x_ticks,
        "label_top": bottom + 18,
        "partners": partners,
        "overall": segments(list(trend["overall"])),
        "legend": legend,
    }


class _ConfinedLoader(FileSystemLoader):
    """Templates from `search_path`, in order, each read only from inside its boundary.

    A template is UTF-8 text under MAX_TEMPLATE_BYTES, and its real path (symlinks
    followed) must stay inside its folder, or inside `display_root` for a folder in the
    norm repository: a `templates/report.md.j2` that links to /etc/shadow or to a CI
    secret must not end up in a published report. Whatever is refused is a
    TemplateSyntaxError at line 1, so it becomes a located problem like any other.
    """

    def __init__(self, search_path: list[Path], display_root: Path | None) -> None:
        super().__init__([str(folder) for folder in search_path])
        self.boundaries = {folder: _boundary(folder, display_root) for folder in self.searchpath}
        self.loaded: set[str] = set()  # the file names Jinja's traceback frames carry
        self.file_of: dict[str, str] = {}  # template name -> the file it was read from

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.normpath(posixpath.join(folder, *pieces))
            if os.path.isfile(filename):
                break
        else:
            raise TemplateNotFound(template, f"template {template!r} not found")
        if not _is_within(os.path.realpath(filename), self.boundaries[folder]):
            raise _refused(
                "the template is a symbolic link to a file outside the repository; refused",
                template,
                filename,
            )
        raw = _read_template(template, filename)
        try:
            contents = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            message = f"the template is not valid UTF-8 text (byte 0x{raw[exc.start]:02x})"
            raise _refused(message, template, filename, line) from None
        # Universal newlines, as the text-mode open() of Jinja's own loader gives.
        contents = contents.replace("\r\n", "\n").replace("\r", "\n")
        self.loaded.add(filename)
        self.file_of[template] = filename
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return contents, filename, uptodate


def _boundary(folder: str, display_root: Path | None) -> str:
    """Where files found in `folder` must really be: the repository when inside it."""
    if display_root is not None:
        root = os.path.abspath(display_root)
        if _is_within(os.path.abspath(folder), root):
            return os.path.realpath(root)
    return os.path.realpath(folder)


def _is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _read_template(template: str, filename: str) -> bytes:
    try:
        with open(filename, "rb") as stream:
            raw = stream.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise _refused(f"cannot read the template: {exc.strerror}", template, filename) from None
    if len(raw) > MAX_TEMPLATE_BYTES:
        message = f"the template is larger than {MAX_TEMPLATE_BYTES:,} bytes; refused"
        raise _refused(message, template, filename)
    return raw


class _TemplateRefused(TemplateSyntaxError):
    """A template file the loader will not use; its message is shown as it is."""


def _refused(message: str, template: str, filename: str, line: int = 1) -> _TemplateRefused:
    return _TemplateRefused(message, line, template, filename)


class MissingMacro(UndefinedError):
    """A template used a macro (`l.symbol(...)`) that the template it imported as `l`
    does not define: most often a repository's own `_labels.j2`, made for an older
    flevonorm, lacking a macro that a newer shipped report calls."""

    def __init__(self, message: str | None = None, *, module: str, macro: str) -> None:
        super().__init__(message)
        self.module = module  # the imported template's name, as in `{% import "_labels.j2" %}`
        self.macro = macro


class _Undefined(StrictUndefined):
    """StrictUndefined that raises MissingMacro for a name an imported template lacks, so
    that the problem can name the file that has to change."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateRuntimeError] = UndefinedError,
    ) -> None:
        if hint is None and isinstance(obj, TemplateModule) and isinstance(name, str):
            # Jinja only ever calls `exc(message)`; the partial does that with the names bound.
            exc = cast(
                "type[TemplateRuntimeError]",
                partial(MissingMacro, module=str(obj.__name__), macro=name),
            )
        super().__init__(hint, obj, name, exc)


# What a template may compute, so that `{{ "x" * 10**12 }}` or `{{ 9**9**9 }}` in a
# repository's template is refused instead of filling the CI machine's memory or CPU.
MAX_SEQUENCE_LENGTH = 10_000_000
MAX_POWER_BITS = 100_000


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with bounds on `*` and `**` and a record for locating."""

    intercepted_binops = frozenset({"*", "**"})
    display_root: Path | None = None

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | bytes | list | tuple)
                    and isinstance(count, int)
                    and len(sequence) * count > MAX_SEQUENCE_LENGTH
                ):
                    raise SecurityError("the result of '*' would be too long")
        elif (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and abs(left) > 1
            and right * math.log2(abs(left)) > MAX_POWER_BITS
        ):
            raise SecurityError("the result of '**' would be too large")
        return super().call_binop(context, operator, left, right)


def sandboxed_environment(
    search_path: list[Path],
    *,
    autoescape: bool,
    lang: str | None = None,
    display_root: Path | None = None,
) -> ImmutableSandboxedEnvironment:
    """A sandboxed Jinja environment over `search_path` (first folder wins, file by file).

    With `lang`, it has the i18n extension with that language's catalogue (`_`, `gettext`,
    `ngettext`) and the locale's filters (`pct`, `num`, `signed`, `longdate`); without,
    neither. `md` (inert Markdown) is always there. `display_root` is the norm
    repository's root: problems in templates inside it are shown relative to it, and
    those templates may not be symlinks out of it. Undefined names are errors.
    Render with `render_template` to get located problems. Raises TemplateProblem when
    the catalogue for `lang` is broken.
    """
    env = _Sandbox(
        loader=_ConfinedLoader(search_path, display_root),
        autoescape=autoescape,
        finalize=_inert,
        undefined=_Undefined,
        extensions=["jinja2.ext.i18n"] if lang is not None else [],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.display_root = display_root
    env.globals.pop("lipsum", None)  # unbounded text on demand; no template needs it
    env.filters.update(md=md_escape, mermaid=mermaid_label, upperfirst=upper_first)
    if lang is not None:
        catalogue = translations(lang, search_path, display_root=display_root)
        env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
        fmt = Formatters(LOCALES[lang])
        env.filters.update(
            pct=fmt.percent,
            num=fmt.number,
            signed=fmt.signed,
            longdate=fmt.long_date,
            monthyear=fmt.month_year,
        )
        env.globals.update(lang=lang)
    return env


def environment(
    lang: str, search_path: list[Path], *, html: bool, display_root: Path | None = None
) -> ImmutableSandboxedEnvironment:
    """The environment of the reports: sandboxed, with words, numbers and the chart."""
    env = sandboxed_environment(search_path, autoescape=html, lang=lang, display_root=display_root)
    env.globals.update(chart_geometry=chart_geometry)
    return env


def render_template(env: Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template `name` of `env` (from `sandboxed_environment`) with `context`.

    Raises TemplateProblem when the template (or one it imports or includes) cannot be
    loaded, parsed or rendered: any Jinja error, a sandbox refusal, an undefined name, and
    any other exception raised by a template that flevonorm does not ship. An exception in
    a shipped template that is not a Jinja error is a bug and is raised as it is.
    """
    try:
        return env.get_template(name).render(context)
    except TemplateError as exc:
        raise TemplateProblem([_template_problem(env, name, exc)]) from exc
    except Exception as exc:
        where = _innermost_template_frame(env, exc)
        if where is None or _is_shipped(where[0]):
            raise
        raise TemplateProblem([_template_problem(env, name, exc)]) from exc


def _is_shipped(filename: str) -> bool:
    return _is_within(os.path.realpath(filename), os.path.realpath(shipped_templates()))


def _innermost_template_frame(env: Environment, exc: BaseException) -> tuple[str, int] | None:
    """The template file and line where `exc` arose; Jinja's traceback frames carry them."""
    loaded = env.loader.loaded if isinstance(env.loader, _ConfinedLoader) else set()
    found: tuple[str, int] | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in loaded and frame.lineno is not None:
            found = (frame.filename, frame.lineno)
    return found


def _template_problem(env: Environment, name: str, exc: Exception) -> Problem:
    display_root = env.display_root if isinstance(env, _Sandbox) else None
    if isinstance(exc, MissingMacro):
        return _missing_macro_problem(env, name, exc, display_root)
    if isinstance(exc, TemplateSyntaxError) and exc.filename is not None:
        where: tuple[str, int] | None = (exc.filename, exc.lineno)
    else:
        where = _innermost_template_frame(env, exc)
    path = shown_path(where[0], display_root) if where else display_name(name)
    line = where[1] if where else 1
    return _located(path, line, _template_message(exc))


def _missing_macro_problem(
    env: Environment, name: str, exc: MissingMacro, display_root: Path | None
) -> Problem:
    """A macro missing from an imported template. When a shipped template calls it in a
    repository's own override of the imported one, the override is what has to change
    (or go): the problem is at that file, never at a file inside the installed package."""
    caller = _innermost_template_frame(env, exc)
    loader = env.loader
    module_file = loader.file_of.get(exc.module) if isinstance(loader, _ConfinedLoader) else None
    if (
        module_file is not None
        and caller is not None
        and _is_shipped(caller[0])
        and not _is_shipped(module_file)
    ):
        shipped_caller = os.path.relpath(
            os.path.realpath(caller[0]), os.path.realpath(shipped_templates())
        )
        message = (
            f"macro {exc.macro!r} is missing: the shipped template {shipped_caller} calls it "
            f"(line {caller[1]}); add it to this file, as in the shipped {exc.module}, or "
            "remove this file to use the shipped one"
        )
        return _located(shown_path(module_file, display_root), 1, message)
    # A repository's own template calls it: the call may as well be the mistake (a typo),
    # so the problem stays at the call and names the file that lacks the macro.
    imported = shown_path(module_file, display_root) if module_file else exc.module
    message = f"template error: {imported} has no macro {exc.macro!r}"
    path = shown_path(caller[0], display_root) if caller else display_name(name)
    return _located(path, caller[1] if caller else 1, message)


def _template_message(exc: Exception) -> str:
    if isinstance(exc, _TemplateRefused):
        return exc.message or "template refused"
    if isinstance(exc, TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, SecurityError):
        return f"refused by the template sandbox: {exc}"
    if isinstance(exc, TemplateNotFound):
        return f"template {exc.name!r} not found"
    if isinstance(exc, TemplateError):
        return f"template error: {exc.message or type(exc).__name__}"
    detail = str(exc)
    return f"template error: {type(exc).__name__}{': ' + detail if detail else ''}"


def render_report(
    context: dict[str, Any],
    fmt: str,
    lang: str,
    search_path: list[Path],
    display_root: Path | None = None,
) -> str:
    """Render the report `context` (from report.build_report) as md or html.

    `display_root` is the norm repository's root, for locating problems in its
    `templates/`. Raises TemplateProblem for a template or catalogue that cannot be used.
    """
    env = environment(lang, search_path, html=fmt == "html", display_root=display_root)
    return render_template(env, TEMPLATE_FOR[fmt], {"report": context})
