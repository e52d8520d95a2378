"""Finding the norm repository and naming its rounds as a user types them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flevonorm.errors import UsageProblem
from flevonorm.i18n import _
from flevonorm.suggest import closest, did_you_mean

NORM_FILE = "norm.yaml"
PARTNERS_FILE = "partners.yaml"
ROUNDS_DIR = "rounds"
ROUND_FILE = "round.yaml"
DATA_SUFFIX = ".yaml"


def round_folder(round_id: str) -> str:
    return f"{ROUNDS_DIR}/{round_id}"


def find_root(start: Path, override: Path | None = None) -> Path:
    """The folder holding norm.yaml: `override`, or the nearest from `start` upwards."""
    if override is not None:
        root = override.resolve()
        if not (root / NORM_FILE).is_file():
            raise UsageProblem(
                _("--root {folder}: there is no {norm} in that folder").format(
                    folder=override, norm=NORM_FILE
                )
            )
        return root
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / NORM_FILE).is_file():
            return folder
    raise UsageProblem(
        _(
            "no norm repository found: no {norm} in {folder} or any folder above it; "
            "run flevonorm inside a norm repository or pass --root DIR"
        ).format(norm=NORM_FILE, folder=here)
    )


@dataclass(frozen=True)
class RoundTarget:
    """A round argument resolved: the round, and the partner file when one was named."""

    round_id: str
    partner_file: str | None = None  # path relative to the root, e.g. rounds/r1/gem-a.yaml


def resolve_round(root: Path, argument: str, cwd: Path, known: list[str]) -> RoundTarget:
    """The round meant by `argument`: an id, a round folder or a partner file in one, as a
    path relative to `cwd` or else to the root (spec/cli.md)."""
    if argument in known:
        return RoundTarget(argument)
    rounds = (root / ROUNDS_DIR).resolve()
    for base in (cwd, root):
        candidate = (base / argument).resolve()
        if candidate.parent == rounds and candidate.name in known:
            return RoundTarget(candidate.name)
        in_round = candidate.parent.parent == rounds and candidate.parent.name in known
        if in_round and candidate.is_file() and candidate.suffix == DATA_SUFFIX:
            relative = candidate.relative_to(root.resolve()).as_posix()
            return RoundTarget(candidate.parent.name, relative)
    name = Path(argument.rstrip("/")).name
    if not known:
        raise UsageProblem(
            _("unknown round {round}: there are no rounds under {rounds}/ yet").format(
                round=repr(argument), rounds=ROUNDS_DIR
            )
        )
    message = _(
        "unknown round {round}: give a round id or a folder under {rounds}/ (known rounds: {known})"
    ).format(round=repr(argument), rounds=ROUNDS_DIR, known=", ".join(known))
    message += did_you_mean(closest(name, known))
    raise UsageProblem(message)
