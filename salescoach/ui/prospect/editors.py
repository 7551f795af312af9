"""Inputs for log fields and prospect fields, built on meeting mode's answer editors.

The same keyboard-first editors the rep knows from the discovery (a date that can be "Not set",
numbered choices, a 1-5 scale) serve every log: a `Field` is described to them as a question.
A need is picked from the prospect's needs; a flag is a check box.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QVBoxLayout, QWidget

from salescoach.domain.cycle_logs import Field, FieldKind
from salescoach.domain.playbook import Choice, Question, QuestionType
from salescoach.ui.meeting.editors import AnswerEditor, editor_for
from salescoach.ui.meeting.editors.base import bare
from salescoach.ui.meeting.needs_common import status_text
from salescoach.ui.prospect.formatting import need_label

SATISFACTION_WORDS = ["Very unhappy", "Unhappy", "Neither", "Happy", "Delighted"]

_QUESTION_TYPES = {
    FieldKind.TEXT: QuestionType.TEXT,
    FieldKind.LONG_TEXT: QuestionType.LONG_TEXT,
    FieldKind.DATE: QuestionType.DATE,
    FieldKind.CHOICE: QuestionType.SINGLE_CHOICE,
    FieldKind.SCORE: QuestionType.SCALE,
}


def question_for(name: str, label: str, kind: QuestionType, **options: Any) -> Question:
    """A field described as a question, so a meeting editor can show it."""
    return Question(id=name, text=label, type=kind, **options)


def field_editor(spec: Field, needs: list[dict[str, Any]], parent: QWidget) -> AnswerEditor:
    """The input for one field of a log entry."""
    if spec.kind is FieldKind.NEED:
        return NeedEditor(question_for(spec.name, spec.label, QuestionType.TEXT), needs, parent)
    if spec.kind is FieldKind.FLAG:
        return FlagEditor(question_for(spec.name, spec.label, QuestionType.YES_NO), parent)
    options: dict[str, Any] = {}
    if spec.kind is FieldKind.CHOICE:
        options["choices"] = [Choice(value=value, label=label) for value, label in spec.choices]
    if spec.kind is FieldKind.SCORE:
        options["labels"] = SATISFACTION_WORDS
    question = question_for(spec.name, spec.label, _QUESTION_TYPES[spec.kind], **options)
    editor = editor_for(question, parent)
    if spec.hint:
        editor.setToolTip(spec.hint)
    return editor


class NeedEditor(AnswerEditor):
    """One of the prospect's needs, by id, picked by its statement."""

    keys_hint = "Type to jump to a need; Alt+Down opens the list"

    def __init__(
        self, question: Question, needs: list[dict[str, Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(question, parent)
        self.combo = QComboBox(self)
        self._main_input(self.combo)
        self.combo.setPlaceholderText("Choose a need" if needs else "No needs heard yet")
        for need in needs:
            status = status_text(str(need.get("status") or "open"))
            self.combo.addItem(f"{need_label(need)}   ({status})", int(need["id"]))
        self.combo.setCurrentIndex(-1)
        # As wide as about 40 letters, whatever the statements: the list shows them whole.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(40)
        self.combo.currentIndexChanged.connect(self._user_changed)
        self.combo.activated.connect(self._commit)
        bare(QVBoxLayout(self)).addWidget(self.combo)

    def _read(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None

    def _show(self, value: Any) -> bool:
        index = -1 if value is None else self.combo.findData(int(value))
        self.combo.setCurrentIndex(index)
        return value is None or index >= 0

    def _focus_target(self) -> QWidget:
        return self.combo


class FlagEditor(AnswerEditor):
    """Done or not done; stored as 1 or 0."""

    keys_hint = "Space ticks or unticks"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.box = QCheckBox(question.text, self)
        self._main_input(self.box)
        self.box.toggled.connect(self._user_changed)
        self.box.toggled.connect(self._commit)
        bare(QVBoxLayout(self)).addWidget(self.box)

    def _read(self) -> int:
        return int(self.box.isChecked())

    def _show(self, value: Any) -> bool:
        self.box.setChecked(bool(value))
        return value in (None, 0, 1, True, False)

    def _focus_target(self) -> QWidget:
        return self.box
