"""The summary in the centre: a live preview, or its source text in an editor.

HTML shows rendered, Markdown rendered from its source, plain text as it will be sent. A template
that cannot be rendered shows its `file:line: message` here, calmly, instead of a summary.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QStackedWidget, QTextBrowser, QWidget

from salescoach.ui.meeting.needs_common import scaled

PROBLEM_COLOUR = "#b3261e"
DOCUMENT_MARGIN = 14  # px around the text, so it does not touch the frame


class SummaryView(QStackedWidget):
    edited = Signal(str)
    """The rep changed the text in the editor (carries the whole text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("summary-preview")
        self.preview.setOpenLinks(False)  # links in a summary stay inert: no browser, no network
        self.preview.setFont(scaled(self.font(), 1.1))
        self.preview.setAccessibleName("Summary preview")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("summary-editor")
        self.editor.setAccessibleName("Summary text")
        self.editor.setTabChangesFocus(True)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.textChanged.connect(self._text_changed)
        self.addWidget(self.preview)
        self.addWidget(self.editor)
        self.problem: str | None = None
        self._fmt = ""
        self._shown = ""

    # --- what is shown --------------------------------------------------------------------------

    def show_summary(self, fmt: str, text: str) -> None:
        """Show `text` in format `fmt`, in the preview and as the editor's source text."""
        unchanged = self.problem is None and (fmt, text) == (self._fmt, self._shown)
        self.problem = None
        if not unchanged:  # filling in the same text again keeps the rep's place in it
            scroll = self.preview.verticalScrollBar()
            place = scroll.value() if fmt == self._fmt else 0
            self._fmt = fmt
            self._render(text)
            scroll.setValue(place)
        self._set_editor_text(text)  # unchanged text leaves the rep's cursor where it is
        self.editor.setReadOnly(False)

    def show_problem(self, message: str) -> None:
        """A template could not be rendered: say where, in calm red, and offer nothing to edit."""
        self.problem = message
        self.preview.setHtml(
            f"<p style='color:{PROBLEM_COLOUR}'><b>This template could not be filled in.</b></p>"
            f"<pre style='color:{PROBLEM_COLOUR}; white-space:pre-wrap'>{escape(message)}</pre>"
            "<p>Fix the line shown in the template file and press F5. "
            "The other templates still work.</p>"
        )
        self._set_editor_text("")
        self.editor.setReadOnly(True)
        self.set_editing(False)

    def _render(self, text: str) -> None:
        self._shown = text
        if self._fmt == "html":
            self.preview.setHtml(text)
        elif self._fmt == "md":
            self.preview.setMarkdown(text)
        else:
            self.preview.setPlainText(text)
        self.preview.document().setDocumentMargin(DOCUMENT_MARGIN)

    def _set_editor_text(self, text: str) -> None:
        if self.editor.toPlainText() == text:
            return
        self.editor.blockSignals(True)  # only the rep's typing counts as an edit
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)

    # --- editing --------------------------------------------------------------------------------

    def editing(self) -> bool:
        return self.currentWidget() is self.editor

    def set_editing(self, on: bool) -> None:
        if on and self.problem is None:
            self.setCurrentWidget(self.editor)
            return
        if self.editing() and self.problem is None:
            self._render(self.editor.toPlainText())
        self.setCurrentWidget(self.preview)

    def _text_changed(self) -> None:
        self.edited.emit(self.editor.toPlainText())
