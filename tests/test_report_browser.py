"""The HTML report in a real browser: it fits a 400-pixel phone, and it prints on A4 with
the internal edition's marking on every page (spec/report.md, "Formats").

Runs headless Chromium when it is installed (Debian: `apt-get install chromium`) and is
skipped otherwise. The page is loaded into a 400-pixel-wide iframe of a probe page, since
a headless window may not be made narrower than 500 pixels; a script in the probe (the
report itself has none) writes the report's widths into the probe's DOM, which Chromium
prints with --dump-dom.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import PROJECT, Cli

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome")
     if (found := shutil.which(name))),
    None,
)  # fmt: skip
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
TIMEOUT = 90  # seconds; a first start of Chromium on a busy machine takes a few


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", *args]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    return done.stdout


def report_html(cli: Cli, *args: str) -> str:
    result = cli("report", "2022-autumn", "--format", "html", *args, cwd=PROJECT)
    assert result.code == 0, result.err
    return result.out


def widths_at(tmp_path: Path, page: str, width: int) -> tuple[int, int]:
    """The report's (visible width, scroll width) in an iframe `width` pixels wide."""
    probe = tmp_path / "probe.html"
    probe.write_text(
        f'<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe id="r" style="width:{width}px;height:800px;border:0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe><script>'
        'addEventListener("load", function () {'
        ' var d = document.getElementById("r").contentDocument.documentElement;'
        ' document.body.setAttribute("data-widths", d.clientWidth + " " + d.scrollWidth);'
        "});</script></body></html>",
        encoding="utf-8",
    )
    dom = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", probe.as_uri())
    found = re.search(r'data-widths="(\d+) (\d+)"', dom)
    assert found, dom[-2000:]
    return int(found.group(1)), int(found.group(2))


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_html_fits_a_400_pixel_phone(cli: Cli, tmp_path: Path, audience: str) -> None:
    """No sideways scrolling of the page: wide tables scroll inside their own box."""
    visible, scrolled = widths_at(tmp_path, report_html(cli, "--audience", audience), 400)
    assert 350 <= visible <= 400
    assert scrolled <= visible


def test_the_probe_sees_a_page_that_does_not_fit(tmp_path: Path) -> None:
    """The check can fail: a 600-pixel block in a 400-pixel frame is 600 wide."""
    page = '<!DOCTYPE html><html><body style="margin:0"><div style="width:600px">x</div>'
    visible, scrolled = widths_at(tmp_path, page + "</body></html>", 400)
    assert scrolled >= 600 > visible


def test_internal_edition_prints_on_a4_marked_on_every_page(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(report_html(cli), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    raw = pdf.read_bytes()
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", raw)
    assert sizes, "no page in the PDF"
    # A4 is 595.3 x 841.9 points; Chromium rounds to whole CSS pixels.
    assert all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in sizes)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed to read the pages")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
        timeout=TIMEOUT, check=True,
    ).stdout  # fmt: skip
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 3
    assert all("NIET OPENBAAR" in p for p in pages)
