"""Help a person reads, and wrong calls answered in flevonorm's own words (spec/cli.md).

The help itself is English; the answers to wrong calls are messages, in the language
chosen.

Typer 0.29 labels every argument with its Python type (`ROUND <str>`, `<list[str]>`), every
ranged number with `0.0<=x<=1.0`, and wraps a metavariable in brackets again
(`[[ROUND]]`); a wrong value gets pydantic's words ("Value error, 'xml' is not one of…",
"unable to parse string as a number"). Here a command's usage line and help are built from
the metavariables the commands give (`[ROUND...]`, `W`, `DIR`), and the library's
exceptions for a wrong call are turned into one plain line.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING, Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from flevonorm.i18n import _, ngettext
from flevonorm.suggest import closest, did_you_mean

if TYPE_CHECKING:
    import typer
    from typer._click import Context, HelpFormatter
    from typer._click.exceptions import UsageError


def argument_label(param: TyperArgument) -> str:
    """The argument as the usage line shows it: its metavariable as written by the command
    (brackets and dots included), else its name in capitals."""
    if param.metavar:
        return param.metavar
    label = (param.name or "").upper()
    if param.nargs == -1:
        label += "..."
    return label if param.required else f"[{label}]"


def _option_names(param: TyperOption) -> str:
    # Short names first, as in `-o, --output`.
    return ", ".join(sorted(param.opts, key=lambda name: (name.startswith("--"), name)))


def _long_name(param: TyperOption) -> str:
    return max(param.opts, key=len)


def _option_metavar(param: TyperOption) -> str:
    if param.metavar:
        return param.metavar
    return _long_name(param).lstrip("-").replace("-", "_").upper()


def _shown_default(value: Any) -> str | None:
    if value is None or value is False or value == "" or isinstance(value, (list, tuple)):
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def option_record(param: TyperOption) -> tuple[str, str]:
    """One line of the Options section: names with the metavariable, then help with the
    default (never a type name or a range; the help text says what is allowed)."""
    names = _option_names(param)
    if not param.is_flag and not param.count:
        names += " " + _option_metavar(param)
    extra = []
    default = _shown_default(param.default) if param.show_default and not param.is_flag else None
    if default is not None:
        extra.append(f"default: {default}")
    if param.required:
        extra.append("required")
    help_text = param.help or ""
    if extra:
        help_text = f"{help_text}  [{'; '.join(extra)}]" if help_text else f"[{'; '.join(extra)}]"
    return names, help_text


class HelpCommand(TyperCommand):
    """A command whose usage line and help show only what a person types."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and not param.hidden:
                pieces.append(argument_label(param))
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and not param.hidden:
                arguments.append((argument_label(param), param.help or ""))
            elif isinstance(param, TyperOption) and not param.hidden:
                options.append(option_record(param))
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


def use_clean_help(app: typer.Typer) -> None:
    """Give every command registered on `app` (and on its sub-apps) the clean help."""
    for info in app.registered_commands:
        if info.cls is None or info.cls is TyperCommand:
            info.cls = HelpCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_clean_help(group.typer_instance)


# --- wrong calls -------------------------------------------------------------------------

_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument\(s\) \((.*)\)$", re.DOTALL)
# The library may add its own suggestion; flevonorm finds its own (suggest.py).
_NO_SUCH_COMMAND = re.compile(r"No such command '(.*?)'\.(?: Did you mean .*\?)?$", re.DOTALL)
_PATH_PROBLEM = re.compile(
    r"^(?:file|dir|path) '(.*)' "
    r"(does not exist|is a file|is a directory|is not readable|is not writable)\.$",
    re.DOTALL,
)


def _hint_name(param: Any) -> str:
    if isinstance(param, TyperOption):
        return _long_name(param)
    if isinstance(param, TyperArgument):
        return argument_label(param).strip("[]").removesuffix("...")
    return ""


def _choices(param: Any) -> list[str] | None:
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None)
    if not choices:
        return None
    return [str(c.value) if isinstance(c, Enum) else str(c) for c in choices]


def usage_message(exc: UsageError, command: str = "flevonorm") -> str:
    """A wrong call in flevonorm's words, in one line. A wrong value is answered with what
    is allowed (`--format must be one of: table, json, csv`); a call whose shape is wrong
    (an unknown option or command, something missing or too much) ends with where the
    right shape is shown (`(see flevonorm score -h)`). `command` is the command called, for
    errors that do not know it themselves."""
    from typer._click.exceptions import (
        BadOptionUsage,
        BadParameter,
        MissingParameter,
        NoSuchOption,
    )

    if exc.ctx is not None:
        command = exc.ctx.command_path
    message: str | None = None
    if isinstance(exc, NoSuchOption):
        message = _("no such option: {option}").format(option=exc.option_name)
        known = _long_options(exc.ctx) if exc.ctx is not None else exc.possibilities or []
        message += did_you_mean(closest(exc.option_name, known))
    elif isinstance(exc, MissingParameter):
        message = _("{name} is missing").format(name=_hint_name(exc.param))
    elif isinstance(exc, BadParameter):
        says_what_is_allowed = _bad_parameter(exc)
        if says_what_is_allowed is not None:
            return says_what_is_allowed
    elif isinstance(exc, BadOptionUsage):
        if "requires an argument" in exc.message:
            message = _("{option} needs a value").format(option=exc.option_name)
        elif "does not take a value" in exc.message:
            message = _("{option} takes no value").format(option=exc.option_name)
    elif found := _EXTRA_ARGUMENTS.match(exc.message):
        extra = found.group(1)
        message = ngettext(
            "unexpected argument: {arguments}",
            "unexpected arguments: {arguments}",
            len(extra.split()),
        ).format(arguments=extra)
    elif found := _NO_SUCH_COMMAND.match(exc.message):
        typed = found.group(1)
        message = _("no such command: {command}").format(command=typed)
        # Up to three, as the library offers them; found here by flevonorm's own measure
        # of close rather than read back from the library's English.
        message += did_you_mean(closest(typed, _command_names(exc.ctx), limit=3))
    if message is None:
        message = exc.format_message()  # a call no rule above knows: the library's words
    return _("{message} (see {command} -h)").format(message=message, command=command)


def _long_options(ctx: Context) -> list[str]:
    """The `--name` options of the command called that its help shows."""
    return [
        name
        for param in ctx.command.get_params(ctx)
        if not getattr(param, "hidden", False)
        for name in (*param.opts, *param.secondary_opts)
        if name.startswith("--")
    ]


def _command_names(ctx: Context | None) -> list[str]:
    """The commands of the group called that its help shows."""
    if ctx is None or not isinstance(ctx.command, TyperGroup):
        return []
    group = ctx.command
    return [
        name
        for name in group.list_commands(ctx)
        if (command := group.get_command(ctx, name)) is not None and not command.hidden
    ]


def _bad_parameter(exc: Any) -> str | None:
    name = _hint_name(exc.param)
    choices = _choices(exc.param)
    if choices is not None:
        return _("{option} must be one of: {choices}").format(
            option=name, choices=", ".join(choices)
        )
    found = _PATH_PROBLEM.match(exc.message)
    if found is None:
        return None
    path, problem = found.groups()
    message = {
        "does not exist": _("{option} {path}: it does not exist"),
        "is a file": _("{option} {path}: this is a file, not a folder"),
        "is a directory": _("{option} {path}: this is a folder, not a file"),
        "is not readable": _("{option} {path}: it cannot be read"),
        "is not writable": _("{option} {path}: it cannot be written to"),
    }[problem]
    return message.format(option=name, path=path)
