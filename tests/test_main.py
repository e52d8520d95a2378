"""The process a user starts: `python -m flevonorm` as the `flevonorm` command does, exit
codes that survive the quick exit, and output that cannot be written said as such."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT


def _flevonorm(
    *args: str, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "FLEVONORM_NO_CACHE": "1", "NO_COLOR": "1"}
    environment.pop("PYDANTIC_DISABLE_PLUGINS", None)
    return subprocess.run(
        [sys.executable, "-m", "flevonorm", *args],
        cwd=PROJECT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        check=False,
    )


def test_the_whole_output_arrives_before_the_process_leaves() -> None:
    done = _flevonorm("score", "2022-autumn", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('{\n  "round": "2022-autumn",')
    assert done.stdout.endswith("}\n")


@pytest.mark.parametrize(
    ("args", "code"),
    [(("validate",), 0), (("score", "nope"), 2), (("validate", "--strict"), 1)],
)
def test_exit_codes_reach_the_caller(args: tuple[str, ...], code: int) -> None:
    assert _flevonorm(*args).returncode == code


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [("validate",), ("score", "2022-autumn"), ("score", "2022-autumn", "--format", "json"),
     ("trend",), ("--help",), ("--version",)],
)  # fmt: skip
def test_a_full_disk_on_stdout_is_said_not_called_a_bug(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = _flevonorm(*args, stdout=full.fileno())
    assert done.returncode == 2
    assert "flevonorm: cannot write standard output: No space left on device\n" in done.stderr
    assert "internal error" not in done.stderr


@pytest.mark.parametrize("args", [("trend",), ("score", "2022-autumn"), ("validate",), ("--help",)])
def test_a_reader_gone_before_the_output_is_exit_141_not_a_data_error(
    args: tuple[str, ...],
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # `flevonorm ... | true`: nobody reads
    try:
        done = _flevonorm(*args, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_stdout_and_stderr_on_a_full_disk_still_give_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "flevonorm", "validate"],
            cwd=PROJECT,
            stdout=full,
            stderr=full,
            env={**os.environ, "FLEVONORM_NO_CACHE": "1"},
            check=False,
        )
    assert done.returncode == 2
