"""A date, or none: typed part by part or picked from a calendar, stored as YYYY-MM-DD."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.playbook import Question
from salescoach.ui.meeting.editors.base import (
    ENTER_KEYS,
    AnswerEditor,
    as_text,
    bare,
    held,
    plain_key,
    side_by_side,
)

_SENTINEL = QDate(1900, 1, 1)  # shown as "Not set"; real dates start the day after
_STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class _DateField(QDateEdit):
    """A date edit that can be empty: the sentinel minimum date reads "Not set"."""

    cleared = Signal()
    entered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setMinimumDate(_SENTINEL)
        self.setSpecialValueText("Not set")
        self.setDate(_SENTINEL)
        self.calendarWidget().installEventFilter(self)

    def is_set(self) -> bool:
        return self.date() != _SENTINEL

    def unset(self) -> bool:
        """Back to "Not set"; False when it already was."""
        if not self.is_set():
            return False
        self.setDate(_SENTINEL)
        return True

    def _start_today(self) -> None:
        self.setDate(QDate.currentDate())
        self.setCurrentSection(QDateEdit.Section.DaySection)
        self.setSelectedSection(QDateEdit.Section.DaySection)

    def open_calendar(self) -> None:
        """Qt opens the popup only from a click on the arrow, so the keyboard clicks it."""
        option = QStyleOptionComboBox()
        option.initFrom(self)
        option.editable = True
        option.subControls = QStyle.SubControl.SC_All
        arrow = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, self
        )
        where = QPointF(arrow.center())
        global_point = self.mapToGlobal(where)
        left, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        press = (QEvent.Type.MouseButtonPress, left)
        release = (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)
        for kind, buttons in (press, release):
            click = QMouseEvent(kind, where, global_point, left, buttons, modifiers)
            QApplication.sendEvent(self, click)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, plain = event.key(), plain_key(event)
        alt_down = key == Qt.Key.Key_Down and held(event) == Qt.KeyboardModifier.AltModifier
        if alt_down or (key == Qt.Key.Key_F4 and plain):
            self.open_calendar()
            return
        if key == Qt.Key.Key_Delete and plain:
            if self.unset():
                self.cleared.emit()
            return
        if not self.is_set() and plain:
            if key in _STEP_KEYS:
                self._start_today()  # from "Not set" the first step lands on today
                return
            if event.text().isdigit():
                self._start_today()  # then the digit replaces today's day
        super().keyPressEvent(event)
        if key in ENTER_KEYS:
            self.entered.emit()

    def stepBy(self, steps: int) -> None:
        if not self.is_set():
            self._start_today()  # the mouse wheel too: never wander off from 1900
            return
        super().stepBy(steps)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        calendar_shown = event.type() == QEvent.Type.Show and watched == self.calendarWidget()
        if calendar_shown and not self.is_set():
            # Open on this month, without choosing a date: Escape leaves it "Not set".
            calendar = self.calendarWidget()
            calendar.blockSignals(True)
            calendar.setSelectedDate(QDate.currentDate())
            calendar.blockSignals(False)
        return super().eventFilter(watched, event)


class DateEditor(AnswerEditor):
    """A date, or "Not set"; stored as YYYY-MM-DD."""

    keys_hint = (
        "Type the day, month and year (Up/Down change the part under the cursor); "
        "Alt+Down or F4 opens the calendar; Delete clears"
    )

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.date = _DateField(self)
        self._main_input(self.date)
        self.date.dateChanged.connect(self._changed)
        self.date.cleared.connect(self._commit)
        self.date.entered.connect(self._commit)
        self.date.calendarWidget().clicked.connect(self._commit)
        self.date.calendarWidget().activated.connect(self._commit)
        self.clear = QToolButton(self)
        self.clear.setText("Clear")
        self.clear.setToolTip("Clear the date (Delete)")
        self.clear.setAccessibleName("Clear the date")
        self.clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard has Delete
        self.clear.setAutoRaise(True)
        self.clear.clicked.connect(self._clear_clicked)
        self.clear.setEnabled(False)
        self.date.setMinimumWidth(self.date.fontMetrics().horizontalAdvance("00 September 0000"))
        bare(QVBoxLayout(self)).addLayout(side_by_side(self.date, self.clear))

    def _changed(self) -> None:
        self.clear.setEnabled(self.date.is_set())
        self._user_changed()

    def _clear_clicked(self) -> None:
        if self.date.unset():
            self._commit()

    def _read(self) -> str | None:
        if not self.date.is_set():
            return None
        return self.date.date().toString(Qt.DateFormat.ISODate)

    def _show(self, value: Any) -> bool:
        if isinstance(value, date):
            value = value.isoformat()
        parsed = QDate.fromString(as_text(value)[:10], Qt.DateFormat.ISODate)
        shown = parsed.isValid() and parsed > _SENTINEL
        self.date.setDate(parsed if shown else _SENTINEL)
        self.clear.setEnabled(shown)
        return value is None or (shown and parsed.toString(Qt.DateFormat.ISODate) == value)

    def _focus_target(self) -> QWidget:
        return self.date
