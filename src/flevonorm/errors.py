"""The few error types of flevonorm, and the one place that maps them to exit codes.

Exit codes (spec/cli.md): 0 done; 1 the data has errors; 2 the command was called
wrongly; 3 an internal error (a bug).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flevonorm.problems import Problem

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class FlevonormError(Exception):
    """A problem the user can act on; its message is shown without a traceback. When it
    carries located problems (a template that does not render), those are shown instead."""

    exit_code = EXIT_DATA
    problems: list[Problem] = []  # noqa: RUF012 - never mutated; subclasses set their own


class UsageProblem(FlevonormError):
    """The command was called wrongly: unknown round, no norm repository, bad option value."""

    exit_code = EXIT_USAGE


def internal_error_message(exc: BaseException) -> str:
    from flevonorm.i18n import _

    return _(
        "flevonorm: internal error: {error}\n"
        "This is a bug in flevonorm, not a problem with your data. Please report it, with the "
        "command you ran and this message, to the issue tracker of the flevonorm project "
        "(see README.md, 'Reporting a bug')."
    ).format(error=f"{type(exc).__name__}: {exc}")
