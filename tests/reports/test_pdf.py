"""The needs summary as a PDF, through Qt's text engine, with a real text layer.

Every test takes pytest-qt's `qapp`, so a QApplication exists before the PDF module looks: left
alone it would make a QGuiApplication, and later widget tests in the same process need widgets.
The module's own headless start is checked in a fresh interpreter.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from salescoach import resources
from salescoach.reports.pdf import html_to_pdf, html_to_pdf_bytes
from salescoach.reports.render import render, shipped_environment
from salescoach.services.checks import sample_summary
from salescoach.services.playbooks import PlaybookService

pytestmark = pytest.mark.usefixtures("qapp")

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None,
    reason="pdftotext is not installed (Debian/Ubuntu: apt-get install poppler-utils), "
    "so the PDF's text layer cannot be read",
)
PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def summary_html(company: str = "Example Manufacturing Ltd") -> str:
    playbook = PlaybookService.shipped_only().get("collaborative-discovery")
    model = sample_summary(playbook)
    model["prospect"]["company"] = company
    environment = shipped_environment(resources.templates_dir())
    return render(environment, "client-summary.html.j2", model)


def pdf_text(path: Path, page: int | None = None) -> str:
    assert PDFTOTEXT is not None
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def long_html(sections: int = 24) -> str:
    """Headings, lists and paragraphs of varied length: enough for several pages."""
    parts = ["<html><head><title>Long summary</title></head><body><h1>Long summary</h1>"]
    for n in range(sections):
        items = "".join(
            f"<li>{' '.join(f'item{n}x{i}w{w}' for w in range(3 + (n * 7 + i * 5) % 23))}</li>"
            for i in range(1 + n % 4)
        )
        words = " ".join(f"para{n}w{w}" for w in range((n * 13) % 60))
        parts.append(f"<h2>Heading {n}</h2><ul>{items}</ul><p>{words}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def test_summary_pdf_is_a_pdf_with_pages(tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    html_to_pdf(summary_html(), path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert len(PAGE.findall(data)) >= 1
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]  # no temp file left


def test_pdf_bytes_are_the_same_document() -> None:
    data = html_to_pdf_bytes("<h1>Hello</h1><p>World</p>")
    assert data.startswith(b"%PDF-")
    assert len(PAGE.findall(data)) == 1


@needs_pdftotext
def test_text_layer_holds_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    html_to_pdf(summary_html(), path)
    text = pdf_text(path)
    assert "Example Manufacturing Ltd" in text
    assert "Dear Dana Example" in text
    assert "correct me" in text


@needs_pdftotext
def test_text_layer_has_letters_not_ligatures(tmp_path: Path) -> None:
    company = "Griffin Office Efficiency & Affluent Flow"
    path = tmp_path / "summary.pdf"
    html_to_pdf(summary_html(company), path)
    text = pdf_text(path)
    assert company in " ".join(text.split())
    assert not {"\ufb00", "\ufb01", "\ufb02", "\ufb03", "\ufb04"} & set(text)


@needs_pdftotext
def test_non_ascii_and_escaped_markup_come_out_as_typed(tmp_path: Path) -> None:
    company = 'Müller & Söhne GmbH <script>alert("x")</script> Łódź €'
    path = tmp_path / "summary.pdf"
    html_to_pdf(summary_html(company), path)
    # Lines may break after "/" or "<": compare without the white space.
    assert "".join(company.split()) in "".join(pdf_text(path).split())


def test_long_documents_get_several_pages(tmp_path: Path) -> None:
    data = html_to_pdf_bytes(long_html())
    assert len(PAGE.findall(data)) >= 3


@needs_pdftotext
def test_every_word_is_in_the_text_layer_exactly_once(tmp_path: Path) -> None:
    """Qt draws lines of the neighbouring page too, clipped out of sight but still text."""
    html = long_html()
    path = tmp_path / "long.pdf"
    html_to_pdf(html, path)
    expected = re.findall(r"(?:item|para)\d+x?\d*w\d+", html)
    found = re.findall(r"(?:item|para)\d+x?\d*w\d+", pdf_text(path))
    assert sorted(found) == sorted(expected)


@needs_pdftotext
def test_no_page_ends_with_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    html_to_pdf(long_html(), path)
    pages = len(PAGE.findall(path.read_bytes()))
    assert pages >= 3
    for page in range(1, pages):
        lines = [line for line in pdf_text(path, page).splitlines() if line.strip()]
        assert not lines[-1].startswith("Heading"), f"page {page} ends with {lines[-1]!r}"


def test_writing_into_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        html_to_pdf("<p>x</p>", tmp_path / "missing" / "summary.pdf")
    assert list(tmp_path.iterdir()) == []


def test_replacing_a_file_keeps_the_name(tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    path.write_bytes(b"old")
    html_to_pdf("<p>new</p>", path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        html_to_pdf("<p>x</p>", tmp_path / "summary.pdf")
    finally:
        os.umask(umask)
    assert (tmp_path / "summary.pdf").stat().st_mode & 0o777 == 0o644


def test_refuses_to_run_off_the_gui_thread() -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            html_to_pdf_bytes("<p>x</p>")
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    assert len(errors) == 1
    assert isinstance(errors[0], RuntimeError)
    assert "GUI thread" in str(errors[0])


HEADLESS = """
import sys
from salescoach.reports import pdf
data = pdf.html_to_pdf_bytes("<h1>Headless</h1>")
from PySide6.QtGui import QGuiApplication
app = QGuiApplication.instance()
assert app is pdf._application, "the module keeps the application it made"
print(type(app).__name__, QGuiApplication.platformName(), data[:5].decode())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY matters on X11 only")
def test_from_the_command_line_without_a_display_it_goes_offscreen() -> None:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-c", HEADLESS],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["QGuiApplication", "offscreen", "%PDF-"]
