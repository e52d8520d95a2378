"""Time flevonorm's commands against their floor, in one run; print a Markdown table.

    python bench/bench.py ROOT [--repeat N] [--round R] [--only validate,score,...]

Each command runs as a fresh process, as a user or CI runs it, with its output thrown away:

    flevonorm validate --root ROOT
    flevonorm score R --root ROOT --format json
    flevonorm report R --root ROOT --format html
    flevonorm trend --root ROOT --format json
    flevonorm diff R_PREV R --root ROOT --format json

(report, trend and diff only when `flevonorm CMD --help` exits 0). R is the latest round by
date unless --round names one; R_PREV is the round before it by date.

A command's floor is a fresh interpreter that imports typer, pydantic, rich, jinja2 and yaml
and parses the files that command reads with `yaml.load(text, Loader=yaml.CSafeLoader)`:
validate and trend every round, score R's round, report the rounds up to R, diff the two
rounds, each with norm.yaml and partners.yaml. The bare-import floor imports the five
libraries and nothing else. Runs alternate (command, floor, ..., then the reverse order) so
that drift in the machine's load hits every subject alike. Each figure is the median of N
runs: wall time, and the child's CPU time (user + system), whose ratio moves less when other
processes compete for the cores; peak memory is the child's maximum resident set size, all
three from os.wait4 for that child alone.

The result cache (issue 12) is timed in the states asked for, each its own row:
--uncached (FLEVONORM_NO_CACHE=1), --cold (an empty cache folder before each run), --warm
(the cache as an untimed run just before left it) and --changed (that untimed run, then one
partner file of R edited: a comment line added or removed; it is put back at the end). The
cache folder is a temporary one, removed at the end; the user's own is never touched.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

LIBRARIES = "typer, pydantic, rich, jinja2, yaml"
BARE_IMPORT_CODE = f"import {LIBRARIES}"
# The floor reads the files the command reads, found the way the command finds them.
FLOOR_CODE = f"""\
import pathlib, sys
import {LIBRARIES}
root = pathlib.Path(sys.argv[1])
paths = [root / "norm.yaml", root / "partners.yaml"]
for round_id in sys.argv[2:]:
    paths += sorted((root / "rounds" / round_id).glob("*.yaml"))
for path in paths:
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""
COMMANDS = ("validate", "score", "report", "trend", "diff")


@dataclass(frozen=True)
class Subject:
    """Something timed: a command (in a state of the result cache), or a floor."""

    label: str
    argv: tuple[str, ...]
    cache: str = ""  # "", or one of CACHE_STATES: what `prepare` does before each run

    def prepare(self, bench: CacheBench | None) -> dict[str, str]:
        """Set the cache up for one run; the environment the run gets."""
        if not self.cache or bench is None:
            return dict(os.environ)
        return bench.prepare(self.cache)


CACHE_STATES = ("uncached", "cold", "warm", "changed")
CACHE_NOTES = {
    "uncached": "FLEVONORM_NO_CACHE=1: the cache neither read nor written",
    "cold": "an empty cache folder before each run: every file read, checked and kept",
    "warm": "the cache as the run before left it: nothing changed",
    "changed": "one partner file of R changed since the run before (a comment line "
    "added or removed), the rest as the cache holds it",
}


class CacheBench:
    """The result cache's folder for the timed runs, and the one partner file that
    `changed` edits (and puts back at the end)."""

    def __init__(self, root: Path, target: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="flevonorm-bench-cache-"))
        partner_files = sorted(
            p for p in (root / "rounds" / target).glob("*.yaml") if p.name != "round.yaml"
        )
        self.edited = partner_files[0]
        self.original = self.edited.read_bytes()
        self.turn = 0

    def prepare(self, state: str) -> dict[str, str]:
        environment = {**os.environ, "FLEVONORM_CACHE_DIR": str(self.folder)}
        environment.pop("FLEVONORM_NO_CACHE", None)
        if state == "uncached":
            environment["FLEVONORM_NO_CACHE"] = "1"
        elif state == "cold":
            shutil.rmtree(self.folder, ignore_errors=True)
        elif state == "changed":
            self.turn += 1
            extra = b"" if self.turn % 2 == 0 else b"# changed for the benchmark\n"
            self.edited.write_bytes(self.original + extra)
        return environment

    def close(self) -> None:
        self.edited.write_bytes(self.original)
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    exit_codes: set[int] = field(default_factory=set)
    last_stderr_line: str = ""

    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    def median_cpu_seconds(self) -> float:
        return statistics.median(self.cpu_seconds)

    def median_peak_mb(self) -> float:
        return statistics.median(self.peak_kib) * 1024 / 1e6


@dataclass(frozen=True)
class Case:
    name: str
    command: Subject
    floor: Subject


@dataclass(frozen=True)
class RoundInfo:
    id: str
    date: date | None  # None: round.yaml missing or without a readable date


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time, from before the spawn to after the wait
    cpu_seconds: float  # the child's user + system time
    peak_kib: int  # the child's maximum resident set size
    exit_code: int
    last_stderr_line: str


def run_once(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """One run of `argv`, its output thrown away."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
        )
        # wait4 rather than Popen.wait: it gives this child's own resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        lines = stderr.read().decode("utf-8", "replace").strip().splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, cpu, usage.ru_maxrss, process.returncode, lines[-1] if lines else "")


def measure(
    subjects: Sequence[Subject], repeat: int, cwd: Path, bench: CacheBench | None = None
) -> dict[Subject, Runs]:
    runs = {subject: Runs() for subject in subjects}
    for subject in subjects:  # one untimed run each: fills the page cache, finds failures
        run = run_once(subject.argv, cwd, subject.prepare(bench))
        runs[subject].exit_codes.add(run.exit_code)
        runs[subject].last_stderr_line = run.last_stderr_line
    for turn in range(repeat):
        order = subjects if turn % 2 == 0 else list(reversed(subjects))
        for subject in order:
            environment = subject.prepare(bench)
            if subject.cache in ("warm", "changed"):
                # The run before fills the cache: untimed, with the files as they are now.
                run_once(subject.argv, cwd, environment)
                environment = subject.prepare(bench)
            run = run_once(subject.argv, cwd, environment)
            runs[subject].seconds.append(run.seconds)
            runs[subject].cpu_seconds.append(run.cpu_seconds)
            runs[subject].peak_kib.append(run.peak_kib)
            runs[subject].exit_codes.add(run.exit_code)
    return runs


def read_rounds(root: Path) -> list[RoundInfo]:
    """Every round folder, dated ones in date order first, as flevonorm orders them."""
    rounds = []
    for folder in sorted(p for p in (root / "rounds").iterdir() if p.is_dir()):
        when: date | None = None
        try:
            data = yaml.load((folder / "round.yaml").read_bytes(), Loader=yaml.CSafeLoader)
        except (OSError, yaml.YAMLError):
            data = None
        if isinstance(data, dict) and isinstance(data.get("date"), date):
            when = data["date"]
        rounds.append(RoundInfo(folder.name, when))
    return sorted(rounds, key=lambda r: (r.date is None, r.date or date.min, r.id))


def floor(python: str, root: Path, round_ids: Sequence[str]) -> Subject:
    count = 2 + sum(
        len(list((root / "rounds" / round_id).glob("*.yaml"))) for round_id in round_ids
    )
    rounds = "round" if len(round_ids) == 1 else "rounds"
    label = f"parse {count:,} files ({len(round_ids)} {rounds})"
    return Subject(label, (python, "-c", FLOOR_CODE, str(root), *round_ids))


def available(flevonorm: str, command: str, cwd: Path) -> bool:
    done = subprocess.run([flevonorm, command, "--help"], cwd=cwd, capture_output=True, check=False)
    return done.returncode == 0


def build_cases(
    flevonorm: str,
    python: str,
    root: Path,
    target: str,
    wanted: Sequence[str],
    states: Sequence[str] = (),
) -> tuple[list[Case], list[str]]:
    """The cases to time, and notes on the ones left out."""
    rounds = read_rounds(root)
    dated = [r for r in rounds if r.date is not None]
    position = next(i for i, r in enumerate(dated) if r.id == target)
    up_to_target = [r.id for r in dated[: position + 1]]
    every_round = [r.id for r in rounds]
    previous = dated[position - 1].id if position > 0 else None
    root_option = ("--root", str(root))
    plans: dict[str, tuple[tuple[str, ...], list[str]]] = {
        "validate": (("validate", *root_option), every_round),
        "score": (("score", target, *root_option, "--format", "json"), [target]),
        "report": (("report", target, *root_option, "--format", "html"), up_to_target),
        "trend": (("trend", *root_option, "--format", "json"), [r.id for r in dated]),
    }
    if previous is not None:
        plans["diff"] = (
            ("diff", previous, target, *root_option, "--format", "json"),
            [previous, target],
        )
    cases: list[Case] = []
    notes: list[str] = []
    for name in wanted:
        if name not in plans:
            notes.append(f"`{name}` left out: {target} has no earlier dated round to diff with")
        elif not available(flevonorm, name, root):
            notes.append(f"`{name}` left out: `flevonorm {name} --help` does not exit 0 yet")
        else:
            arguments, round_ids = plans[name]
            base = floor(python, root, round_ids)
            label = "flevonorm " + " ".join(arguments)
            for state in states or ("",):
                command = Subject(label, (flevonorm, *arguments), state)
                cases.append(Case(name, command, base))
    return cases, notes


def duration(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def table(cases: Sequence[Case], bare: Subject, runs: dict[Subject, Runs]) -> list[str]:
    bare_seconds = runs[bare].median_seconds()
    lines = [
        "| command | median | floor | floor median | × floor | × floor, CPU | × bare import "
        "| peak RSS | floor peak RSS |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases:
        command, base = runs[case.command], runs[case.floor]
        failed = sorted(code for code in command.exit_codes if code != 0)
        state = f" ({case.command.cache})" if case.command.cache else ""
        exits = f" (exit {', '.join(map(str, failed))})" if failed else ""
        lines.append(
            f"| `{case.command.label}`{state}{exits} | {duration(command.median_seconds())} "
            f"| {case.floor.label} | {duration(base.median_seconds())} "
            f"| {command.median_seconds() / base.median_seconds():.2f}× "
            f"| {command.median_cpu_seconds() / base.median_cpu_seconds():.2f}× "
            f"| {command.median_seconds() / bare_seconds:.2f}× "
            f"| {command.median_peak_mb():.0f} MB | {base.median_peak_mb():.0f} MB |"
        )
    lines.append(
        f"| bare import ({LIBRARIES}) | {duration(bare_seconds)} | | | | | 1.00× "
        f"| {runs[bare].median_peak_mb():.0f} MB | |"
    )
    return lines


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def default_flevonorm() -> str:
    beside = Path(sys.executable).parent / "flevonorm"
    return str(beside) if beside.exists() else shutil.which("flevonorm") or "flevonorm"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time flevonorm's commands against their floor (see the module docstring)."
    )
    parser.add_argument("root", type=Path, metavar="ROOT", help="a norm repository")
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="runs each (5)")
    parser.add_argument("--round", metavar="R", help="default: the latest round by date")
    parser.add_argument(
        "--only", default=",".join(COMMANDS), metavar="CMD,...", help="commands to time"
    )
    parser.add_argument("--flevonorm", default=default_flevonorm(), metavar="PATH")
    for state in CACHE_STATES:
        parser.add_argument(
            f"--{state}", action="store_true", help=f"time each command {CACHE_NOTES[state]}"
        )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    if not (root / "norm.yaml").is_file():
        parser.error(f"{root} holds no norm.yaml")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    wanted = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(COMMANDS))
    if unknown:
        parser.error(f"--only: unknown {', '.join(unknown)}; choose from {', '.join(COMMANDS)}")
    dated = [r.id for r in read_rounds(root) if r.date is not None]
    if not dated:
        parser.error(f"{root} has no round with a readable date")
    target = Path(args.round).name if args.round else dated[-1]
    if target not in dated:
        parser.error(f"--round {args.round}: not a dated round of {root}")

    python = sys.executable
    # Without a choice: cold, what a CI job that keeps no cache between runs sees.
    states = [state for state in CACHE_STATES if getattr(args, state)] or ["cold"]
    cases, notes = build_cases(args.flevonorm, python, root, target, wanted, states)
    bare = Subject("bare import", (python, "-c", BARE_IMPORT_CODE))
    subjects = list(dict.fromkeys([s for c in cases for s in (c.command, c.floor)] + [bare]))
    bench = CacheBench(root, target)
    load_before = os.getloadavg()[0]
    try:
        runs = measure(subjects, args.repeat, root, bench)
    finally:
        bench.close()
    load_after = os.getloadavg()[0]

    files = [root / "norm.yaml", root / "partners.yaml", *sorted(root.glob("rounds/*/*.yaml"))]
    size = sum(path.stat().st_size for path in files)
    print(
        f"{root}: {len(files):,} YAML files, {size / 1e6:.1f} MB, {len(dated)} dated rounds; "
        f"R = {target}; median of {args.repeat} runs each"
    )
    print()
    print("\n".join(table(cases, bare, runs)))
    print()
    own_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    print(
        f"{cpu_model()}, {os.cpu_count()} cores, load average {load_before:.1f} before and "
        f"{load_after:.1f} after; Python {sys.version.split()[0]} ({python}); the commands "
        f"run in {root}. This script's own peak RSS is {own_peak_mb:.0f} MB: a child's "
        "reads no lower."
    )
    for state in states:
        print(f"- {state}: {CACHE_NOTES[state]}")
    for note in notes:
        print(f"- {note}")
    for case in cases:
        command = runs[case.command]
        if command.exit_codes != {0} and command.last_stderr_line:
            print(f"- `{case.name}` said: {command.last_stderr_line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
