"""After a hand-off: 'Did it go out?' in a quiet bar, never a modal question; and when it did."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from salescoach.ui.studio.shortcuts import tooltip


def sent_label(iso: str | None) -> str:
    """'Sent on 3 May 2026, 14:32' in local time, or 'Not sent yet'."""
    if not iso:
        return "Not sent yet"
    try:
        when = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return f"Sent on {iso}"
    return f"Sent on {when.day} {when:%B %Y, %H:%M}"


class SentBar(QFrame):
    confirmed = Signal()
    """Yes: the summary went out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sent-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#sent-bar { border: 1px solid palette(highlight); border-radius: 6px; }"
        )
        self.question = QLabel("Did it go out?", self)
        self.yes = QPushButton("&Yes, it went out", self)
        self.yes.setObjectName("sent-yes")
        self.yes.setToolTip(tooltip("sent", "Record that the summary was sent"))
        self.not_yet = QPushButton("&Not yet", self)
        self.not_yet.setObjectName("sent-not-yet")
        self.yes.clicked.connect(self.confirmed)
        self.not_yet.clicked.connect(self.hide)
        self.question.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.yes)
        buttons.addWidget(self.not_yet)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.question)
        layout.addLayout(buttons)
        self.hide()

    def ask(self, how: str) -> None:
        """Show the question, saying how the summary was handed off."""
        self.question.setText(f"{how}. Did it go out?")
        self.show()
