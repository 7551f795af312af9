"""One question on screen: large text, its answer editor, the rep's note and the client's words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.answers import format_answer, is_answered
from salescoach.domain.playbook import Question, Section
from salescoach.ui.meeting.editors import AnswerEditor
from salescoach.ui.meeting.needs_common import scaled


class CommitOnLeave(QPlainTextEdit):
    """A plain-text field that says when the rep leaves it, so its text is saved at once."""

    left = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class QuestionPage(QWidget):
    valueEdited = Signal(str, object)
    """(question id, value): the answer changed."""
    textEdited = Signal(str, str, str)
    """(question id, field "note" or "quote", text): the note or the client's words changed."""
    committed = Signal()
    """The rep left a field: save now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: Question | None = None
        self.editor: AnswerEditor | None = None
        self._loading = False
        self._carried: Any = None  # the last meeting's answer, when this one was pre-filled

        self.where = QLabel(self)
        self.where.setObjectName("question-where")
        self.must_ask = QLabel("Must ask", self)
        self.must_ask.setObjectName("must-ask-badge")
        self.must_ask.setToolTip("Counts toward discovery coverage and the diagnosis gate")
        self.must_ask.setStyleSheet(
            "QLabel { border: 1px solid palette(highlight); border-radius: 8px;"
            " padding: 1px 8px; color: palette(highlight); }"
        )
        heading = QHBoxLayout()
        heading.addWidget(self.where)
        heading.addStretch()
        heading.addWidget(self.must_ask)

        self.text = QLabel(self)
        self.text.setObjectName("question-text")
        self.text.setWordWrap(True)
        self.text.setFont(scaled(self.font(), 1.6, bold=True))
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.editor_slot = QVBoxLayout()
        self.carried = QLabel(self)
        self.carried.setObjectName("carried-value")
        self.carried.setWordWrap(True)
        self.carried.setEnabled(False)  # muted: a reminder, not an answer

        self.note = CommitOnLeave("Your note, for you only (Ctrl+M)", self)
        self.note.setObjectName("question-note")
        self.note.setAccessibleName("Your note on this question")
        self.quote = CommitOnLeave("The client's own words, exactly as said (Ctrl+Shift+C)", self)
        self.quote.setObjectName("client-quote")
        self.quote.setAccessibleName("The client's own words")
        italic = self.quote.font()
        italic.setItalic(True)
        self.quote.setFont(italic)
        self.note.textChanged.connect(lambda: self._text_changed("note", self.note))
        self.quote.textChanged.connect(lambda: self._text_changed("quote", self.quote))
        self.note.left.connect(self.committed)
        self.quote.left.connect(self.committed)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.text)
        layout.addSpacing(6)
        layout.addLayout(self.editor_slot)
        layout.addWidget(self.carried)
        layout.addSpacing(6)
        layout.addWidget(line)
        layout.addWidget(QLabel("Client's words", self))
        layout.addWidget(self.quote)
        layout.addWidget(QLabel("Note", self))
        layout.addWidget(self.note)
        layout.addStretch()

    def show_question(
        self,
        question: Question,
        section: Section,
        position: int,
        count: int,
        editor: AnswerEditor,
        note: str,
        quote: str,
        carried: Any = None,
    ) -> None:
        """Put `question` on screen with its (cached) editor and what is stored for it."""
        self._loading = True
        try:
            if self.editor is not None and self.editor is not editor:
                self.editor_slot.removeWidget(self.editor)
                self.editor.hide()
                self.editor.edited.disconnect(self._value_changed)
                self.editor.committed.disconnect(self.committed)
            self.question = question
            if self.editor is not editor:
                self.editor = editor
                self.editor_slot.addWidget(editor)
                editor.edited.connect(self._value_changed)
                editor.committed.connect(self.committed)
            editor.show()
            self.where.setText(f"{section.title}  ·  question {position} of {count}")
            self.must_ask.setVisible(question.must_ask)
            self.text.setText(question.text)
            self.note.setPlainText(note)
            self.quote.setPlainText(quote)
            self._show_carried(carried)
        finally:
            self._loading = False

    def _show_carried(self, carried: Any) -> None:
        self._carried = carried if is_answered(carried) else None
        if self.question is None or self.editor is None or self._carried is None:
            self.carried.hide()
            return
        self.carried.setText(f"Last meeting: {format_answer(self.question, carried)}")
        self.carried.setVisible(self.editor.value() != carried)

    def _value_changed(self) -> None:
        if self._loading or self.question is None or self.editor is None:
            return
        value = self.editor.value()
        if self._carried is not None:
            self.carried.setVisible(value != self._carried)
        self.valueEdited.emit(self.question.id, value)

    def _text_changed(self, field: str, widget: QPlainTextEdit) -> None:
        if not self._loading and self.question is not None:
            self.textEdited.emit(self.question.id, field, widget.toPlainText())
