"""The words of a writer's tables, by English message id, in the language asked for.

Small tables per writer (diff, norm) until their words move into a gettext catalogue;
the msgids are English so that they can move unchanged."""

from __future__ import annotations

from collections.abc import Mapping


class Words:
    """`words("Old")` in the chosen language; `%(name)s` placeholders filled in."""

    def __init__(self, tables: Mapping[str, Mapping[str, str]], lang: str) -> None:
        if lang not in tables:
            raise ValueError(f"no words for language {lang!r}; use one of: {', '.join(tables)}")
        self._table = tables[lang]

    def __call__(self, message: str, **values: object) -> str:
        text = self._table.get(message, message)
        return text % values if values else text

    def plural(self, singular: str, plural: str, count: int) -> str:
        return self(singular if count == 1 else plural, count=count)
