"""The command line: each command parses its options, calls one use case from
flevonorm.commands and hands the outcome to a writer. Exit codes are chosen in
`app.run` alone."""

from __future__ import annotations

import sys

from flevonorm.cli.app import app, run

__all__ = ["app", "main", "run"]


def main() -> None:
    sys.exit(run())
