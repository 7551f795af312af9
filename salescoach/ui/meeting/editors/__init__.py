"""Answer editors: one keyboard-first input per question type.

Each editor turns what the rep types or picks into exactly the stored value shape described in
`salescoach.domain.answers`, and back; `AnswerEditor` (in `base`) is the contract the window
relies on. `editor_for` picks the editor for a question's type.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from salescoach.domain.playbook import Question, QuestionType
from salescoach.ui.meeting.editors.base import AnswerEditor
from salescoach.ui.meeting.editors.choice import (
    MultiChoiceEditor,
    ScaleEditor,
    SingleChoiceEditor,
    YesNoEditor,
)
from salescoach.ui.meeting.editors.dates import DateEditor
from salescoach.ui.meeting.editors.group import GroupEditor
from salescoach.ui.meeting.editors.numbers import (
    CURRENCY_CODES,
    CurrencyEditor,
    NumberEditor,
    parse_number,
)
from salescoach.ui.meeting.editors.text import LongTextEditor, TextEditor

__all__ = [
    "CURRENCY_CODES",
    "AnswerEditor",
    "CurrencyEditor",
    "DateEditor",
    "GroupEditor",
    "LongTextEditor",
    "MultiChoiceEditor",
    "NumberEditor",
    "ScaleEditor",
    "SingleChoiceEditor",
    "TextEditor",
    "YesNoEditor",
    "editor_for",
    "parse_number",
]

_EDITORS: dict[QuestionType, type[AnswerEditor]] = {
    QuestionType.TEXT: TextEditor,
    QuestionType.LONG_TEXT: LongTextEditor,
    QuestionType.SINGLE_CHOICE: SingleChoiceEditor,
    QuestionType.MULTI_CHOICE: MultiChoiceEditor,
    QuestionType.SCALE: ScaleEditor,
    QuestionType.NUMBER: NumberEditor,
    QuestionType.CURRENCY: CurrencyEditor,
    QuestionType.DATE: DateEditor,
    QuestionType.YES_NO: YesNoEditor,
    QuestionType.GROUP: GroupEditor,
}


def editor_for(question: Question, parent: QWidget | None = None) -> AnswerEditor:
    """The editor for `question`'s type, built from its choices, range, unit or fields."""
    return _EDITORS[question.type](question, parent)
