"""Free text: one line, or several in the client's words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from salescoach.domain.playbook import Question
from salescoach.ui.meeting.editors.base import AnswerEditor, as_text, bare


def _typed(text: str) -> str | None:
    return text if text.strip() else None


class TextEditor(AnswerEditor):
    """One line: a name, a short phrase. Enter saves."""

    keys_hint = "Enter saves"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line = QLineEdit(self)
        self._main_input(self.line)
        self.line.setClearButtonEnabled(True)
        self.line.textEdited.connect(self._user_changed)
        self.line.returnPressed.connect(self._commit)
        bare(QVBoxLayout(self)).addWidget(self.line)

    def _read(self) -> str | None:
        return _typed(self.line.text())

    def _show(self, value: Any) -> bool:
        self.line.setText(as_text(value))
        self.line.setCursorPosition(0)
        return isinstance(value, str)

    def _focus_target(self) -> QWidget:
        return self.line


class _PlainText(QPlainTextEdit):
    """A comfortable five lines at whatever font the window uses."""

    LINES = 5

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        document = int(self.document().documentMargin() * 2)
        height = self.fontMetrics().lineSpacing() * self.LINES + document
        return QSize(super().sizeHint().width(), height + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class LongTextEditor(AnswerEditor):
    """Several lines in the client's words; Tab leaves the field instead of typing a tab."""

    keys_hint = "Enter starts a new line; Tab moves on"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.text = _PlainText(self)
        self._main_input(self.text)
        self.text.setTabChangesFocus(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.text.textChanged.connect(self._user_changed)
        bare(QVBoxLayout(self)).addWidget(self.text)

    def _read(self) -> str | None:
        return _typed(self.text.toPlainText())

    def _show(self, value: Any) -> bool:
        self.text.setPlainText(as_text(value))
        return isinstance(value, str)

    def _focus_target(self) -> QWidget:
        return self.text

    def focus_editor(self) -> None:
        super().focus_editor()
        self.text.moveCursor(QTextCursor.MoveOperation.End)
