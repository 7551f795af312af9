"""The shipped guides (Markdown), shown offline in a window of their own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QTextBrowser, QVBoxLayout, QWidget


class DocViewer(QDialog):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._folder = path.parent
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("doc-browser")
        # No network, ever: the viewer follows no link by itself. A link to another guide opens
        # it here; a web address is copied for the rep to open where they choose.
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.note = QLabel(self)
        self.note.setObjectName("doc-note")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(self.note)
        self.resize(760, 640)
        self.show_guide(path)

    def show_guide(self, path: Path) -> None:
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as error:
            self.browser.setPlainText(f"The guide {path.name} could not be read: {error.strerror}")

    def _follow(self, url: QUrl) -> None:
        if url.isRelative() and not url.path():  # "#section" within this guide
            self.browser.scrollToAnchor(url.fragment())
            return
        if url.isRelative() and url.path().endswith(".md"):
            guide = (self._folder / url.path()).resolve()
            if guide.parent == self._folder.resolve() and guide.is_file():
                self.show_guide(guide)
                if url.fragment():
                    self.browser.scrollToAnchor(url.fragment())
                return
        address = url.toString()
        QGuiApplication.clipboard().setText(address)
        self.note.setText(
            f"SalesCoach does not go online. The address is copied, to open in your browser: "
            f"{address}"
        )
        self.note.show()
