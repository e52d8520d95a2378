"""The report's words and numbers: catalogue completeness, Babel formatting, escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import Environment

from flevonorm import render
from flevonorm.render import (
    Formatters,
    TemplateProblem,
    md_escape,
    render_report,
    render_template,
    sandboxed_environment,
    shipped_templates,
)

from .conftest import Cli, make_repo

TEMPLATES = Path(__file__).parent.parent / "templates"


def template_messages() -> set[str]:
    method_map = [("*.j2", "jinja2")]
    options = {"*.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                        "lstrip_blocks": "True"}}  # fmt: skip
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(TEMPLATES), method_map=method_map, options_map=options, keywords={"_": None}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_template_message_has_a_dutch_translation() -> None:
    with (TEMPLATES / "locale" / "nl" / "LC_MESSAGES" / "flevonorm.po").open("rb") as stream:
        catalog = read_po(stream, locale="nl")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    messages = template_messages()
    assert len(messages) > 50
    assert sorted(messages - translated) == []


@pytest.mark.parametrize(
    ("locale", "percent", "points", "day"),
    [("nl_NL", "83%", "119,5", "15 november 2022"), ("en_GB", "83%", "119.5", "15 November 2022")],
)
def test_numbers_and_dates_follow_the_locale(
    locale: str, percent: str, points: str, day: str
) -> None:
    fmt = Formatters(locale)
    assert fmt.percent(83) == percent
    assert fmt.number(119.5) == points
    assert fmt.number(143) == "143"
    assert fmt.long_date("2022-11-15") == day
    assert (fmt.signed(5), fmt.signed(-3), fmt.signed(0), fmt.signed(None)) == (
        "+5", "−3", "±0", "–",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a | b", r"a \| b"), ("regel 1\nregel 2", "regel 1 regel 2"),
     ("<script>x</script>", r"\<script\>x\</script\>"), ("`code` [l](u)", r"\`code\` \[l\](u)"),
     ("B&W", "B&W"), ("&lt;b&gt;", "&amp;lt;b&amp;gt;"), ("**vet**", r"\*\*vet\*\*"),
     (None, "")],
)  # fmt: skip
def test_markdown_escape(text: str | None, escaped: str) -> None:
    assert md_escape(text) == escaped


# --- the sandbox: a repository's templates are data, never code ------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A norm repository with a templates/ folder of its own, as a pull request may bring."""
    (tmp_path / "repo" / "templates").mkdir(parents=True)
    return tmp_path / "repo"


def render_repo(repo: Path, template: str, lang: str = "en", **context: object) -> str:
    (repo / "templates" / "report.md.j2").write_text(template, encoding="utf-8")
    search_path = [repo / "templates", shipped_templates()]
    return render_report(dict(context), "md", lang, search_path, display_root=repo)


def problem_lines(raised: pytest.ExceptionInfo[TemplateProblem]) -> list[str]:
    return [str(problem) for problem in raised.value.problems]


EXPLOIT = "Rapport\n{{ cycler.__init__.__globals__.os.mkdir(report.marker) }}\n"


def test_the_exploit_is_real_outside_the_sandbox(tmp_path: Path) -> None:
    """The payload of the next test does create the folder when Jinja is not sandboxed."""
    marker = tmp_path / "pwned"
    Environment().from_string(EXPLOIT).render(report={"marker": str(marker)})
    assert marker.is_dir()


def test_cycler_exploit_in_a_repository_template_is_refused(repo: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, EXPLOIT, marker=str(marker))
    assert problem_lines(raised) == [
        "templates/report.md.j2:2:1: error: refused by the template sandbox: "
        "access to attribute '__init__' of 'type' object is unsafe."
    ]
    assert raised.value.exit_code == 1
    assert not marker.exists()


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ joiner.__init__.__globals__.os.mkdir(report.marker) }}",
        "{{ namespace.__init__.__globals__.os.mkdir(report.marker) }}",
        "{{ lipsum.__globals__.os.mkdir(report.marker) }}",
        "{{ report.__class__.__init__ }}",
        "{% set x = report.partners.append(1) %}",
    ],
)
def test_other_escapes_are_refused_at_their_line(repo: Path, tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, f"een\ntwee\n{payload}\n", marker=str(marker), partners=[])
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.col) == ("templates/report.md.j2", 3, 1)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("'x' * 10**12", "the result of '*' would be too long"),
        ("[0] * 10**12", "the result of '*' would be too long"),
        ("2 ** 10000000", "the result of '**' would be too large"),
    ],
)
def test_expressions_that_would_exhaust_the_machine_are_refused(
    repo: Path, expression: str, message: str
) -> None:
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, f"{{{{ {expression} }}}}\n")
    assert problem_lines(raised) == [
        f"templates/report.md.j2:1:1: error: refused by the template sandbox: {message}"
    ]


def test_syntax_error_at_its_line(repo: Path) -> None:
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, "# Rapport\n\n{% if %}\nx\n{% endif %}\n")
    assert problem_lines(raised) == [
        "templates/report.md.j2:3:1: error: template syntax error: "
        "Expected an expression, got 'end of statement block'"
    ]


def test_syntax_error_in_an_imported_template_names_that_file(repo: Path) -> None:
    (repo / "templates" / "_labels.j2").write_text("{% macro kind(code) %}\n{{ code }\n")
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, '{% import "_labels.j2" as l %}\n{{ l.kind("x") }}\n')
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == ("templates/_labels.j2", 2)
    assert problem.message.startswith("template syntax error: ")


def test_undefined_name_at_its_line(repo: Path) -> None:
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, "# Rapport\n\n\n{{ overal.percent }}\n")
    assert problem_lines(raised) == [
        "templates/report.md.j2:4:1: error: template error: 'overal' is undefined"
    ]


def test_error_inside_a_macro_is_located_in_the_macro_file(repo: Path) -> None:
    (repo / "templates" / "_labels.j2").write_text(
        "{% macro kind(code) %}\n{{ code }}\n{{ missing }}\n{% endmacro %}\n"
    )
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, '{% import "_labels.j2" as l %}\n{{ l.kind("x") }}\n')
    assert problem_lines(raised) == [
        "templates/_labels.j2:3:1: error: template error: 'missing' is undefined"
    ]


def test_python_error_in_a_repository_template_is_a_problem(repo: Path) -> None:
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, "a\n{{ 1 / 0 }}\n")
    assert problem_lines(raised) == [
        "templates/report.md.j2:2:1: error: template error: ZeroDivisionError: division by zero"
    ]


def test_python_error_in_a_shipped_template_is_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "report.md.j2").write_text("{{ 1 / 0 }}\n")
    monkeypatch.setattr(render, "shipped_templates", lambda: shipped)
    with pytest.raises(ZeroDivisionError):
        render_report({}, "md", "en", [shipped])


def test_missing_include(repo: Path) -> None:
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, 'a\n{% include "../../../etc/passwd" %}\n')
    assert problem_lines(raised) == [
        "templates/report.md.j2:2:1: error: template '../../../etc/passwd' not found"
    ]


def test_symlink_out_of_the_repository_is_refused_unread(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CI_TOKEN=abc123\n")
    (repo / "templates" / "report.md.j2").symlink_to(secret)
    search_path = [repo / "templates", shipped_templates()]
    with pytest.raises(TemplateProblem) as raised:
        render_report({}, "md", "en", search_path, display_root=repo)
    assert problem_lines(raised) == [
        "templates/report.md.j2:1:1: error: "
        "the template is a symbolic link to a file outside the repository; refused"
    ]


def test_template_that_is_not_utf8(repo: Path) -> None:
    (repo / "templates" / "report.md.j2").write_bytes(b"# Rapport\n\nAlm\xe9re\n")
    search_path = [repo / "templates", shipped_templates()]
    with pytest.raises(TemplateProblem) as raised:
        render_report({}, "md", "en", search_path, display_root=repo)
    assert problem_lines(raised) == [
        "templates/report.md.j2:3:1: error: the template is not valid UTF-8 text (byte 0xe9)"
    ]


def test_templates_outside_the_repository_are_shown_as_given(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text("{{ x }}\n")
    with pytest.raises(TemplateProblem) as raised:
        render_report({}, "md", "en", [mine, shipped_templates()], display_root=tmp_path / "repo")
    assert problem_lines(raised) == [
        f"{mine}/report.md.j2:1:1: error: template error: 'x' is undefined"
    ]


# --- a repository's override that lacks a macro the shipped report calls --------------------

LABELS_WITH_SYMBOL = (
    "{% macro kind(code) %}{{ code }}{% endmacro %}\n{% macro symbol(code) %}*{% endmacro %}\n"
)


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the shipped templates: a report whose line 3 calls l.symbol."""
    folder = tmp_path / "shipped"
    folder.mkdir()
    (folder / "_labels.j2").write_text(LABELS_WITH_SYMBOL)
    (folder / "report.md.j2").write_text(
        '{% import "_labels.j2" as l %}\n# Rapport\n{{ l.symbol("achieved") }}\n'
    )
    monkeypatch.setattr(render, "shipped_templates", lambda: folder)
    return folder


def test_macro_missing_from_an_override_is_blamed_on_the_override(
    repo: Path, shipped: Path
) -> None:
    (repo / "templates" / "_labels.j2").write_text(
        "{% macro kind(code) %}{{ code }}{% endmacro %}\n"
    )
    with pytest.raises(TemplateProblem) as raised:
        render_report({}, "md", "en", [repo / "templates", shipped], display_root=repo)
    assert problem_lines(raised) == [
        "templates/_labels.j2:1:1: error: macro 'symbol' is missing: the shipped template "
        "report.md.j2 calls it (line 3); add it to this file, as in the shipped _labels.j2, "
        "or remove this file to use the shipped one"
    ]


def test_the_same_override_with_the_macro_renders(repo: Path, shipped: Path) -> None:
    (repo / "templates" / "_labels.j2").write_text(LABELS_WITH_SYMBOL)
    search_path = [repo / "templates", shipped]
    assert render_report({}, "md", "en", search_path, display_root=repo) == "# Rapport\n*\n"


def test_macro_missing_in_an_override_outside_the_repository(tmp_path: Path, shipped: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "_labels.j2").write_text("{% macro kind(code) %}{{ code }}{% endmacro %}\n")
    with pytest.raises(TemplateProblem) as raised:
        render_report({}, "md", "en", [mine, shipped], display_root=tmp_path / "repo")
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.col) == (f"{mine}/_labels.j2", 1, 1)
    assert problem.message.startswith("macro 'symbol' is missing: ")


def test_macro_missing_for_the_repositorys_own_report_stays_at_the_call(repo: Path) -> None:
    """Both files are the repository's: the call may be the typo, so it is shown there."""
    (repo / "templates" / "_labels.j2").write_text(
        "{% macro kind(code) %}{{ code }}{% endmacro %}\n"
    )
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, '{% import "_labels.j2" as l %}\n{{ l.symbl("x") }}\n')
    assert problem_lines(raised) == [
        "templates/report.md.j2:2:1: error: template error: "
        "templates/_labels.j2 has no macro 'symbl'"
    ]


def test_report_with_an_old_labels_override_names_it_not_the_package(
    tmp_path: Path, cli: Cli
) -> None:
    """The real shipped report, and a repository's _labels.j2 copied from it before
    `symbol` existed; run from a subfolder, as a user may."""
    shipped_labels = (TEMPLATES / "_labels.j2").read_text(encoding="utf-8")
    start = shipped_labels.index("{% macro symbol(code) -%}")
    end = shipped_labels.index("{%- endmacro %}", start) + len("{%- endmacro %}")
    old_labels = shipped_labels[:start] + shipped_labels[end:]
    root = make_repo(tmp_path, {"templates/_labels.j2": old_labels})
    result = cli("report", "r1", cwd=root / "rounds")
    assert result.code == 1
    assert result.out == ""
    [problem] = [line for line in result.err.splitlines() if ": error: " in line]
    assert problem.startswith(
        "templates/_labels.j2:1:1: error: macro 'symbol' is missing: "
        "the shipped template report.md.j2 calls it (line "
    )
    assert problem.endswith(
        "); add it to this file, as in the shipped _labels.j2, "
        "or remove this file to use the shipped one"
    )


# --- words in the sandbox, and broken catalogues -----------------------------------------

PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def write_po(repo: Path, body: str) -> Path:
    folder = repo / "templates" / "locale" / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "flevonorm.po").write_text(PO_HEADER + body, encoding="utf-8")
    return folder / "flevonorm.po"


WORDS = (
    '{{ _("Round") }}|{{ gettext("Total") }}|{{ ngettext("%(num)s round", "%(num)s rounds", 1) }}'
    '|{{ ngettext("%(num)s round", "%(num)s rounds", 3) }}|{% trans %}Round{% endtrans %}'
    '|{{ _("%(name)s scores %(percent)s", name="Almere", percent=56|pct) }}\n'
)


def test_gettext_and_ngettext_work_in_the_sandbox(repo: Path) -> None:
    write_po(
        repo,
        'msgid "Round"\nmsgstr "Ronde"\n\nmsgid "Total"\nmsgstr "Totaal"\n\n'
        'msgid "%(num)s round"\nmsgid_plural "%(num)s rounds"\n'
        'msgstr[0] "%(num)s ronde"\nmsgstr[1] "%(num)s rondes"\n\n'
        'msgid "%(name)s scores %(percent)s"\nmsgstr "%(name)s haalt %(percent)s"\n',
    )
    assert render_repo(repo, WORDS, lang="nl") == (
        "Ronde|Totaal|1 ronde|3 rondes|Ronde|Almere haalt 56%\n"
    )
    assert render_repo(repo, WORDS, lang="en") == (
        "Round|Total|1 round|3 rounds|Round|Almere scores 56%\n"
    )


def test_shipped_dutch_catalogue_in_the_sandbox(repo: Path) -> None:
    assert render_repo(repo, '{{ _("Round") }}: {{ 56|pct }}\n', lang="nl") == "Ronde: 56%\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            'msgid "Round"\nmsgstr "Ronde"\n\ndit is geen po\n',
            9,
            "the message catalogue cannot be read: Unknown or misformatted keyword",
        ),
        (
            'msgid "Round"\n#-#-#-#-#  samengevoegd  #-#-#-#-#\nmsgstr "Ronde"\n',
            7,
            "the message catalogue cannot be read: cannot parse po file with conflicts",
        ),
        (
            'msgid "Round"\nmsgstr "Ronde"\n\nmsgid "%(name)s done"\nmsgstr "%(naam)s klaar"\n',
            9,
            "the translation of '%(name)s done': unknown placeholder %(naam)s",
        ),
        (
            'msgid "Total"\nmsgstr "100% totaal"\n',
            6,
            "the translation of 'Total': not a valid format: "
            "unsupported format character 't' (0x74) at index 5",
        ),
    ],
)
def test_broken_catalogue_is_a_problem_at_its_line(
    repo: Path, body: str, line: int, message: str
) -> None:
    write_po(repo, body)
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, '{{ _("Round") }}\n', lang="nl")
    assert problem_lines(raised) == [
        f"templates/locale/nl/LC_MESSAGES/flevonorm.po:{line}:1: error: {message}"
    ]


def test_catalogue_that_is_not_utf8(repo: Path) -> None:
    po = write_po(repo, 'msgid "Round"\nmsgstr "Ronde"\n')
    po.write_bytes(po.read_bytes() + b'\nmsgid "Total"\nmsgstr "Tot\xe1al"\n')
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, '{{ _("Round") }}\n', lang="nl")
    assert problem_lines(raised) == [
        "templates/locale/nl/LC_MESSAGES/flevonorm.po:10:1: error: "
        "the message catalogue is not valid utf-8 text"
    ]


def test_catalogue_problems_are_never_printed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Babel, left to itself, prints warnings about a bad .po to stdout: into the report."""
    write_po(repo, 'msgid "Round"\nmsgstr "Ronde"\n\ndit is geen po\n')
    with pytest.raises(TemplateProblem):
        render_repo(repo, '{{ _("Round") }}\n', lang="nl")
    assert capsys.readouterr() == ("", "")


def test_environment_without_a_language_for_other_templates(tmp_path: Path) -> None:
    (tmp_path / "round.yaml.j2").write_text("id: {{ id }}\ntitle: {{ title|md }}\n")
    (tmp_path / "words.j2").write_text("{{ _('Round') }}\n")
    env = sandboxed_environment([tmp_path], autoescape=False)
    assert render_template(env, "round.yaml.j2", {"id": "2023", "title": "a|b"}) == (
        "id: 2023\ntitle: a\\|b\n"
    )
    with pytest.raises(TemplateProblem) as raised:
        render_template(env, "words.j2", {})
    assert problem_lines(raised) == [
        f"{tmp_path}/words.j2:1:1: error: template error: '_' is undefined"
    ]


def test_catalogue_that_links_out_of_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elders.po"
    outside.write_text(PO_HEADER + 'msgid "Round"\nmsgstr "GEHEIM"\n', encoding="utf-8")
    folder = repo / "templates" / "locale" / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "flevonorm.po").symlink_to(outside)
    with pytest.raises(TemplateProblem) as raised:
        render_repo(repo, '{{ _("Round") }}\n', lang="nl")
    assert problem_lines(raised) == [
        "templates/locale/nl/LC_MESSAGES/flevonorm.po:1:1: error: the message catalogue is a "
        "symbolic link to a file outside the repository; refused"
    ]


# --- chart, labels and words -------------------------------------------------------------


def test_chart_breaks_a_line_where_a_partner_has_no_file() -> None:
    """Four rounds in 640 - 44 - 12 = 584 pixels: slots of 146, points at their middles
    (44 + 73 = 117, 263, 409, 555); 100% at y 16, 0% at y 236 (220 pixels high)."""
    trend = {
        "rounds": [{"label": f"Ronde {i}"} for i in range(4)],
        "overall": [50, 60, 70, 80],
        "partners": [{"name": "Gemeente A", "percents": [50, None, 75, 100]},
                     {"name": "Gemeente B", "percents": [None, 25, None, None]}],
    }  # fmt: skip
    chart = render.chart_geometry(trend, ["okt. 2021", "mrt. 2022", "jul. 2022", "nov. 2022"])
    a, b = chart["partners"]
    assert [[(p["x"], p["y"]) for p in segment] for segment in a["segments"]] == [
        [(117.0, 126.0)], [(409.0, 71.0), (555.0, 16.0)],
    ]  # fmt: skip
    assert [[p["x"] for p in segment] for segment in b["segments"]] == [[263.0]]
    assert [len(segment) for segment in chart["overall"]] == [4]
    assert chart["x_ticks"][0]["lines"] == ["Ronde 0", "okt. 2021"]


def test_chart_wraps_long_round_titles_under_their_point() -> None:
    """Four slots of 146 pixels hold int(146 / 6.2) = 23 characters a line, two lines."""
    labels = ["Eerste tussentijdse monitoring van de norm", "Eindevaluatie",
              "Eerste tussentijdse monitoring van de Flevolandse norm", "R"]  # fmt: skip
    trend = {"rounds": [{"label": label} for label in labels], "overall": [49, 83, 90, 95],
             "partners": None}  # fmt: skip
    chart = render.chart_geometry(trend, ["okt. 2021", "nov. 2022", "dec. 2022", "jan. 2023"])
    assert [tick["lines"] for tick in chart["x_ticks"]] == [
        ["Eerste tussentijdse", "monitoring van de norm", "okt. 2021"],
        ["Eindevaluatie", "nov. 2022"],
        ["Eerste tussentijdse", "monitoring van de…", "dec. 2022"],
        ["R", "jan. 2023"],
    ]
    assert chart["partners"] == [] and len(chart["legend"]) == 1


@pytest.mark.parametrize(
    ("text", "label"),
    [('Ronde "najaar"', "Ronde 'najaar'"), ("a`b", "a'b"), ("[x] {y}; #z", "x y z"),
     ("regel\nnieuw", "regel nieuw"), ("<b>", "b"), ("100%", "100%"), (None, "")],
)  # fmt: skip
def test_mermaid_label_cannot_leave_its_quotes(text: str | None, label: str) -> None:
    assert render.mermaid_label(text) == label


def test_month_year_and_capital_first() -> None:
    assert Formatters("nl_NL").month_year("2021-10-28") == "okt 2021"
    assert Formatters("en_GB").month_year("2022-11-15") == "Nov 2022"
    assert render.upper_first("niet behaald") == "Niet behaald"
    assert render.upper_first("") == ""


def test_markdown_from_the_data_mentions_nobody_and_moves_no_cursor() -> None:
    # A CI job posts the diff as a pull-request comment: `@name` would notify that user.
    escaped = md_escape("cc @octocat \x1b[2J \u202eevil")
    assert "@\u2060octocat" in escaped
    assert "\x1b" not in escaped and "\u202e" not in escaped
    assert "\\\\x1b" in escaped  # shown, as an escape the reader can see
