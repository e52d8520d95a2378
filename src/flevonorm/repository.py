"""Finding the norm repository and naming its rounds, as a user types them."""

from __future__ import annotations

from pathlib import Path

from flevonorm.errors import UsageProblem
from flevonorm.models import PARTNER_ID

NORM_FILE = "norm.yaml"
PARTNERS_FILE = "partners.yaml"
ROUNDS_DIR = "rounds"
ROUND_FILE = "round.yaml"


def find_root(start: Path, override: Path | None = None) -> Path:
    """The folder holding norm.yaml: `override`, or the nearest from `start` upwards."""
    if override is not None:
        root = override.resolve()
        if not (root / NORM_FILE).is_file():
            raise UsageProblem(f"--root {override}: there is no {NORM_FILE} in that folder")
        return root
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / NORM_FILE).is_file():
            return folder
    raise UsageProblem(
        f"no norm repository found: no {NORM_FILE} in {here} or any folder above it; "
        "run flevonorm inside a norm repository or pass --root DIR"
    )


def display_path(root: Path, path: Path) -> str:
    """A path as problems show it: relative to the root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def round_folders(root: Path) -> list[Path]:
    """Every folder directly under rounds/, in name order."""
    rounds = root / ROUNDS_DIR
    if not rounds.is_dir():
        return []
    return sorted(p for p in rounds.iterdir() if p.is_dir() and not p.name.startswith("."))


def resolve_round(root: Path, argument: str, cwd: Path) -> str:
    """The round id meant by `argument`: an id, or a folder path relative to `cwd`."""
    folders = {p.name for p in round_folders(root)}
    if PARTNER_ID.match(argument) and argument in folders:
        return argument
    candidate = (cwd / argument).resolve()
    if candidate.parent == (root / ROUNDS_DIR).resolve() and candidate.name in folders:
        return candidate.name
    known = ", ".join(sorted(folders)) or "none"
    raise UsageProblem(
        f"unknown round {argument!r}: give a round id or a folder under "
        f"{ROUNDS_DIR}/ (known rounds: {known})"
    )
