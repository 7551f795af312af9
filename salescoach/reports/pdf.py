"""HTML summary -> PDF with Qt's own text engine: no browser, no native library beyond PySide6.

The one module outside `salescoach.ui` allowed to import Qt (an import-linter contract says so).

Call it on the GUI thread (the thread of the Q(Gui)Application): Qt's font machinery and the
application object belong there, and a summary takes well under a second. From the command line
with no application yet, it creates a QGuiApplication itself, on the "offscreen" platform when
there is no display.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QThread
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

# CSS px are 1/96 inch: at this resolution "font-size: 15px" prints as 11.25 pt, as on screen.
RESOLUTION_DPI = 96
MARGIN_MM = 18.0
CREATOR = "SalesCoach"

_application: QGuiApplication | None = None  # the one we created, kept alive for the process


def _gui_application() -> QGuiApplication:
    """The running Q(Gui)Application, or a new QGuiApplication when there is none yet."""
    global _application
    existing = QGuiApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise RuntimeError("PDF export needs a QGuiApplication, not a bare QCoreApplication")
        return existing
    # X11/Wayland need a display; Windows and macOS always have their native platform.
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if not os.environ.get("QT_QPA_PLATFORM") and no_display and sys.platform.startswith("linux"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _application = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "salescoach"])
    return _application


def html_to_pdf_bytes(html: str) -> bytes:
    """`html` (Qt's rich-text subset of HTML 4 + CSS) laid out on A4 pages, as PDF bytes."""
    application = _gui_application()
    if QThread.currentThread() != application.thread():
        raise RuntimeError("html_to_pdf must run on the GUI thread")

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator(CREATOR)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )

    document = QTextDocument()
    # Measure text with the writer's fonts and unhinted widths, so print is laid out for print.
    document.documentLayout().setPaintDevice(writer)
    document.setUseDesignMetrics(True)
    document.setDocumentMargin(0)  # the page margins are the writer's
    # A ligature glyph reaches the text layer as one character ("ﬃ" in "oﬃce"), so copying or
    # searching "office" in the PDF would fail: set the text without them.
    font = document.defaultFont()
    font.setFeature(QFont.Tag("liga"), 0)
    document.setDefaultFont(font)
    document.setHtml(html)
    page = writer.pageLayout().paintRectPixels(RESOLUTION_DPI)
    document.setPageSize(QSizeF(page.width(), page.height()))
    _keep_headings_with_next(document, page.height())
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))

    # Painting page by page ourselves (rather than QTextDocument.print_) keeps our margins and
    # adds no page numbers; the painter's origin is the top left of the area inside the margins.
    painter = QPainter(writer)
    try:
        for number in range(document.pageCount()):
            if number:
                writer.newPage()
            _draw_page(painter, document, number * page.height(), page.width(), page.height())
    finally:
        painter.end()
    buffer.close()
    return data.data()


def _draw_page(
    painter: QPainter, document: QTextDocument, top: float, width: float, height: float
) -> None:
    """Draw the part of `document` from `top` to `top + height`, and only that part's text.

    What the painter clips away still goes into the PDF's text layer (copy, search, screen
    readers), so no line of another page may be drawn at all. Qt draws too much in two cases:
    a line starting exactly on the clip's bottom edge, which is where pagination puts a page's
    first line (hence the half pixel), and, in a paragraph split across pages, the last line
    above the clip (an off-by-one in QTextLayout::draw). Such paragraphs are hidden while the
    page is drawn, then their lines on this page are drawn one by one.
    """
    painter.save()
    painter.translate(0, -top)
    painter.setClipRect(QRectF(0, top, width, height))
    continued = [block for block in _body_blocks(document) if _continues_onto(block, top, height)]
    for block in continued:
        block.setVisible(False)  # without a re-layout, drawing merely skips the block
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = QRectF(0, top + 0.5, width, height - 1)
    try:
        document.documentLayout().draw(painter, context)
    finally:
        for block in continued:
            block.setVisible(True)
    for block in continued:
        text_layout = block.layout()
        origin = text_layout.position()
        background = block.blockFormat().background()
        if background.style() != Qt.BrushStyle.NoBrush:
            painter.fillRect(text_layout.boundingRect().translated(origin), background)
        for index, line_top in enumerate(_line_tops(block)):
            if top <= line_top < top + height:
                text_layout.lineAt(index).draw(painter, origin)
    painter.restore()


def _body_blocks(document: QTextDocument) -> Iterator[QTextBlock]:
    """Paragraphs, headings and list items of the root frame (not those in table cells)."""
    root = document.rootFrame()
    block = document.begin()
    while block.isValid():
        if QTextCursor(block).currentFrame() == root:
            yield block
        block = block.next()


def _line_tops(block: QTextBlock) -> list[float]:
    """Where each line of `block` starts; the root frame's blocks are in document coordinates."""
    text_layout = block.layout()
    start = text_layout.position().y()
    return [start + text_layout.lineAt(index).y() for index in range(text_layout.lineCount())]


def _continues_onto(block: QTextBlock, top: float, height: float) -> bool:
    """Whether `block` began on an earlier page and has lines on the page starting at `top`."""
    tops = _line_tops(block)
    return bool(tops) and tops[0] < top and any(top <= y < top + height for y in tops)


def _keep_headings_with_next(document: QTextDocument, page_height: float) -> None:
    """Start a heading on the next page when the text under it would (no `break-after: avoid`)."""
    size = document.pageSize()
    for _ in range(document.blockCount()):  # each round moves one heading down a page
        heading = _heading_ending_a_page(document, page_height)
        if heading is None:
            return
        block_format = heading.blockFormat()
        block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(heading).setBlockFormat(block_format)
        # After an edit Qt's lazy layout can stop short (pageCount() then drops the pages
        # after the heading); setting the page size again lays the whole document out anew.
        document.setPageSize(size)


def _heading_ending_a_page(document: QTextDocument, page_height: float) -> QTextBlock | None:
    layout = document.documentLayout()
    for block in _body_blocks(document):
        following = block.next()
        block_format = block.blockFormat()
        if not (block_format.headingLevel() and following.isValid()) or (
            block_format.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
        ):
            continue
        layout.blockBoundingRect(following)  # lays the document out down to here
        heading_lines, following_lines = _line_tops(block), _line_tops(following)
        if (
            heading_lines
            and following_lines
            and following_lines[0] // page_height > heading_lines[-1] // page_height
        ):
            return block
    return None


def html_to_pdf(html: str, path: Path) -> None:
    """Write `html` as a PDF to `path`, replacing it whole: never a half-written file."""
    pdf = html_to_pdf_bytes(html)
    # A new name beside the target (same file system, so the rename is atomic); "xb" never
    # overwrites and, unlike tempfile, leaves the permissions to the umask.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with temporary.open("xb") as handle:
            handle.write(pdf)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
