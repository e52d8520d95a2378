"""A command imports only what it uses: on a small repository the imports are most of the
time a command takes (issue 12). Each case runs in a fresh interpreter, since this one has
imported everything already."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import PROJECT

_PROBE = """
import contextlib, io, json, sys
from flevonorm.cli import run
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = run(sys.argv[1:])
print(json.dumps([code, sorted({name.split(".")[0] for name in sys.modules})]))
"""


def _imported(*args: str) -> tuple[int, set[str]]:
    """The exit code of `flevonorm ARGS` in the example repository, and the top-level
    packages it imported."""
    environment = {**os.environ, "FLEVONORM_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    code, modules = json.loads(done.stdout)
    return code, set(modules)


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("score", "2022-autumn"),
        ("score", "2022-autumn", "--format", "json"),
        ("score", "2022-autumn", "--format", "csv"),
        ("validate",),
        ("trend", "--format", "json"),
    ],
    ids=" ".join,
)
def test_commands_without_a_report_load_neither_jinja2_nor_babel(args: tuple[str, ...]) -> None:
    code, modules = _imported(*args)
    assert code == 0
    assert "typer" in modules  # the probe did run the command line
    assert "jinja2" not in modules
    assert "babel" not in modules


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("score", "2022-autumn", "--format", "json"),
        ("score", "2022-autumn", "--format", "csv"),
        ("validate",),
    ],
    ids=" ".join,
)
def test_plain_output_does_not_load_rich(args: tuple[str, ...]) -> None:
    code, modules = _imported(*args)
    assert code == 0
    assert "rich" not in modules


def test_the_probe_sees_what_a_command_does_load() -> None:
    # The HTML report renders with Jinja: the probe must see it, or the tests above
    # would pass whatever the commands import.
    code, modules = _imported("report", "2022-autumn", "--format", "html", "-o", os.devnull)
    assert code == 0
    assert "jinja2" in modules
