"""The small inline form for one need: the client's words, impact and priority; Enter / Esc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.ui.meeting.needs_common import claims_key, is_plain

if TYPE_CHECKING:
    from salescoach.services.interviews import StoredNeed

PRIORITIES = ("High", "Medium", "Low")


class StatementEdit(QPlainTextEdit):
    """A few wrapped lines for the need, in the client's words; Enter is left to the form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlaceholderText("What the client said, in their words")
        lines = self.fontMetrics().lineSpacing() * 3
        margins = self.contentsMargins()
        self.setFixedHeight(
            lines + margins.top() + margins.bottom() + 2 * int(self.document().documentMargin())
        )

    def text(self) -> str:
        return " ".join(self.toPlainText().split())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # the form saves
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(" ".join(source.text().split()))
        else:
            super().insertFromMimeData(source)


class NeedEditor(QFrame):
    """The small form for one need: statement (required), impact, priority; Enter / Esc."""

    submitted = Signal()
    """Enter (or Save): the form should be saved."""
    cancelled = Signal()
    """Esc (or Cancel): the form should close without saving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("need-editor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.title = QLabel("New need", self)
        title_font = self.title.font()
        title_font.setBold(True)
        self.title.setFont(title_font)
        layout.addWidget(self.title)

        self.statement = StatementEdit(self)
        self.statement.setObjectName("need-statement")
        self.statement.setAccessibleName("Need, in the client's words")
        layout.addWidget(self.statement)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.impact = QLineEdit(self)
        self.impact.setObjectName("need-impact")
        self.impact.setPlaceholderText("What it costs them: time, money, risk")
        form.addRow("&Impact", self.impact)
        self.priority = QComboBox(self)
        self.priority.setObjectName("need-priority")
        self.priority.addItem("Not set", "")
        for priority in PRIORITIES:
            self.priority.addItem(priority, priority)
        form.addRow("&Priority", self.priority)
        layout.addLayout(form)

        self.hint = QLabel(self)
        self.hint.setObjectName("need-editor-hint")
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.hide()
        layout.addWidget(self.hint)

        buttons = QHBoxLayout()
        buttons.addStretch()
        self.cancel_button = QPushButton("Cancel (Esc)", self)
        self.cancel_button.clicked.connect(self.cancelled)
        self.save_button = QPushButton("Save (Enter)", self)
        self.save_button.clicked.connect(self.submitted)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def fill(self, title: str, statement: str = "", impact: str = "", priority: str = "") -> None:
        self.title.setText(title)
        self.statement.setPlainText(statement)
        self.impact.setText(impact)
        found = self.priority.findData(priority)
        self.priority.setCurrentIndex(max(found, 0))
        self.show_hint("")
        cursor = self.statement.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.statement.setTextCursor(cursor)

    def values(self) -> dict[str, str]:
        return {
            "statement": self.statement.text(),
            "impact": self.impact.text().strip(),
            "priority": self.priority.currentData() or "",
        }

    def holds_changes(self, need: StoredNeed | None) -> bool:
        """True when the form holds words not yet saved: any, for a new need (`need` None)."""
        values = self.values()
        typed = (values["statement"], values["impact"], values["priority"])
        if need is None:
            return any(typed)
        return typed != (need.statement, need.impact, need.priority)

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def event(self, event: QEvent) -> bool:
        if claims_key(event, self._is_form_key):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._is_form_key(event):
            super().keyPressEvent(event)
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            self.submitted.emit()

    @staticmethod
    def _is_form_key(event: QKeyEvent) -> bool:
        return is_plain(event) and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Escape,
        )
