"""The typer app, the options every command shares, and `run`: the one place where exit
codes are chosen (spec/cli.md)."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from flevonorm import i18n
from flevonorm.errors import (
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_OK,
    FlevonormError,
    UsageProblem,
    internal_error_message,
)
from flevonorm.i18n import _

if TYPE_CHECKING:
    from rich.console import Console

    from flevonorm.paths import RoundTarget
    from flevonorm.problems import Problem

app = typer.Typer(
    name="flevonorm",
    help="Validate, score and report the Flevolandse Norm from the YAML in a norm repository."
    "\n\nMessages are in Dutch with --lang nl (on any command) or a Dutch locale "
    "(LANG=nl_NL.UTF-8), else in English.\n\nExample: flevonorm validate",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The norm repository (the folder with norm.yaml). "
        "Default: the nearest such folder from here upwards.",
        file_okay=False,
        metavar="DIR",
    ),
]

_DECIMAL = re.compile(r"(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def parse_partial_weight(value: Any) -> float:
    """`--partial-weight W`: a number from 0 to 1, with a decimal point or comma (0.5, 0,5)."""
    if isinstance(value, (int, float)):
        return float(value)  # the default
    text = str(value).strip()
    if _DECIMAL.fullmatch(text) and 0 <= (weight := float(text.replace(",", "."))) <= 1:
        return weight
    raise UsageProblem(
        _("--partial-weight must be a number from 0 to 1, such as 0.5 or 0,5 (not {value})").format(
            value=repr(str(value))
        )
    )


def count_parser(option: str) -> Callable[[Any], int]:
    """A parser for an option that takes a whole number of 0 or more."""

    def parse(value: Any) -> int:
        if isinstance(value, int):
            return value  # the default
        text = str(value).strip()
        if text.isascii() and text.isdigit():
            return int(text)
        raise UsageProblem(
            _("{option} must be a whole number of 0 or more (not {value})").format(
                option=option, value=repr(str(value))
            )
        )

    return parse


PartialWeightOption = Annotated[
    float,
    typer.Option(
        "--partial-weight",
        parser=parse_partial_weight,
        help="Points for a partial status, from 0 to 1 (0.5 or 0,5).",
        metavar="W",
    ),
]


class Language(StrEnum):
    nl = "nl"
    en = "en"


LanguageOption = Annotated[
    Language,
    typer.Option(
        "--lang",
        help="nl or en: the language of the output, and of the messages (which otherwise "
        "follow the locale, LANG).",
        metavar="LANG",
    ),
]

# On commands whose output has no language of its own. run() has read --lang before
# parsing (so that even a wrong call is answered in it); the value needs no further use.
MessagesLanguageOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help="nl or en: the language of the messages (default: the locale's, from LANG).",
        metavar="LANG",
        show_default=False,
    ),
]

StaleAfterOption = Annotated[
    int,
    typer.Option(
        "--stale-after",
        parser=count_parser("--stale-after"),
        metavar="N",
        help="Warn about an answer repeated unchanged for N rounds while not achieved (0: never).",
    ),
]

NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read and check every file again, without the results kept from earlier runs "
        "(also: FLEVONORM_NO_CACHE=1).",
    ),
]


def use_cache(no_cache: bool) -> None:
    """Act on --no-cache, on the command line before or after the command."""
    if no_cache:
        from flevonorm import cache

        cache.configure(enabled=False)


RoundArgument = Annotated[
    str | None,
    typer.Argument(
        help="Round id or folder (rounds/2022-autumn); default: the latest by date.",
        show_default=False,
        metavar="[ROUND]",
    ),
]


def _version(value: bool) -> None:
    if value:
        from flevonorm import __version__

        print(f"flevonorm {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    lang: MessagesLanguageOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The options before the command."""
    del version, lang  # acted on by their callback, and by run() before parsing
    use_cache(no_cache)


def locate(root: Path | None, round_args: Sequence[str]) -> tuple[Path, list[RoundTarget]]:
    """The repository root and the rounds meant by the arguments, as the user typed them."""
    from flevonorm.paths import find_root, resolve_round
    from flevonorm.sources import WorkTree

    cwd = Path.cwd()
    repo_root = find_root(cwd, root)
    known = WorkTree(repo_root).round_folders() if round_args else []
    return repo_root, [resolve_round(repo_root, arg, cwd, known) for arg in round_args]


def locate_one(root: Path | None, round_arg: str | None) -> tuple[Path, RoundTarget | None]:
    """The repository root and the round meant (None: the latest)."""
    repo_root, targets = locate(root, [round_arg] if round_arg else [])
    return repo_root, targets[0] if targets else None


def show_problems(problems: list[Problem]) -> None:
    """Every command but validate keeps stdout for its result: problems go to stderr."""
    from flevonorm.writers.problems import problems_as_text

    sys.stderr.write(problems_as_text(problems, max_per_file=20))


def exit_code(*, errors: bool) -> int:
    """0 when the data allowed the result, 1 when errors in it were printed instead."""
    return EXIT_DATA if errors else EXIT_OK


def console() -> Console:
    from rich.console import Console

    terminal = Console()
    if not terminal.is_terminal:
        # Piped: plain text at a width that never wraps a table row.
        return Console(width=200, no_color=True, highlight=False, markup=False, emoji=False)
    return Console(markup=False, emoji=False, highlight=False)


def requested_language(argv: Sequence[str]) -> str | None:
    """The language `--lang nl|en` asks for anywhere among the arguments, read before the
    command line is parsed so that a wrong call is answered in it too."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
        if value in i18n.LANGUAGES:
            return value
    return None


def _command_called(args: Sequence[str]) -> str:
    """`flevonorm round new` from the arguments, for errors that do not name their command."""
    group: Any = typer.main.get_command(app)
    path = ["flevonorm"]
    for arg in args:
        commands = getattr(group, "commands", None)
        if not commands or arg not in commands:
            break
        path.append(arg)
        group = commands[arg]
    return " ".join(path)


def _say(message: str) -> None:
    from flevonorm.textsafe import terminal_safe

    # stderr may be a full disk or a closed pipe too: the exit code still tells.
    with contextlib.suppress(OSError):
        print(f"flevonorm: {terminal_safe(message)}", file=sys.stderr)


def _reader_gone() -> int:
    """The reader of stdout went away (`flevonorm report | head`): not a bug, nothing to
    say; what is still buffered goes nowhere, and the exit code is a shell's for SIGPIPE."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a reader that went away
EXIT_INTERRUPTED = 130  # 128 + SIGINT

# What writing the output can fail with, other than a reader that went away.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code; the only place exit codes are chosen."""
    # The commands register themselves on `app` when imported.
    from flevonorm.cli import commands  # noqa: F401

    args = sys.argv[1:] if argv is None else list(argv)
    i18n.set_language(requested_language(args) or i18n.language_from_environment(os.environ))
    # What a command reads lives until it ends, and almost none of it forms cycles: the
    # cyclic collector would only rescan it, again and again as it grows (half the time
    # of `validate` on a national repository). Reference counting still frees the rest.
    if "flevonorm.cache" in sys.modules:  # each run starts with the cache on (tests run many)
        sys.modules["flevonorm.cache"].configure(enabled=True)
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            result = app(args=args, prog_name="flevonorm", standalone_mode=False)
            sys.stdout.flush()  # what is still buffered fails here, not after the exit code
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRNOS:
                raise
            # Help, a table or a problem summary printed into a full disk or a broken
            # device: said as a write to a file (-o) is said, never as a bug.
            from flevonorm.files import OutputError, os_reason

            raise OutputError(_("standard output"), os_reason(exc)) from exc
    except FlevonormError as exc:
        if exc.problems:
            show_problems(exc.problems)
        else:
            _say(str(exc))
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # a bad call: unknown option, missing argument
        from typer._click.exceptions import NoArgsIsHelpError, UsageError

        if isinstance(exc, UsageError) and not isinstance(exc, NoArgsIsHelpError):
            from flevonorm.cli.helptext import usage_message

            _say(usage_message(exc, _command_called(args)))
            return exc.exit_code
        show = getattr(exc, "show", None)
        if show is not None:
            show()  # the help of a command called with nothing
        else:  # pragma: no cover - typer's own exceptions all have show()
            _say(exc.format_message())
        return getattr(exc, "exit_code", 2)
    except BrokenPipeError:
        return _reader_gone()
    except SystemExit as exc:
        # typer ends a command whose output hits a closed pipe with sys.exit(1), which
        # would say "the data has errors" to a `set -o pipefail` script.
        if isinstance(exc.__context__, BrokenPipeError):
            return _reader_gone()
        raise
    except (typer.Abort, KeyboardInterrupt):
        _say(_("interrupted"))
        return EXIT_INTERRUPTED
    except Exception as exc:
        print(internal_error_message(exc), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if collecting:
            gc.enable()
    if result == EXIT_INTERRUPTED:  # typer turns Ctrl-C into this code, and says nothing
        _say(_("interrupted"))
    return result if isinstance(result, int) else EXIT_OK
