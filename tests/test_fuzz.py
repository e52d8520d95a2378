"""Fuzzing the command line: valid norm repositories, and the same mangled at random
(tests/fuzz_strategies.py: trees, bytes, file names, folders, FIFOs, symlinks, the
repository's templates and message catalogue), run in-process through `flevonorm.cli.run`
as validate, score, report (md, html, json), trend and diff.

Whatever the repository holds, every run must:

- end with exit 0, 1 or 2: never 3 (a bug), never an exception escaping `run`, never hang
  (HANG_SECONDS);
- exit 1 only with an error printed, 2 only with a `flevonorm: ` line, 0 with no error;
- print each problem as one line, `path:line:col: error|warning: message`; besides those,
  only the summary, `... more problems not shown`, `ok:` and `flevonorm: ` lines. validate
  prints them on stdout; the other commands on stderr, and their stdout holds only the
  result: nothing when they fail, valid JSON for `--format json`;
- print no raw control character: no C0 (tab and carriage return included; `\\n` only as
  a line end), DEL or C1 in any output, HTML and JSON included. A problem line holds no
  Unicode line separator or bidirectional control either; output read line by line
  (problems, tables, CSV, Markdown) holds no line separator, and no line that starts with
  what followed a line break in the data (`FORGED...`);
- never show the content of a file outside the repository that a symlink points at;
- change, add or remove no file, folder or link.

In CI the runs are bounded and seeded: the same examples every time, under fifteen seconds
for the whole file on a two-core machine. A longer, random run is one command:

    FLEVONORM_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py

which runs 2000 mangled repositories (three commands each) and 200 valid ones (every
command each), about five minutes; `--hypothesis-seed=N` repeats a random run. A failure
shows the changes made to the valid repository and the bytes of every file.

What is known to fail is in KNOWN_FINDINGS, and those checks are left out for those
commands; each finding has a strict-xfail regression test under "Findings, minimised". When
one is fixed, its test passes unexpectedly, which fails: remove the mark and the entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flevonorm.cli import run

from .conftest import DATA
from .fuzz_strategies import (
    FORGED_MARKER,
    SECRET,
    Entry,
    FuzzCase,
    fuzzed_repositories,
    valid_cases,
)

_LONG_RUN = int(os.environ.get("FLEVONORM_FUZZ_EXAMPLES", "0"))


def fuzz_settings(ci_examples: int, long_run_share: float = 1.0) -> settings:
    """Seeded and small in CI; random and `long_run_share` of FLEVONORM_FUZZ_EXAMPLES
    (at least `ci_examples`) when that is set."""
    return settings(
        max_examples=max(ci_examples, int(_LONG_RUN * long_run_share)),
        derandomize=not _LONG_RUN,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- running flevonorm -------------------------------------------------------------------

# A command that takes this long is hung (on a FIFO, a device, a huge file): a failure.
HANG_SECONDS = 20


class Hung(BaseException):
    """Raised by the alarm; a BaseException, so that `run` cannot turn it into exit 3."""


@dataclass
class Run:
    args: list[str]
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        # Enough of each stream to see what went wrong; a report can run to megabytes.
        shown = f"{self.err[:3000]}\n{self.out[:3000]}"
        return f"flevonorm {' '.join(self.args)!r} -> exit {self.code}\n{shown}"


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hung(f"no answer in {HANG_SECONDS} s")


@contextlib.contextmanager
def _user_environment(cwd: Path) -> Iterator[None]:
    """A user's shell, piped: no colour, wide, English, in `cwd` (outside the repository)."""
    before = Path.cwd()
    with mock.patch.dict(os.environ, {"NO_COLOR": "1", "COLUMNS": "200", "LANG": "C.UTF-8"}):
        for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "FORCE_COLOR", "TERM"):
            os.environ.pop(name, None)
        os.chdir(cwd)
        try:
            yield
        finally:
            os.chdir(before)


def run_flevonorm(args: list[str]) -> Run:
    """`flevonorm ARGS` as a user runs it with stdout and stderr piped: stdout refuses what
    is not UTF-8 (a lone surrogate fails there as it would on a real pipe), stderr escapes."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", newline="")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace", newline="")
    saved = sys.stdout, sys.stderr
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(HANG_SECONDS)
    sys.stdout, sys.stderr = out, err
    try:
        code = run(args)
    except Hung:
        raise AssertionError(f"flevonorm {' '.join(args)!r} hung") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        sys.stdout, sys.stderr = saved
        out.flush()
        err.flush()
    # Both were written as UTF-8 by the wrappers above; strict decoding checks it.
    return Run(args, code, out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode())


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder`: what it is, and its bytes' hash or its link target."""
    found: dict[str, str] = {}
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(parent, name)
            key = os.path.relpath(path, folder)
            if os.path.islink(path):
                found[key] = "link to " + os.readlink(path)
            elif os.path.isdir(path):
                found[key] = "folder"
            elif os.path.isfile(path):
                with open(path, "rb") as file:
                    found[key] = "file " + hashlib.sha256(file.read()).hexdigest()
            else:
                found[key] = f"special {os.lstat(path).st_mode:o}"
    return found


# --- what every run must look like -------------------------------------------------------

PROBLEM_LINE = re.compile(r"^[^\n]*:\d+:\d+: (error|warning): ")
SUMMARY_LINE = re.compile(r"^(\d+) errors?, (\d+) warnings?$")
HIDDEN_LINE = re.compile(r"^.*: \.\.\. and \d+ more problems? not shown$")
OK_LINE = re.compile(r"^ok: norm\.yaml, partners\.yaml and \d+ rounds? are valid$")
TOOL_LINE = re.compile(r"^flevonorm: \S")
GITHUB_LINE = re.compile(r"^::(error|warning) file=[^,\n]*,line=\d+,col=\d+::|^::notice file=")

# C0 controls (tab and CR among them; LF is only ever a line end), DEL and C1 controls:
# never raw in any output (spec/cli.md "Hostile data").
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# Read as a line break by editors, terminals and Python's splitlines.
LINE_SEPARATOR = re.compile("[\u2028\u2029]")
# A problem line is also free of the controls that make a line read other than it is.
UNSAFE_IN_PROBLEM_LINE = re.compile("[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# Findings the owners of the modules are to fix, as (command, format, check): the check
# that this command in this format still fails, and that the fuzz tests therefore leave
# out for it. "control": a raw control character on stdout; "forged": a line on stdout that
# starts with what followed a line break in the data; "undecodable-name": exit 3 when a
# file name is not UTF-8 (the fuzz tests then do not run the command on such a case). Each
# has a strict-xfail regression test under "Findings, minimised" below.
# Every finding so far is fixed (each kept as a regression test below); a new one is added
# here with its strict-xfail test until its owner fixes it.
KNOWN_FINDINGS: frozenset[tuple[str, str, str]] = frozenset()


def _where(text: str, match: re.Match[str]) -> str:
    return repr(text[max(0, match.start() - 40) : match.end() + 40])


def check_text(
    run: Run, stream: str, text: str, by_lines: bool, skip: frozenset[str] = frozenset()
) -> None:
    raw = RAW_CONTROL.search(text)
    if "control" not in skip:
        assert raw is None, f"raw {raw.group()!r} on {stream}: {_where(text, raw)}\n{run}"
    assert SECRET not in text, f"the content of a file outside the repository shown\n{run}"
    if by_lines and "control" not in skip:
        separator = LINE_SEPARATOR.search(text)
        assert separator is None, f"line separator on {stream}: {_where(text, separator)}\n{run}"
    if by_lines and "forged" not in skip:
        for line in text.split("\n"):
            assert not line.startswith(FORGED_MARKER), f"forged line on {stream}: {line!r}\n{run}"


def known_findings(command: str, fmt: str, honour_known: bool) -> frozenset[str]:
    if not honour_known:
        return frozenset()
    return frozenset(check for c, f, check in KNOWN_FINDINGS if (c, f) == (command, fmt))


def parse_json(run: Run) -> Any:
    try:
        return json.loads(run.out)
    except ValueError as exc:
        raise AssertionError(f"--format json printed no valid JSON: {exc}\n{run}") from None


def check_problem_lines(run: Run, text: str, *, tool_lines: bool) -> int:
    """Every line a problem, a summary, a count of hidden problems, an `ok:` line or (with
    `tool_lines`) a `flevonorm: ` line. Returns the errors the summary counts."""
    errors = 0
    for line in text.splitlines():
        unsafe = UNSAFE_IN_PROBLEM_LINE.search(line)
        assert unsafe is None, f"{unsafe.group()!r} in a problem line {line!r}\n{run}"
        summary = SUMMARY_LINE.match(line)
        if summary:
            errors = int(summary.group(1))
            continue
        assert (
            PROBLEM_LINE.match(line)
            or HIDDEN_LINE.match(line)
            or OK_LINE.match(line)
            or (tool_lines and TOOL_LINE.match(line))
        ), f"not a problem line: {line!r}\n{run}"
    return errors


def check_exit(run: Run, errors: int, has_tool_line: bool) -> None:
    assert run.code in (0, 1, 2), f"exit {run.code}\n{run}"
    if run.code == 0:
        assert errors == 0, f"exit 0 with {errors} errors\n{run}"
    elif run.code == 1:
        assert errors > 0, f"exit 1 without an error printed\n{run}"
    else:
        assert has_tool_line, f"exit 2 without a `flevonorm: ` line\n{run}"


def check_validate(run: Run, fmt: str, honour_known: bool = True) -> None:
    skip = known_findings("validate", fmt, honour_known)
    check_text(run, "stdout", run.out, fmt != "json", skip)
    check_text(run, "stderr", run.err, by_lines=True)
    stderr_lines = run.err.splitlines()
    assert all(TOOL_LINE.match(line) for line in stderr_lines), f"stray stderr\n{run}"
    if fmt == "json":
        if run.code == 2:
            assert run.out == "", f"exit 2 with a result\n{run}"
            errors = 0
        else:
            data = parse_json(run)
            errors = sum(1 for p in data["problems"] if p["severity"] == "error")
            assert data["errors"] == errors and data["valid"] == (errors == 0), run
            for problem in data["problems"]:
                assert problem["line"] >= 1 and problem["column"] >= 1, run
    elif fmt == "github":
        lines = run.out.splitlines()
        assert all(GITHUB_LINE.match(line) for line in lines), f"not an annotation\n{run}"
        errors = sum(1 for line in lines if line.startswith("::error "))
    else:
        errors = check_problem_lines(run, run.out, tool_lines=False)
        if run.code == 0:
            assert run.out, f"exit 0 and silent\n{run}"
    check_exit(run, errors, bool(stderr_lines))


def check_result_command(run: Run, command: str, fmt: str, honour_known: bool = True) -> None:
    """score, report, trend, diff: problems on stderr, only the result on stdout."""
    check_text(run, "stderr", run.err, by_lines=True)
    errors = check_problem_lines(run, run.err, tool_lines=True)
    has_tool_line = any(TOOL_LINE.match(line) for line in run.err.splitlines())
    check_exit(run, errors, has_tool_line)
    if run.code != 0:
        assert run.out == "", f"a failed run printed a result\n{run}"
        return
    if fmt == "json":
        parse_json(run)
    line_format = fmt not in ("json", "html")
    check_text(run, "stdout", run.out, line_format, known_findings(command, fmt, honour_known))


def check_run(run: Run, command: str, fmt: str, honour_known: bool = True) -> None:
    """All the checks for one run; with `honour_known`, not those in KNOWN_FINDINGS."""
    assert run.code in (0, 1, 2), f"exit {run.code}\n{run}"
    if command == "validate":
        check_validate(run, fmt, honour_known)
    else:
        check_result_command(run, command, fmt, honour_known)


# --- the plans: which commands each example runs ------------------------------------------


@dataclass(frozen=True)
class Command:
    """A command line with `{old}` and `{new}` (the case's first and last round) filled in;
    it runs from the folder that holds the repository `repo`."""

    name: str
    fmt: str
    args: tuple[str, ...]

    def argv(self, case: FuzzCase, root: Path) -> list[str]:
        old, new = case.round_ids[0], case.round_ids[-1]
        filled = [arg.format(old=old, new=new) for arg in self.args]
        return [*filled, "--root", str(root)]


def _command(name: str, fmt: str, *args: str) -> Command:
    return Command(name, fmt, (name, *args))


VALIDATE = [
    _command("validate", "text"),
    _command("validate", "text", "--strict"),
    _command("validate", "text", "{new}"),
    _command("validate", "json", "--format", "json"),
    _command("validate", "github", "--format", "github"),
]
SCORE = [
    _command("score", "table"),
    _command("score", "table", "repo/rounds/{old}"),
    _command("score", "json", "--format", "json"),
    _command("score", "csv", "--format", "csv", "--partial-weight", "0,5"),
]
REPORT = [
    _command("report", "md"),
    _command("report", "md", "{old}", "--lang", "en"),
    _command("report", "html", "--format", "html"),
    _command("report", "json", "--format", "json"),
]
TREND = [
    _command("trend", "table"),
    _command("trend", "md", "--format", "md", "--lang", "en"),
    _command("trend", "json", "--format", "json"),
    _command("trend", "csv", "--format", "csv"),
]
DIFF = [
    _command("diff", "table", "{old}", "{new}"),
    _command("diff", "md", "{old}", "{new}", "--format", "md"),
    _command("diff", "json", "{old}", "{new}", "--format", "json"),
]
ALL_COMMANDS = [*VALIDATE, *SCORE, *REPORT, *TREND, *DIFF]

plans = st.tuples(
    st.sampled_from(VALIDATE),
    st.sampled_from(SCORE),
    st.sampled_from([*REPORT, *TREND, *DIFF]),
)


def has_undecodable_name(case: FuzzCase) -> bool:
    # os.fsdecode turns each byte of a name that is not UTF-8 into U+DC80..U+DCFF.
    return any("\udc80" <= char <= "\udcff" for name in case.files for char in name)


def run_case(
    case: FuzzCase, commands: list[Command] | tuple[Command, ...], honour_known: bool = True
) -> list[Run]:
    """Write `case` to a fresh folder, run every command on it, check each run and that
    the repository is as it was written."""
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        root = case.write(folder)
        before = snapshot(folder)
        with _user_environment(folder):
            for command in commands:
                known = known_findings(command.name, command.fmt, honour_known)
                if "undecodable-name" in known and has_undecodable_name(case):
                    continue
                run = run_flevonorm(command.argv(case, root))
                runs.append(run)
                check_run(run, command.name, command.fmt, honour_known)
        after = snapshot(folder)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert not changed, f"changed by {[r.args[0] for r in runs]}: {sorted(changed)}"
    return runs


# --- the properties ----------------------------------------------------------------------


@fuzz_settings(ci_examples=80)
@given(fuzzed_repositories(), plans)
def test_a_mangled_repository_gets_located_problems_never_a_crash(
    case: FuzzCase, commands: tuple[Command, Command, Command]
) -> None:
    run_case(case, commands)


@fuzz_settings(ci_examples=6, long_run_share=0.1)
@given(valid_cases())
def test_a_valid_repository_with_hostile_text_passes_every_command_cleanly(
    case: FuzzCase,
) -> None:
    # Names, titles and notes full of markup, escapes and line breaks are valid data: every
    # command succeeds and shows them without acting on the terminal or forging a line.
    for done in run_case(case, ALL_COMMANDS):
        assert done.code == 0 or done.args[:2] == ["validate", "--strict"], str(done)


# --- findings, minimised ----------------------------------------------------------------

# One string that holds every kind of raw text the fuzzer found reaching an output: an OSC
# sequence that retitles the terminal, a colour escape, rich markup, a C1 CSI that clears
# the screen, DEL, tab, vertical tab, and a newline followed by a forged problem line. As a
# YAML escape sequence in double quotes, so the files are valid.
HOSTILE = r"\e]0;pwned\a\e[31m[bold]A[/bold]\x9b2J\x7f\t\v\nFORGED:1:1: error: forged"


def base_files() -> dict[str, Entry]:
    """The files of tests/data/base, the small valid repository."""
    base = DATA / "base"
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*.yaml")}


def hostile_case() -> FuzzCase:
    """tests/data/base with a second round, and HOSTILE in a partner's name, in the name of
    an expected partner without a file (so validate's problems hold it), in a note that
    changes between the rounds (so diff shows it), in the second round's title and in a
    theme's title and an ambition's text."""
    files = base_files()
    partners = files["partners.yaml"]
    assert isinstance(partners, bytes)
    files["partners.yaml"] = (
        partners.replace(b"name: Gemeente A", f'name: "Gemeente {HOSTILE}"'.encode())
        + f'  - id: gem-c\n    name: "Gemeente C {HOSTILE}"\n    kind: municipality\n'.encode()
    )
    for name in ("gem-a", "gem-b", "prov"):
        files[f"rounds/r2/{name}.yaml"] = files[f"rounds/r1/{name}.yaml"]
    gem_b = files["rounds/r2/gem-b.yaml"]
    assert isinstance(gem_b, bytes)
    files["rounds/r2/gem-b.yaml"] = gem_b.replace(
        b"note: Geen eigen communicatieafdeling", f'note: "{HOSTILE}"'.encode()
    )
    files["rounds/r2/round.yaml"] = (
        f'id: r2\ntitle: "Monitor {HOSTILE}"\nkind: monitoring\nnorm: "1.0"\ndate: 2023-01-10\n'
    ).encode()
    norm = files["norm.yaml"]
    assert isinstance(norm, bytes)
    files["norm.yaml"] = norm.replace(
        b"title: Bewustwording", f'title: "Bewustwording {HOSTILE}"'.encode()
    ).replace(b"text: Gemeenten communiceren integraal", f'text: "Communicatie {HOSTILE}"'.encode())
    return FuzzCase(
        files, ["r1", "r2"], ["hand-written: HOSTILE in names, titles, a text and a note"]
    )


def _known(command: Command) -> list[pytest.MarkDecorator]:
    checks = known_findings(command.name, command.fmt, honour_known=True) & {"control", "forged"}
    if not checks:
        return []
    reason = (
        f"finding: flevonorm {' '.join(command.args)} fails the {' and '.join(sorted(checks))} "
        "check on text from the data; when fixed, remove its entries from KNOWN_FINDINGS"
    )
    return [pytest.mark.xfail(strict=True, reason=reason)]


@pytest.mark.parametrize(
    "command",
    [pytest.param(c, marks=_known(c), id=" ".join(c.args)) for c in ALL_COMMANDS],
)
def test_hostile_text_reaches_no_output_raw(command: Command) -> None:
    (run,) = run_case(hostile_case(), [command], honour_known=False)
    assert run.code == (1 if "--strict" in command.args else 0), str(run)
    # Markup is text: `[bold]A[/bold]` is shown (in Markdown with its brackets escaped),
    # never taken as a style and dropped.
    shown = (run.out + run.err).replace("\\[", "[").replace("\\]", "]")
    assert "[bold]A[/bold]" in shown, str(run)


def test_validate_json_shows_a_file_name_that_is_not_utf8_escaped() -> None:
    # Found by the fuzzer: a partner file named with the Latin-1 byte 0xE9 (as unzip makes
    # of a Windows zip), here empty. `validate` and `--format github` say
    # `rounds/r1/alm\xe9re.yaml:1:1: error: the file is empty; ...`; `--format json` ends in
    # "flevonorm: internal error: UnicodeEncodeError: 'utf-8' codec can't encode character
    # '\udce9' in position 102: surrogates not allowed" (exit 3), from json.dumps in
    # writers/problems.py:problems_as_json of Problem.path as os.fsdecode made it.
    files = base_files()
    files[os.fsdecode(b"rounds/r1/alm\xe9re.yaml")] = b""
    case = FuzzCase(files, ["r1"], ["hand-written: an empty file named alm\\xe9re.yaml"])
    (run,) = run_case(case, [VALIDATE[3]], honour_known=False)
    assert run.code == 1, str(run)
    paths = [problem["path"] for problem in json.loads(run.out)["problems"]]
    assert paths == ["rounds/r1/alm\\xe9re.yaml"], str(run)


# --- the checks themselves catch what they are for ---------------------------------------


@pytest.mark.parametrize(
    ("command", "fmt", "out", "err", "code"),
    [
        ("score", "table", "Gemeente \x1b[31mA\n", "", 0),  # an escape sequence
        ("score", "table", "x\nFORGED:1:1: error: x\n", "", 0),  # a forged line
        ("score", "table", "Gemeente\u2028A\n", "", 0),  # a line separator
        ("score", "table", "", "a.yaml:1:1: error: bad\nTraceback (most recent call last):\n", 1),
        ("score", "table", "", "a.yaml:1:1: warning: odd\n1 error, 0 warnings\n", 0),
        ("score", "table", "", "a.yaml:1:1: warning: odd\n0 errors, 1 warning\n", 1),
        ("score", "table", "half a table", "a.yaml:1:1: error: bad\n1 error, 0 warnings\n", 1),
        ("score", "table", "", "", 2),  # a wrong call that says nothing
        ("score", "table", "", "flevonorm: internal error: KeyError\n", 3),
        ("score", "json", "{", "", 0),
        ("report", "html", "<p>partner: SECRET-OUTSIDE-THE-REPOSITORY-7f3a</p>\n", "", 0),
        # A forged line has the shape of a problem line: only the marker gives it away.
        (
            "validate",
            "text",
            "a.yaml:1:1: error: x\nFORGED:1:1: error: y\n2 errors, 0 warnings\n",
            "",
            1,
        ),
        ("validate", "text", "rounds/r1/\u202ea.yaml:1:1: error: x\n1 error, 0 warnings\n", "", 1),
        ("validate", "text", "a.yaml:1:1: error: x\n1 error, 0 warnings\n", "Traceback\n", 1),
        ("validate", "text", "", "", 0),  # exit 0 without a word
        ("validate", "github", "::error file=a.yaml,line=1,col=1::x\nplain text\n", "", 1),
        (
            "validate",
            "json",
            '{"valid": true, "errors": 0, "warnings": 0, "problems": [{"path": "a.yaml", '
            '"line": 1, "column": 1, "severity": "error", "message": "m"}]}',
            "",
            0,
        ),
    ],
)
def test_the_checks_reject_what_they_guard_against(
    command: str, fmt: str, out: str, err: str, code: int
) -> None:
    with pytest.raises(AssertionError):
        check_run(Run([command], code, out, err), command, fmt, honour_known=False)


def test_the_checks_accept_clean_runs() -> None:
    err = (
        "rounds/r1/a.yaml:3:5: error: unknown key 'stauts'; did you mean 'status'?\n"
        "rounds/r1/a.yaml: ... and 4 more problems not shown\n"
        "1 error, 0 warnings\n"
    )
    check_run(Run(["score"], 1, "", err), "score", "table")
    check_run(Run(["score"], 2, "", "flevonorm: no round 'r9'\n"), "score", "table")
    check_run(Run(["validate"], 1, err, ""), "validate", "text")
    ok = "ok: norm.yaml, partners.yaml and 1 round are valid\n"
    check_run(Run(["validate"], 0, ok, ""), "validate", "text")


def test_a_command_that_changes_a_file_of_the_repository_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def touching(args: list[str]) -> int:
        root = Path(args[args.index("--root") + 1])
        (root / "partners.yaml").write_text("partners: []\n")
        print("ok: norm.yaml, partners.yaml and 1 round are valid")
        return 0

    monkeypatch.setattr(sys.modules[__name__], "run", touching)
    with pytest.raises(
        AssertionError, match=r"changed by \['validate'\]: \['repo/partners.yaml'\]"
    ):
        run_case(FuzzCase(base_files(), ["r1"], []), [VALIDATE[0]])


def test_a_command_that_hangs_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    def hanging(args: list[str]) -> int:
        signal.pause()  # as a read from a FIFO that no one writes to
        return 0

    monkeypatch.setattr(sys.modules[__name__], "run", hanging)
    monkeypatch.setattr(sys.modules[__name__], "HANG_SECONDS", 1)
    with pytest.raises(AssertionError, match="hung"):
        run_flevonorm(["validate"])
