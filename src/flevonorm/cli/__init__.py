"""The command line: each command parses its options, calls one use case from
flevonorm.commands and hands the outcome to a writer. Exit codes are chosen in
`app.run` alone."""

from __future__ import annotations

import os
import sys

from flevonorm.cli.app import app, run

__all__ = ["app", "main", "run"]


def main() -> None:
    # flevonorm uses no pydantic plugin, and looking for them reads the metadata of every
    # installed package on each start (~15 ms, a tenth of a small command). A user who
    # sets the variable keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = run()
    # Everything is written and closed by now. Leave without freeing what the command
    # read one object at a time, as the interpreter's shutdown would: for a national
    # repository that took longer than scoring a round (no exit handler is ours).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader went away, as run() already knows
    except OSError:
        code = code or 2  # output that could not be written is not a success
    os._exit(code)
