"""Importing this registers every command on the app, with help a person reads."""

from flevonorm.cli import (
    cache,
    diff,
    init,
    norm,
    report,
    round,
    schema,
    score,
    trend,
    validate,
)
from flevonorm.cli.app import app
from flevonorm.cli.helptext import use_clean_help

use_clean_help(app)

__all__ = [
    "cache",
    "diff",
    "init",
    "norm",
    "report",
    "round",
    "schema",
    "score",
    "trend",
    "validate",
]
