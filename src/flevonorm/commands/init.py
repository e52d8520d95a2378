"""`flevonorm init`: the files that start a norm repository for another region."""

from __future__ import annotations

from flevonorm.errors import UsageProblem
from flevonorm.i18n import _


def init_files(name: str) -> dict[str, str]:
    """Every file `init` writes, by path relative to the new repository."""
    from flevonorm.scaffold import scaffold_files

    try:
        return scaffold_files(name)
    except ValueError as exc:
        raise UsageProblem(_("--name: {reason}").format(reason=exc)) from None
