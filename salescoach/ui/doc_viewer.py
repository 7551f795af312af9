"""The shipped guides (Markdown), shown offline in a window of their own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget


class DocViewer(QDialog):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("doc-browser")
        self.browser.setOpenExternalLinks(False)  # no network, ever: links stay inert
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as error:
            self.browser.setPlainText(f"The guide {path.name} could not be read: {error.strerror}")
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        self.resize(760, 640)
