"""The rep's audit trail, read-only: how one answer changed, and the meeting's own story.

Ctrl+H shows every change to the question on screen (its answer, note and the client's words)
with the local time and the value before and after, written as the summary would write it; what
was typed in one go reads as one change.
Ctrl+Shift+H shows the meeting: when it started, when and why the diagnosis gate was opened
early, and how it ended. Nothing here can be edited; Esc closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.answers import format_answer
from salescoach.domain.playbook import Question
from salescoach.errors import SalesCoachError
from salescoach.services.interviews import AnswerChange, InterviewService, MeetingEvent

FIELD_WORDS = {"value": "Answer", "note": "Note", "quote": "Client's words"}
EMPTY = "(empty)"
ARROW = "\u2192"


def local_time(iso: str) -> str:
    """'27 Nov 2026, 14:32:05' in the rep's time zone; a date alone stays a date."""
    if not iso:
        return "time not recorded"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if len(iso) <= len("2026-11-27"):
        return f"{moment.day} {moment:%b %Y}"
    return f"{moment.day} {moment.astimezone():%b %Y, %H:%M:%S}"


def readable(question: Question, field: str, value: Any) -> str:
    """A stored value as the rep reads it everywhere else (choice labels, units, dates...)."""
    if field != "value":
        text = str(value or "").strip()
    else:
        try:
            text = format_answer(question, value)
        except (TypeError, ValueError, AttributeError):  # an old value of another shape
            text = str(value)
    return text or EMPTY


class _HistoryDialog(QDialog):
    """A calm, read-only table with a heading and a Close button; long texts wrap."""

    def __init__(self, title: str, heading: str, columns: Sequence[str], parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("history-heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.rows = QTableWidget(0, len(columns), self)
        self.rows.setObjectName("history-rows")
        self.rows.setHorizontalHeaderLabels(list(columns))
        self.rows.verticalHeader().hide()
        self.rows.setWordWrap(True)
        self.rows.setAlternatingRowColors(True)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rows.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.rows.horizontalHeader()
        for column in range(len(columns)):  # time and kind as wide as they need; texts share
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.ResizeToContents
                if column < 2
                else QHeaderView.ResizeMode.Stretch,
            )
        header.sectionResized.connect(lambda *_: self.rows.resizeRowsToContents())
        layout.addWidget(self.rows, stretch=1)
        self.message = QLabel(self)
        self.message.setObjectName("history-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def add_row(self, cells: Sequence[str]) -> None:
        row = self.rows.rowCount()
        self.rows.insertRow(row)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.rows.setItem(row, column, item)

    def texts(self) -> list[tuple[str, ...]]:
        """What each row shows, cell by cell."""
        return [
            tuple(self.rows.item(row, column).text() for column in range(self.rows.columnCount()))
            for row in range(self.rows.rowCount())
        ]

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.rows.resizeRowsToContents()  # the columns have their real widths only now

    def finish(self) -> None:
        self.rows.resizeRowsToContents()
        if self.rows.rowCount():
            self.rows.selectRow(self.rows.rowCount() - 1)
        self.rows.setFocus(Qt.FocusReason.OtherFocusReason)


class AnswerHistoryDialog(_HistoryDialog):
    """Every change to one question's answer, note and client's words, oldest first."""

    def __init__(
        self,
        interviews: InterviewService,
        interview_id: int,
        question: Question,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "History of this answer",
            question.text,
            ("When", "What", "Before", f"{ARROW} After"),
            parent,
        )
        self.setObjectName("answer-history")
        try:
            changes = interviews.answer_changes(interview_id, question.id)
        except SalesCoachError as error:
            self.show_message(f"The history cannot be read right now. {error}")
            changes = []
        else:
            if not changes:
                self.show_message(
                    "No changes yet: what is on screen is what was first saved. Each later "
                    "change is kept here with the value it replaced."
                )
        for change in changes:
            self.add_row(self.cells(question, change))
        self.finish()

    @staticmethod
    def cells(question: Question, change: AnswerChange) -> tuple[str, str, str, str]:
        what = FIELD_WORDS.get(change.field, change.field)
        if change.saves > 1:
            what += f" (typed in {change.saves} saves)"
        return (
            local_time(change.changed_at),
            what,
            readable(question, change.field, change.old),
            readable(question, change.field, change.new),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        interviews: InterviewService,
        interview_id: int,
        question: Question,
    ) -> None:
        cls(interviews, interview_id, question, parent).exec()


class MeetingHistoryDialog(_HistoryDialog):
    """When the meeting started, when and why the gate was overridden, how it ended."""

    def __init__(
        self, interviews: InterviewService, interview_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Meeting history",
            "What happened in this meeting, oldest first. Changes to each answer: Ctrl+H.",
            ("When", "What", "Details"),
            parent,
        )
        self.setObjectName("meeting-history")
        try:
            events = interviews.meeting_history(interview_id)
        except SalesCoachError as error:
            self.show_message(f"The history cannot be read right now. {error}")
            events = []
        for event in events:
            self.add_row(self.cells(event))
        self.finish()

    @staticmethod
    def cells(event: MeetingEvent) -> tuple[str, str, str]:
        return (local_time(event.at), event.title, "\n".join(event.details))

    @classmethod
    def ask(cls, parent: QWidget | None, interviews: InterviewService, interview_id: int) -> None:
        cls(interviews, interview_id, parent).exec()
