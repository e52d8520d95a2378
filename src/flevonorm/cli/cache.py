"""`flevonorm cache clear`."""

from __future__ import annotations

import typer

from flevonorm.cli.app import MessagesLanguageOption, app

cache_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(cache_app, name="cache")


@cache_app.callback()
def _cache(lang: MessagesLanguageOption = None) -> None:
    """The results kept from earlier runs, so that unchanged files are not read and
    checked again.

    Example: flevonorm cache clear
    """
    del lang  # chosen by run() before parsing


@cache_app.command("clear")
def cache_clear(lang: MessagesLanguageOption = None) -> int:
    """Remove every result kept from earlier runs (in FLEVONORM_CACHE_DIR, else the
    user's cache folder, such as ~/.cache/flevonorm). The next run reads and checks every
    file again, and keeps their results anew.

    Example: flevonorm cache clear
    """
    import sys

    from flevonorm import cache
    from flevonorm.i18n import ngettext

    del lang  # chosen by run() before parsing
    removed = cache.clear()
    message = ngettext(
        "removed {count} cache file from {folder}",
        "removed {count} cache files from {folder}",
        removed,
    )
    print(message.format(count=removed, folder=cache.cache_folder()), file=sys.stderr)
    return 0
