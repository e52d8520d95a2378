"""The Jinja environment of the reports: where templates come from, words, numbers.

Templates are looked up file by file in `--templates DIR`, then the norm
repository's own `templates/`, then the ones shipped in the package. Words come
from gettext catalogues (templates/locale/<lang>/LC_MESSAGES/flevonorm.po, English
msgids) through Jinja's i18n extension; numbers and dates from Babel's CLDR data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
SOURCE_LANGUAGE = "en"  # the msgids are English
DOMAIN = "flevonorm"
TEMPLATE_FOR = {"md": "report.md.j2", "html": "report.html.j2"}


def shipped_templates() -> Path:
    """The templates packaged with flevonorm (templates/ of its source tree)."""
    return Path(str(files("flevonorm.templates")))


def translations(lang: str, search_path: list[Path]) -> NullTranslations:
    """The catalogue for `lang`, from the first folder in `search_path` that has one.

    The .po file is compiled in memory: the catalogue stays reviewable text in git,
    and compiling a few hundred messages takes about a millisecond.
    """
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    for folder in search_path:
        po = folder / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            with po.open("rb") as stream:
                catalog = read_po(stream, locale=lang, domain=DOMAIN)
            compiled = BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return Translations(fp=compiled, domain=DOMAIN)
    raise FileNotFoundError(f"no message catalogue for language {lang!r}")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def md_escape(value: object) -> str:
    """Text from the data as inert Markdown: no markup, no HTML, no table break."""
    text = "" if value is None else str(value)
    text = _LINE_BREAKS.sub(" ", text.strip())
    text = _ENTITY_START.sub("&amp;", text)  # "B&W" stays; "&lt;" cannot become "<"
    return _MD_SPECIAL.sub(r"\\\1", text)


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


def chart_geometry(trend: dict[str, Any], width: int = 640, height: int = 260) -> dict[str, Any]:
    """Coordinates for the SVG trend chart: one line per partner and the overall one.

    Computed here so that the template only draws what it is given.
    """
    left, right, top, bottom = 48, 56, 16, 40
    rounds = trend["rounds"]
    span = max(len(rounds) - 1, 1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(index: int) -> float:
        return round(left + (plot_w * index / span if len(rounds) > 1 else plot_w / 2), 1)

    def y(percent: int) -> float:
        return round(top + plot_h * (100 - percent) / 100, 1)

    def series(percents: list[int | None]) -> list[dict[str, Any]]:
        return [
            {"x": x(i), "y": y(p), "percent": p} for i, p in enumerate(percents) if p is not None
        ]

    palette = ["#1f4e79", "#8a3b12", "#2e6b30", "#6a3d9a", "#7a5c00", "#0e6470", "#9c1f4a",
               "#4d4d4d", "#5b3a1a", "#245a8c"]  # fmt: skip
    lines = [
        {"name": row["name"], "colour": palette[index % len(palette)],
         "points": series(row["percents"])}
        for index, row in enumerate(trend["partners"])
    ]  # fmt: skip
    return {
        "width": width,
        "height": height,
        "plot": {"left": left, "right": width - right, "top": top, "bottom": height - bottom},
        "y_ticks": [{"y": y(p), "label": p} for p in (0, 25, 50, 75, 100)],
        "x_ticks": [{"x": x(i), "label": r["id"]} for i, r in enumerate(rounds)],
        "partners": lines,
        "overall": series(trend["overall"]),
    }


def environment(lang: str, search_path: list[Path], *, html: bool) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in search_path]),
        autoescape=html,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang, search_path), newstyle=True)  # type: ignore[attr-defined]
    fmt = Formatters(LOCALES[lang])
    env.filters.update(
        pct=fmt.percent,
        num=fmt.number,
        signed=fmt.signed,
        longdate=fmt.long_date,
        md=md_escape,
    )
    env.globals.update(chart_geometry=chart_geometry, lang=lang)
    return env


def render_report(context: dict[str, Any], fmt: str, lang: str, search_path: list[Path]) -> str:
    """Render the report `context` (from report.build_report) as md or html."""
    env = environment(lang, search_path, html=fmt == "html")
    return env.get_template(TEMPLATE_FOR[fmt]).render(report=context)
