"""`scaffold_files`: what `flevonorm init` writes, and that it is a valid norm repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from flevonorm.problems import Problems
from flevonorm.scaffold import scaffold_files
from flevonorm.yamlio import parse_yaml

from .conftest import PROJECT, Cli

PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: (error|warning): ", re.MULTILINE)
HOSTILE_NAME = 'x"\n  evil: 1'


def write_files(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def read_norm(text: str) -> dict[str, Any]:
    """norm.yaml as flevonorm's own reader sees it; fails on any YAML problem."""
    problems = Problems()
    document = parse_yaml(text, "norm.yaml", problems)
    assert not list(problems)
    assert document is not None
    data: dict[str, Any] = document.data
    return data


def visible_text(name: str) -> str:
    """What a reader should see of the name as a title: control characters as spaces,
    white space collapsed."""
    spaced = "".join(" " if unicodedata.category(c) == "Cc" else c for c in name)
    return " ".join(spaced.split())


def test_writes_the_files_the_spec_lists() -> None:
    assert sorted(scaffold_files("Limburgse Norm")) == [
        ".github/workflows/flevonorm.yml",
        ".gitignore",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        "README.md",
        "norm.yaml",
        "partners.yaml",
        "rounds/.gitkeep",
        "schemas/assessment.schema.json",
        "schemas/norm.schema.json",
        "schemas/partners.schema.json",
        "schemas/round.schema.json",
    ]


def test_a_new_repository_validates_without_a_single_problem(tmp_path: Path, cli: Cli) -> None:
    root = write_files(tmp_path / "limburg", scaffold_files("Limburgse Norm"))

    result = cli("validate", "--root", str(root))

    assert result.code == 0
    assert PROBLEM_LINE.findall(result.out) == []


def test_norm_yaml_holds_one_draft_version_with_one_theme_and_ambition() -> None:
    text = scaffold_files("Limburgse Norm")["norm.yaml"]

    assert text.splitlines()[0] == "# yaml-language-server: $schema=schemas/norm.schema.json"
    assert 'name: "Limburgse Norm"\n' in text
    norm = read_norm(text)
    assert norm["name"] == "Limburgse Norm"
    [version] = norm["versions"]
    assert version["status"] == "draft"
    [theme] = version["themes"]
    [ambition] = theme["ambitions"]
    assert ambition["id"] == "1.1"


def test_partners_yaml_holds_one_example_partner() -> None:
    text = scaffold_files("Limburgse Norm")["partners.yaml"]

    assert text.splitlines()[0] == "# yaml-language-server: $schema=schemas/partners.schema.json"
    assert "  - id: voorbeeldgemeente\n    name: Gemeente Voorbeeld\n    kind: municipality\n" in (
        text
    )


def test_the_schemas_the_modelines_name_are_written_and_are_json() -> None:
    files = scaffold_files("Limburgse Norm")

    for kind in ("norm", "partners", "round", "assessment"):
        schema = json.loads(files[f"schemas/{kind}.schema.json"])
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_gitignore_keeps_flevonorm_working_files_out() -> None:
    assert ".flevonorm/" in scaffold_files("Limburgse Norm")[".gitignore"].splitlines()


def test_a_hostile_name_cannot_add_keys_to_norm_yaml(tmp_path: Path, cli: Cli) -> None:
    files = scaffold_files(HOSTILE_NAME)

    norm = read_norm(files["norm.yaml"])
    assert norm["name"] == 'x"\n  evil: 1'
    assert sorted(norm) == ["name", "versions"]
    root = write_files(tmp_path / "hostile", files)
    assert cli("validate", "--root", str(root)).code == 0


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1).filter(lambda name: visible_text(name) != ""))
def test_any_name_reads_back_from_norm_yaml_exactly(name: str) -> None:
    norm = read_norm(scaffold_files(name)["norm.yaml"])

    assert norm["name"] == name
    assert sorted(norm) == ["name", "versions"]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1).filter(lambda name: visible_text(name) != ""))
def test_the_readme_title_shows_the_name_as_plain_text(name: str) -> None:
    readme = scaffold_files(name)["README.md"]
    title = readme.split("\n\n", 1)[0]

    tokens = MarkdownIt("commonmark").parse(title)

    assert [token.type for token in tokens] == ["heading_open", "inline", "heading_close"]
    assert tokens[0].tag == "h1"
    children = tokens[1].children or []
    assert {child.type for child in children} <= {"text"}
    assert "".join(child.content for child in children) == visible_text(name)


def test_markup_in_the_name_stays_text_in_the_readme() -> None:
    readme = scaffold_files("<script>x</script> [a](b) *c* #1")["README.md"]

    html = MarkdownIt("commonmark").render(readme.split("\n\n", 1)[0])

    assert html == "<h1>&lt;script&gt;x&lt;/script&gt; [a](b) *c* #1</h1>\n"


@pytest.mark.parametrize("name", ["", "   ", "\n\t", "\x00\x1b"])
def test_a_name_with_nothing_to_show_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        scaffold_files(name)


def test_a_name_with_a_non_character_gives_a_repository_that_validates(
    tmp_path: Path, cli: Cli
) -> None:
    # flevonorm's reader refuses U+FDD0 written as it is; the name must be escaped.
    files = scaffold_files("Norm \ufdd0\u202e")
    assert 'name: "Norm \\uFDD0\\u202E"\n' in files["norm.yaml"]
    assert read_norm(files["norm.yaml"])["name"] == "Norm \ufdd0\u202e"
    root = write_files(tmp_path / "odd", files)
    assert cli("validate", "--root", str(root)).code == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\x00\x1b", "flevonorm: --name: de naam van de norm mag niet leeg zijn\n"),
        # Bytes that are not UTF-8 on the command line arrive as a lone surrogate.
        (
            "Norm \udcff",
            "flevonorm: --name: de tekst bevat een los surrogaatteken (U+DCFF), dat in geen "
            "enkel UTF-8-bestand kan staan\n",
        ),
    ],
)
def test_init_refuses_a_name_it_cannot_write_in_dutch(
    tmp_path: Path, cli: Cli, name: str, message: str
) -> None:
    result = cli("init", str(tmp_path / "new"), "--name", name, "--lang", "nl")
    assert result.code == 2
    assert result.err == message
    assert not (tmp_path / "new").exists()


def test_every_text_file_ends_with_a_newline() -> None:
    for path, text in scaffold_files("Limburgse Norm").items():
        if path != "rounds/.gitkeep":
            assert text.endswith("\n"), path
    assert scaffold_files("Limburgse Norm")["rounds/.gitkeep"] == ""


# --- the CI files ---------------------------------------------------------------------------


def workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(
        scaffold_files("Limburgse Norm")[".github/workflows/flevonorm.yml"]
    )
    return data


def run_steps(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_the_github_workflow_runs_on_push_and_pull_request() -> None:
    assert set(workflow()["on"]) == {"push", "pull_request"}


def test_the_github_workflow_validates_with_annotations() -> None:
    assert run_steps(workflow()["jobs"]["validate"]) == [
        "pip install flevonorm",
        "flevonorm validate --format github",
    ]


def test_the_github_workflow_posts_the_diff_against_the_base_branch() -> None:
    job = workflow()["jobs"]["diff"]

    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert job["steps"][0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    [diff_step] = [s for s in job["steps"] if s.get("run", "").startswith("flevonorm diff")]
    assert diff_step["run"] == 'flevonorm diff --git "origin/$BASE_REF" --format md > diff.md'
    assert diff_step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    [comment_step] = [s for s in job["steps"] if s.get("run", "").startswith("gh pr comment")]
    assert comment_step["run"] == (
        'gh pr comment "$PR_NUMBER" --edit-last --create-if-none --body-file diff.md'
    )
    assert comment_step["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None, reason="no bash")
def test_the_github_diff_step_runs_as_written_on_a_pull_request(tmp_path: Path) -> None:
    """The diff step's shell line, run as the runner would (bash, BASE_REF set), in a data
    repository where a pull request changes a partner's status."""
    flevonorm = Path(sys.executable).parent / "flevonorm"
    listing = subprocess.run([flevonorm, "--help"], capture_output=True, text=True)
    assert listing.returncode == 0, listing.stderr
    if not re.search(r"^\s+diff\s", listing.stdout, re.MULTILINE):
        pytest.skip("flevonorm diff is not wired into the command line yet")
    root = write_files(tmp_path / "data", scaffold_files("Limburgse Norm"))
    partner_file = root / "rounds/r1/voorbeeldgemeente.yaml"
    write_files(
        root,
        {
            "rounds/r1/round.yaml": 'id: r1\nkind: monitoring\nnorm: "1.0"\ndate: 2025-11-15\n',
            "rounds/r1/voorbeeldgemeente.yaml": (
                'partner: voorbeeldgemeente\nambitions:\n  "1.1": niet_behaald\n'
            ),
        },
    )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    # The pull request: the partner now reports 1.1 achieved, with a note.
    partner_file.write_text(
        'partner: voorbeeldgemeente\nambitions:\n  "1.1":\n    status: behaald\n'
        "    note: Twee keer per jaar op de MT-agenda.\n",
        encoding="utf-8",
    )
    [diff_step] = [
        s for s in workflow()["jobs"]["diff"]["steps"] if "flevonorm diff" in s.get("run", "")
    ]

    done = subprocess.run(
        ["bash", "-e", "-c", diff_step["run"]],
        cwd=root,
        env={**os.environ, "BASE_REF": "main", "PATH": f"{flevonorm.parent}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )

    assert done.returncode == 0, done.stderr
    # The one partner's one ambition goes from not achieved (0 of 1) to achieved (1 of 1).
    assert (root / "diff.md").read_text(encoding="utf-8").startswith("Totaal 0% → 100%")


def gitlab_ci() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(scaffold_files("Limburgse Norm")[".gitlab-ci.yml"])
    return data


def test_the_gitlab_job_validates() -> None:
    ci = gitlab_ci()

    assert ci["default"]["before_script"] == ["pip install flevonorm"]
    assert ci["flevonorm-validate"]["script"] == ["flevonorm validate"]


def test_the_gitlab_merge_request_job_posts_the_diff_as_a_note() -> None:
    job = gitlab_ci()["flevonorm-diff"]

    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert job["script"][1] == (
        'flevonorm diff --git "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format md > diff.md'
    )
    post = job["script"][-1]
    assert '--header "PRIVATE-TOKEN: $FLEVONORM_BOT_TOKEN"' in post
    assert '--data-urlencode "body@diff.md"' in post
    assert "/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" in post


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_the_gitlab_scripts_are_valid_shell() -> None:
    for line in gitlab_ci()["flevonorm-diff"]["script"]:
        checked = subprocess.run(["sh", "-n", "-c", line], capture_output=True, text=True)
        assert checked.returncode == 0, (line, checked.stderr)


@pytest.mark.parametrize(
    ("copy", "written"),
    [
        ("docs/ci/github-workflow.yml", ".github/workflows/flevonorm.yml"),
        ("docs/ci/gitlab-ci.yml", ".gitlab-ci.yml"),
    ],
)
def test_the_ci_files_in_docs_are_what_init_writes(copy: str, written: str) -> None:
    assert (PROJECT / copy).read_text(encoding="utf-8") == scaffold_files("x")[written]


@pytest.mark.skipif(
    os.environ.get("FLEVONORM_SLOW_TESTS") != "1",
    reason="building a wheel fetches setuptools; set FLEVONORM_SLOW_TESTS=1 to run it",
)
def test_the_wheel_ships_every_init_template(tmp_path: Path) -> None:
    """pyproject's package-data globs must catch hidden files and folders (.github/)."""
    from .test_precommit_hook import project_copy

    project = project_copy(tmp_path / "flevonorm")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), project],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("flevonorm-*.whl")
    prefix = "flevonorm/templates/init/"
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(n.removeprefix(prefix) for n in archive.namelist() if n.startswith(prefix))
    templates = PROJECT / "templates" / "init"
    on_disk = sorted(
        p.relative_to(templates).as_posix() for p in templates.rglob("*") if p.is_file()
    )

    assert shipped == on_disk
    assert ".github/workflows/flevonorm.yml" in shipped
    assert "rounds/.gitkeep" in shipped
