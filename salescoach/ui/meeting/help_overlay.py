"""F1: every meeting shortcut on one calm sheet over the window. Esc or F1 closes it."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from salescoach.ui.meeting.shortcuts import SECTION_KEYS, SHORTCUTS


def shortcuts_html() -> str:
    rows: list[str] = []
    for group, items in groupby(SHORTCUTS, key=lambda shortcut: shortcut.group):
        rows.append(f"<tr><td colspan=2><h3>{group}</h3></td></tr>")
        for shortcut in items:
            keys = " or ".join(f"<b>{key}</b>" for key in shortcut.keys)
            rows.append(
                f"<tr><td style='padding-right:24px'>{keys}</td><td>{shortcut.text}</td></tr>"
            )
        if group == "Move":
            rows.append(f"<tr><td><b>{SECTION_KEYS}</b></td><td>Jump to section 1 to 9</td></tr>")
    return "<h2>Meeting shortcuts</h2><table>" + "".join(rows) + "</table>"


class HelpOverlay(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("help-overlay")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#help-overlay { background: palette(window); border: 2px solid palette(highlight);"
            " border-radius: 10px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        text = QLabel(shortcuts_html() + "<p>Press <b>F1</b> or <b>Esc</b> to close.</p>", self)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text)
        self.hide()
        parent.installEventFilter(self)

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        self.adjustSize()
        parent = self.parentWidget()
        self.move(
            (parent.width() - self.width()) // 2, max((parent.height() - self.height()) // 2, 0)
        )
        self.raise_()
        self.show()
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.hide()
            self.toggle()
        return False
