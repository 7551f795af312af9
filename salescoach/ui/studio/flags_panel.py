"""Before you send: must-ask questions nobody answered and needs the client has not confirmed.

Each is one step away: Enter (or a double-click) on a question asks the meeting to show it; on a
need, to open the read-back. With nothing missing, one calm line says the summary is ready.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
READY_COLOUR = "#2e7d32"


class FlagsPanel(QWidget):
    questionActivated = Signal(str)
    """The rep chose a missing must-ask question (carries its id)."""
    needsActivated = Signal()
    """The rep chose a need that is not confirmed yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flags-panel")
        self.list = QListWidget(self)
        self.list.setObjectName("flags-list")
        self.list.setAccessibleName("Before you send")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemActivated.connect(self._activated)
        self.ready = QLabel(
            f"<span style='color:{READY_COLOUR}'>\u2713</span> <b>Ready to send.</b> Every "
            "must-ask question is answered and the client confirmed every need.",
            self,
        )
        self.ready.setObjectName("ready-to-send")
        self.ready.setWordWrap(True)
        self.ready.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.ready)
        layout.addWidget(self.list, stretch=1)
        self.missing: list[dict[str, Any]] = []
        self.open_needs: list[dict[str, Any]] = []
        self.hand_off: list[str] = []

    def set_model(self, model: Mapping[str, Any], hand_off: Sequence[str] = ()) -> None:
        """Show what the summary view-model says is missing; `hand_off`: what the document
        lacks to go out (its recipient, the rep's name), one line each."""
        self.missing = list(model.get("missing") or [])
        self.open_needs = [n for n in model.get("needs") or [] if n.get("status") == "open"]
        self.hand_off = list(hand_off)
        self.list.clear()
        if self.missing:
            self._heading(f"Must-ask questions not answered ({len(self.missing)})")
            for question in self.missing:
                item = QListWidgetItem(question["text"], self.list)
                item.setData(KIND_ROLE, "question")
                item.setData(ID_ROLE, question["id"])
                item.setToolTip("Enter: show this question in the meeting")
        if self.open_needs:
            self._heading(f"Needs not confirmed with the client ({len(self.open_needs)})")
            for need in self.open_needs:
                item = QListWidgetItem(f"{need['rank']}. {need['statement']}", self.list)
                item.setData(KIND_ROLE, "need")
                item.setToolTip("Enter: read the needs back to the client")
        if self.hand_off:
            self._heading("Before it goes out")
            for gap in self.hand_off:
                item = QListWidgetItem(f"\u2022 {gap}", self.list)  # wrapped lines stay apart
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # read, not chosen: fixed elsewhere
        nothing_missing = self.is_ready()
        self.ready.setVisible(nothing_missing)
        self.list.setVisible(not nothing_missing)
        items = (self.list.item(row) for row in range(self.list.count()))
        first = next((item for item in items if item.data(KIND_ROLE)), None)
        if first is not None:
            self.list.setCurrentItem(first)

    def is_ready(self) -> bool:
        return not self.missing and not self.open_needs and not self.hand_off

    def focus(self) -> None:
        target = self.ready if self.is_ready() else self.list
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _heading(self, text: str) -> None:
        heading = QListWidgetItem(text, self.list)
        heading.setFlags(Qt.ItemFlag.NoItemFlags)  # arrow keys pass over it
        heading.setForeground(self.palette().windowText())  # a heading, not greyed out
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)

    def _activated(self, item: QListWidgetItem) -> None:
        kind = item.data(KIND_ROLE)
        if kind == "question":
            self.questionActivated.emit(item.data(ID_ROLE))
        elif kind == "need":
            self.needsActivated.emit()
