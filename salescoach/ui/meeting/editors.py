"""Answer editors: one keyboard-first input per question type.

Each editor turns what the rep types or picks into exactly the stored value shape described in
`salescoach.domain.answers`, and back. The window listens to two signals: `edited` (debounced
autosave) and `committed` (save now: focus left the editor, Enter in a one-line field, a choice
picked). Loading a value with `set_value` never emits either.

An answer an editor cannot show faithfully (written by another playbook version, or by hand) is
handed back untouched by `value()` until the rep changes something, so merely tabbing through a
question never overwrites data.
"""

from __future__ import annotations

import math
import re
from datetime import date as _date
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRegularExpression,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QRegularExpressionValidator,
    QTextCursor,
    QValidator,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.answers import format_number
from salescoach.domain.playbook import GroupField, Question, QuestionType

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

CURRENCY_CODES = (
    "EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK", "PLN", "INR",
    "CNY", "NZD", "SGD", "HKD", "CZK", "HUF", "ZAR", "BRL", "MXN",
)  # fmt: skip
UNKNOWN_CHOICE = "(not in this playbook)"
_NOTHING: Any = object()
_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_VALUE_ROLE = Qt.ItemDataRole.UserRole
# The style's own "pressed" look is too faint to read a chosen point at arm's length.
_SCALE_STYLE = (
    "QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " border: 1px solid palette(highlight); border-radius: 4px; padding: 3px; }"
    "QPushButton:checked:focus { border: 2px solid palette(text); }"
)
_DATE_SENTINEL = QDate(1900, 1, 1)  # shown as "Not set"; real dates start the day after


# --- small helpers ------------------------------------------------------------------------------


def _plain_key(event: QKeyEvent) -> bool:
    """No modifier except the keypad's: the window's Ctrl/Alt shortcuts must stay theirs."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return modifiers == Qt.KeyboardModifier.NoModifier


def _digit(event: QKeyEvent) -> int | None:
    """1..9 for the number keys (top row or keypad), else None."""
    if not _plain_key(event):
        return None
    key = event.key()
    if Qt.Key.Key_1.value <= key <= Qt.Key.Key_9.value:
        return key - Qt.Key.Key_0.value
    return None


def _button_text(text: str) -> str:
    """Button labels come from playbooks: a '&' must show, not become a mnemonic."""
    return text.replace("&", "&&")


def _as_text(value: Any) -> str:
    """Something readable for a value that is not the expected text."""
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_as_text(item)}" for key, item in value.items())
    return "" if value is None else str(value)


def parse_number(text: str, locale: QLocale | None = None) -> float | None:
    """A number typed by the rep, in their locale, or with '.' as the decimal point."""
    cleaned = "".join(text.split())
    if not cleaned:
        return None
    number, ok = (locale or QLocale()).toDouble(cleaned)
    if not ok:
        if "_" in cleaned:  # Python's float() would read 1_000; a rep never means that
            return None
        try:
            number = float(cleaned)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def _stored_number(number: float) -> int | float:
    return int(number) if number.is_integer() else number


def _number_text(value: Any) -> str | None:
    """A stored number as the rep would type it (locale decimal point, no grouping)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return repr(value).replace(".", QLocale().decimalPoint())


def _range_hint(low: float | None, high: float | None, short: bool = False) -> str:
    if low is not None and high is not None:
        if short:
            return f"{format_number(low)} to {format_number(high)}"
        return f"Between {format_number(low)} and {format_number(high)}"
    if high is not None:
        return f"At most {format_number(high)}"
    if low is not None:
        return f"At least {format_number(low)}"
    return ""


class _NumberValidator(QValidator):
    """Lets the rep type freely (locale or '.' decimals); out-of-range snaps back on leaving."""

    def __init__(self, low: float | None, high: float | None, parent: QObject | None = None):
        super().__init__(parent)
        self.low = low
        self.high = high

    def _allowed(self) -> re.Pattern[str]:
        locale = QLocale()
        extra = re.escape(locale.decimalPoint() + locale.groupSeparator())
        sign = "" if self.low is not None and self.low >= 0 else "-"
        return re.compile(rf"[+{sign}]?[\d\s.,{extra}]*")

    def validate(self, text: str, pos: int) -> QValidator.State:  # type: ignore[override]
        if not text.strip():
            return QValidator.State.Acceptable
        if not self._allowed().fullmatch(text.strip()):
            return QValidator.State.Invalid
        number = parse_number(text)
        if number is None:
            return QValidator.State.Intermediate
        if self.clamp(number) != number:
            return QValidator.State.Intermediate
        return QValidator.State.Acceptable

    def fixup(self, text: str) -> str:  # type: ignore[override]
        number = parse_number(text)
        if number is None:
            return text  # leave it visible so the rep can correct it
        return _number_text(_stored_number(self.clamp(number))) or text

    def clamp(self, number: float) -> float:
        if self.low is not None and number < self.low:
            return self.low
        if self.high is not None and number > self.high:
            return self.high
        return number


# --- the base class -----------------------------------------------------------------------------


class AnswerEditor(QWidget):
    """The answer input for one question; subclasses implement `_read` and `_show`."""

    edited = Signal()
    committed = Signal()

    keys_hint: ClassVar[str] = ""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._loading = False
        self._kept: Any = _NOTHING
        self.setAccessibleName(question.text)
        # As tall as the content, never stretched: the page below stays where the rep expects it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # public API

    def value(self) -> Any:
        """The stored shape of what is on screen, or None when nothing is entered."""
        if self._kept is not _NOTHING:
            return self._kept
        return self._read()

    def set_value(self, value: Any) -> None:
        """Show a stored value without emitting anything; unknown shapes show what they can."""
        self._loading = True
        try:
            complete = self._show(value)
        except (TypeError, ValueError, AttributeError, KeyError):
            self._show(None)
            complete = False
        finally:
            self._loading = False
        self._kept = _NOTHING if complete or value is None else value

    def focus_editor(self) -> None:
        """Put the keyboard in the first input, ready to type."""
        self._focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    # for subclasses

    def _read(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> bool:
        """Display `value`; False when part of it could not be shown as is."""
        raise NotImplementedError

    def _focus_target(self) -> QWidget:
        raise NotImplementedError

    def _user_changed(self) -> None:
        """Inner widgets report a change; only the rep's changes become `edited`."""
        if self._loading:
            return
        self._kept = _NOTHING
        self.edited.emit()

    def _commit(self) -> None:
        if not self._loading:
            self.committed.emit()

    def _owns(self, widget: QWidget | None) -> bool:
        """True for our inner widgets and their popups (which are separate windows)."""
        while widget is not None:
            if widget is self:
                return True
            widget = widget.parentWidget()
        return False

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # Called during teardown too: a half-destroyed editor has nothing left to commit.
        if not shiboken6.isValid(self) or old is None or not shiboken6.isValid(old):
            return
        if self._owns(old) and not self._owns(new):
            self._commit()

    def _row(self, *widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        if stretch:
            row.addStretch(1)
        return row

    def _hint_label(self) -> QLabel:
        label = QLabel(self)
        label.setEnabled(False)  # the palette's disabled text: readable but quiet
        return label


# --- text ---------------------------------------------------------------------------------------


class TextEditor(AnswerEditor):
    """One line: a name, a short phrase. Enter saves."""

    keys_hint = "Enter saves"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(question.text)
        self.line.setToolTip(self.keys_hint)
        self.line.setClearButtonEnabled(True)
        self.line.textEdited.connect(self._user_changed)
        self.line.returnPressed.connect(self._commit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)

    def _read(self) -> str | None:
        text = self.line.text()
        return text if text.strip() else None

    def _show(self, value: Any) -> bool:
        self.line.setText(_as_text(value))
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
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(question.text)
        self.text.setToolTip(self.keys_hint)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.text.textChanged.connect(self._user_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)

    def _read(self) -> str | None:
        text = self.text.toPlainText()
        return text if text.strip() else None

    def _show(self, value: Any) -> bool:
        self.text.setPlainText(_as_text(value))
        return isinstance(value, str)

    def _focus_target(self) -> QWidget:
        return self.text

    def focus_editor(self) -> None:
        super().focus_editor()
        self.text.moveCursor(QTextCursor.MoveOperation.End)


# --- choices ------------------------------------------------------------------------------------


class _ButtonsEditor(AnswerEditor):
    """Buttons in a QButtonGroup, each standing for one stored value."""

    def __init__(self, question: Question, exclusive: bool, parent: QWidget | None = None):
        super().__init__(question, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(exclusive)
        self.group.idClicked.connect(self._clicked)
        self.buttons: list[QAbstractButton] = []
        self._values: list[Any] = []
        self._last: Any = None

    def _add(self, button: QAbstractButton, value: Any, name: str) -> QAbstractButton:
        self.group.addButton(button, len(self.buttons))
        button.setAccessibleName(name)
        button.setToolTip(self.keys_hint)
        button.installEventFilter(self)
        self.buttons.append(button)
        self._values.append(value)
        return button

    def _clicked(self, _index: int) -> None:
        value = self._read()
        if value != self._last:
            self._last = value
            self._user_changed()
        self._after_pick()
        self._commit()

    def _after_pick(self) -> None:
        """Hook: keep the Tab stop on the chosen button."""

    def _pick(self, index: int) -> None:
        """A key chose button `index`: behave exactly like a click on it."""
        if 0 <= index < len(self.buttons) and not self.buttons[index].isHidden():
            button = self.buttons[index]
            button.setFocus(Qt.FocusReason.OtherFocusReason)
            button.click()

    def _clear(self) -> None:
        if not any(button.isChecked() for button in self.buttons):
            return
        self._uncheck_all()
        self._last = None
        self._user_changed()
        self._after_pick()
        self._commit()

    def _uncheck_all(self) -> None:
        exclusive = self.group.exclusive()
        self.group.setExclusive(False)  # an exclusive group refuses to be emptied
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(exclusive)

    def _set_checked(self, indexes: set[int]) -> None:
        self._uncheck_all()
        for index in indexes:
            self.buttons[index].setChecked(True)
        self._last = self._read()
        self._after_pick()

    def _focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else self.buttons[0]


class _ExclusiveEditor(_ButtonsEditor):
    """Pick one (or none): one Tab stop for the whole set, arrows move, Delete clears."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, exclusive=True, parent=parent)

    def _read(self) -> Any:
        index = self.group.checkedId()
        return self._values[index] if index >= 0 else None

    def _index_for_key(self, event: QKeyEvent) -> int | None:
        digit = _digit(event)
        return None if digit is None else digit - 1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Buttons pass on keys they do not use, so these arrive from whichever one has focus.
        if event.key() in _CLEAR_KEYS and _plain_key(event):
            self._clear()
            return
        index = self._index_for_key(event)
        if index is not None and index < len(self.buttons):
            self._pick(index)
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in self.buttons:
            self._make_tab_stop(watched)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def _after_pick(self) -> None:
        focused = QApplication.focusWidget()
        checked = self.group.checkedButton()
        self._make_tab_stop(focused if focused in self.buttons else checked)

    def _make_tab_stop(self, stop: QWidget | None) -> None:
        """Roving Tab stop: Tab enters and leaves the set in one step."""
        if stop is None:
            stop = self.group.checkedButton() or self.buttons[0]
        for button in self.buttons:
            policy = Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(policy)


class SingleChoiceEditor(_ExclusiveEditor):
    """Radio buttons, one per choice, numbered so keys 1-9 pick them."""

    keys_hint = "Keys 1-9 choose, arrows move, Delete clears"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for number, choice in enumerate(question.choices or [], start=1):
            shown = f"{number}   {choice.label}" if number <= 9 else choice.label
            radio = QRadioButton(_button_text(shown), self)
            layout.addWidget(self._add(radio, choice.value, choice.label))
        # An answer whose choice the playbook no longer has still shows, and stays until changed.
        self.unknown = QRadioButton(self)
        layout.addWidget(self._add(self.unknown, None, UNKNOWN_CHOICE))
        self.unknown.hide()
        self._known = len(self.buttons) - 1
        self._make_tab_stop(None)

    def _show(self, value: Any) -> bool:
        self.unknown.hide()
        if value is None:
            self._set_checked(set())
            return True
        if isinstance(value, list | tuple):
            value = value[0] if value else None
            self._show(value)
            return False
        text = _as_text(value)
        if text in self._values[: self._known]:
            self._set_checked({self._values.index(text)})
        else:
            self._values[self._known] = text
            self.unknown.setText(_button_text(f"{text}   {UNKNOWN_CHOICE}"))
            self.unknown.setAccessibleName(f"{text} {UNKNOWN_CHOICE}")
            self.unknown.show()
            self._set_checked({self._known})
        return isinstance(value, str)

    def _index_for_key(self, event: QKeyEvent) -> int | None:
        index = super()._index_for_key(event)
        return index if index is not None and index < self._known else None  # numbered only


class YesNoEditor(_ExclusiveEditor):
    """Yes / No side by side; Y and N pick."""

    keys_hint = "Y for yes, N for no, Delete clears"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.yes = QRadioButton("Yes", self)
        self.no = QRadioButton("No", self)
        self._add(self.yes, "yes", "Yes")
        self._add(self.no, "no", "No")
        hint = self._hint_label()
        hint.setText("Y / N")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(layout.spacing() * 4)
        for widget in (self.yes, self.no, hint):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._make_tab_stop(None)

    def _index_for_key(self, event: QKeyEvent) -> int | None:
        if not _plain_key(event):
            return None
        return {Qt.Key.Key_Y.value: 0, Qt.Key.Key_N.value: 1}.get(event.key())

    def _show(self, value: Any) -> bool:
        if isinstance(value, bool):
            value = "yes" if value else "no"
            self._show(value)
            return True
        text = _as_text(value).strip().lower()
        self._set_checked({self._values.index(text)} if text in self._values else set())
        return value is None or value in self._values


class ScaleEditor(_ExclusiveEditor):
    """Five buttons from 1 to 5 with the playbook's words under each number."""

    keys_hint = "Keys 1-5 choose, arrows move, Delete clears"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        labels = question.labels or [""] * 5
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for point, label in enumerate(labels, start=1):
            text = f"{point}\n{label}" if label else str(point)
            button = QPushButton(_button_text(text), self)
            button.setCheckable(True)
            button.setAutoExclusive(True)  # lets arrow keys move between the points
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setStyleSheet(_SCALE_STYLE)
            name = f"{point} of 5" + (f": {label}" if label else "")
            layout.addWidget(self._add(button, point, name))
        self._make_tab_stop(None)

    def _index_for_key(self, event: QKeyEvent) -> int | None:
        index = super()._index_for_key(event)
        return index if index is not None and index < 5 else None

    def _show(self, value: Any) -> bool:
        point = None
        if not isinstance(value, bool) and isinstance(value, int | float | str):
            number = parse_number(str(value)) if isinstance(value, str) else float(value)
            if number is not None and number.is_integer() and 1 <= number <= 5:
                point = int(number)
        self._set_checked(set() if point is None else {point - 1})
        return value is None or point is not None


class MultiChoiceEditor(_ButtonsEditor):
    """Check boxes, numbered so keys 1-9 tick and untick them; stored in playbook order."""

    keys_hint = "Keys 1-9 tick or untick, Space ticks the focused one, arrows move"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, exclusive=False, parent=parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        for number, choice in enumerate(question.choices or [], start=1):
            shown = f"{number}   {choice.label}" if number <= 9 else choice.label
            box = QCheckBox(_button_text(shown), self)
            self._layout.addWidget(self._add(box, choice.value, choice.label))
        self._known = len(self.buttons)

    def _read(self) -> list[str] | None:
        chosen = [value for button, value in zip(self.buttons, self._values, strict=True)
                  if button.isChecked()]  # fmt: skip
        return chosen or None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt moves between check boxes with arrows only when they are exclusive: do it here.
        if event.type() == QEvent.Type.KeyPress and watched in self.buttons:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            step = {
                Qt.Key.Key_Up.value: -1,
                Qt.Key.Key_Left.value: -1,
                Qt.Key.Key_Down.value: 1,
                Qt.Key.Key_Right.value: 1,
            }.get(key_event.key())
            if step is not None and _plain_key(key_event):
                shown = [button for button in self.buttons if not button.isHidden()]
                here = shown.index(watched)  # type: ignore[arg-type]
                shown[min(max(here + step, 0), len(shown) - 1)].setFocus(
                    Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason
                )
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = _digit(event)
        if digit is not None and digit <= self._known:
            self._pick(digit - 1)
            return
        super().keyPressEvent(event)

    def _show(self, value: Any) -> bool:
        self._drop_unknown()
        if value is None:
            self._set_checked(set())
            return True
        items = value if isinstance(value, list | tuple) else [value]
        texts = [_as_text(item) for item in items]
        for text in texts:
            if text not in self._values:
                box = QCheckBox(_button_text(f"{text}   {UNKNOWN_CHOICE}"), self)
                self._layout.addWidget(self._add(box, text, f"{text} {UNKNOWN_CHOICE}"))
        self._set_checked({self._values.index(text) for text in texts})
        return isinstance(value, list) and all(isinstance(item, str) for item in value)

    def _drop_unknown(self) -> None:
        for button in self.buttons[self._known :]:
            self.group.removeButton(button)
            button.hide()
            button.deleteLater()
        del self.buttons[self._known :]
        del self._values[self._known :]


# --- numbers ------------------------------------------------------------------------------------


class _AmountField(QLineEdit):
    """A number field: locale-aware, range-checked gently, sized for numbers not prose."""

    def __init__(self, low: float | None, high: float | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.checker = _NumberValidator(low, high, self)
        self.setValidator(self.checker)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("0") * 16, hint.height())

    def number(self) -> int | float | None:
        number = parse_number(self.text())
        return None if number is None else _stored_number(self.checker.clamp(number))

    def out_of_range(self) -> bool:
        number = parse_number(self.text())
        return number is not None and self.checker.clamp(number) != number

    def show_number(self, value: Any) -> bool:
        """False when `value` is not a number (its text is shown anyway)."""
        if isinstance(value, str) and parse_number(value) is not None:
            value = _stored_number(parse_number(value))  # type: ignore[arg-type]
            self.show_number(value)
            return True
        text = _number_text(value)
        self.setText(_as_text(value) if text is None else text)
        return value is None or text is not None


class NumberEditor(AnswerEditor):
    """A number with its unit; outside the playbook's range it snaps back when the rep leaves."""

    keys_hint = "Enter saves"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.amount = _AmountField(question.min, question.max, self)
        self.amount.setAccessibleName(question.text)
        self._range = _range_hint(question.min, question.max)
        described = question.max is not None or question.min not in (None, 0)
        if described:
            self.amount.setPlaceholderText(_range_hint(question.min, question.max, short=True))
        self.amount.setToolTip(f"{self._range}. {self.keys_hint}" if described else self.keys_hint)
        self.amount.textEdited.connect(self._user_changed)
        self.amount.textChanged.connect(self._refresh_hint)
        self.amount.returnPressed.connect(self._commit)
        self.unit = QLabel(question.unit or "", self)
        self.unit.setVisible(bool(question.unit))
        self.hint = self._hint_label()
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._row(*self._fields(), self.unit, self.hint))

    def _fields(self) -> list[QWidget]:
        return [self.amount]

    def _refresh_hint(self) -> None:
        text = self.amount.text().strip()
        if text and parse_number(text) is None:
            self.hint.setText("Not a number yet")
        elif self.amount.out_of_range():
            self.hint.setText(f"{self._range}: adjusted when you move on")
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))

    def _read(self) -> int | float | None:
        return self.amount.number()

    def _show(self, value: Any) -> bool:
        shown = self.amount.show_number(value)
        return shown and not self.amount.out_of_range()

    def _focus_target(self) -> QWidget:
        return self.amount


class CurrencyEditor(NumberEditor):
    """An amount and its currency; the currency defaults to the playbook's (or EUR)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.amount.setAccessibleName(f"{question.text} (amount)")

    def _fields(self) -> list[QWidget]:
        """Called while NumberEditor builds its row: the amount, then the currency."""
        self.default_currency = self.question.currency or "EUR"
        combo = self.currency = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setAccessibleName("Currency")
        combo.setToolTip("Currency: type a code such as USD, or pick one with Alt+Down")
        codes = list(CURRENCY_CODES)
        if self.default_currency not in codes:
            codes.insert(0, self.default_currency)
        combo.addItems(codes)
        combo.setCurrentIndex(codes.index(self.default_currency))
        combo.setMinimumContentsLength(4)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setValidator(QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,3}"), combo))
        combo.currentTextChanged.connect(self._currency_typed)
        combo.activated.connect(self._commit)
        line = combo.lineEdit()
        if line is not None:
            line.returnPressed.connect(self._commit)
        return [self.amount, combo]

    def _currency_typed(self, text: str) -> None:
        upper = text.upper()
        if upper != text and self.currency.lineEdit() is not None:
            line = self.currency.lineEdit()
            position = line.cursorPosition()
            line.setText(upper)
            line.setCursorPosition(position)
            return  # setText calls us again with the upper-case text
        if self.amount.number() is not None:
            self._user_changed()

    def _code(self) -> str:
        code = self.currency.currentText().strip().upper()
        return code if len(code) == 3 else self.default_currency

    def _read(self) -> dict[str, Any] | None:
        amount = self.amount.number()
        return None if amount is None else {"amount": amount, "currency": self._code()}

    def _show(self, value: Any) -> bool:
        if isinstance(value, dict):
            amount_ok = self.amount.show_number(value.get("amount"))
            code = value.get("currency")
            known = isinstance(code, str) and bool(re.fullmatch(r"[A-Z]{3}", code))
            self._show_code(code if known else self.default_currency)
            expected = set(value) <= {"amount", "currency"}
            return amount_ok and known and expected and not self.amount.out_of_range()
        self._show_code(self.default_currency)
        shown = self.amount.show_number(value)
        return shown and not self.amount.out_of_range()

    def _show_code(self, code: str) -> None:
        if self.currency.findText(code) < 0:
            self.currency.addItem(code)
        self.currency.setCurrentIndex(self.currency.findText(code))


# --- dates --------------------------------------------------------------------------------------


class _DateField(QDateEdit):
    """A date edit that can be empty: the sentinel minimum date reads "Not set"."""

    cleared = Signal()
    entered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setMinimumDate(_DATE_SENTINEL)
        self.setSpecialValueText("Not set")
        self.setDate(_DATE_SENTINEL)
        self.calendarWidget().installEventFilter(self)

    def is_set(self) -> bool:
        return self.date() != _DATE_SENTINEL

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
        for kind, held in (press, release):
            click = QMouseEvent(kind, where, global_point, left, held, modifiers)
            QApplication.sendEvent(self, click)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        alt_down = (
            key == Qt.Key.Key_Down
            and (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            == Qt.KeyboardModifier.AltModifier
        )
        if alt_down or (key == Qt.Key.Key_F4 and _plain_key(event)):
            self.open_calendar()
            return
        if key == Qt.Key.Key_Delete and _plain_key(event):
            if self.is_set():
                self.setDate(_DATE_SENTINEL)
                self.cleared.emit()
            return
        steps = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if not self.is_set() and _plain_key(event):
            if key in steps:
                self._start_today()  # from "Not set" the first step lands on today
                return
            if event.text().isdigit():
                self._start_today()  # then the digit replaces today's day
        super().keyPressEvent(event)
        if key in _ENTER_KEYS:
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
        self.date.setAccessibleName(question.text)
        self.date.setToolTip(self.keys_hint)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._row(self.date, self.clear))

    def _changed(self) -> None:
        self.clear.setEnabled(self.date.is_set())
        self._user_changed()

    def _clear_clicked(self) -> None:
        if self.date.is_set():
            self.date.setDate(_DATE_SENTINEL)
            self._commit()

    def _read(self) -> str | None:
        if not self.date.is_set():
            return None
        return self.date.date().toString(Qt.DateFormat.ISODate)

    def _show(self, value: Any) -> bool:
        if isinstance(value, _date):
            value = value.isoformat()
        parsed = QDate.fromString(_as_text(value)[:10], Qt.DateFormat.ISODate)
        shown = parsed.isValid() and parsed > _DATE_SENTINEL
        self.date.setDate(parsed if shown else _DATE_SENTINEL)
        self.clear.setEnabled(shown)
        return value is None or (shown and parsed.toString(Qt.DateFormat.ISODate) == value)

    def _focus_target(self) -> QWidget:
        return self.date


# --- repeatable groups --------------------------------------------------------------------------


class _CellDelegate(QStyledItemDelegate):
    """Edits one column: plain text, a number, a date as text, or a choice shown by label.

    Line edits commit on every keystroke so autosave sees the cell while the rep types.
    """

    def __init__(self, field: GroupField, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.choices: list[tuple[str, str]] = []
        if field.type == "single_choice":
            self.choices = [(choice.value, choice.label) for choice in field.choices or []]
        elif field.type == "yes_no":
            self.choices = [("yes", "Yes"), ("no", "No")]

    def label(self, value: Any) -> str:
        return dict(self.choices).get(value, "" if value is None else str(value))

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        if self.choices:
            combo = QComboBox(parent)
            combo.setAccessibleName(self.field.label)
            combo.addItem("", None)
            for value, label in self.choices:
                combo.addItem(label, value)
            combo.activated.connect(lambda _index: self.commitData.emit(combo))
            return combo
        line = QLineEdit(parent)
        line.setAccessibleName(self.field.label)
        if self.field.type == "number":
            line.setValidator(_NumberValidator(None, None, line))
        elif self.field.type == "date":
            line.setPlaceholderText("YYYY-MM-DD")
        line.textEdited.connect(lambda _text: self.commitData.emit(line))
        return line

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            value = index.data(_VALUE_ROLE)
            found = editor.findData(value) if value is not None else 0
            if found < 0:  # a value the playbook no longer lists stays selectable
                editor.addItem(self.label(value), value)
                found = editor.count() - 1
            editor.setCurrentIndex(found)
            return
        super().setEditorData(editor, index)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            value = editor.currentData()
            if value == index.data(_VALUE_ROLE) and editor.currentText() == index.data():
                return
            model.setData(index, value, _VALUE_ROLE)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.ToolTipRole)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)
            return
        if isinstance(editor, QLineEdit) and editor.text() == (index.data() or ""):
            return
        super().setModelData(editor, model, index)


class _GroupTable(QTableWidget):
    """The rows of a group: Insert adds a row, Ctrl+Delete removes one, Tab runs across cells."""

    add_requested = Signal()
    remove_requested = Signal()
    clear_requested = Signal()

    VISIBLE_ROWS = (3, 6)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        control = modifiers == Qt.KeyboardModifier.ControlModifier
        if (key == Qt.Key.Key_Insert and _plain_key(event)) or (key in _ENTER_KEYS and control):
            # Ctrl+Enter only arrives here when no window shortcut claims it.
            self.add_requested.emit()
            return
        if key == Qt.Key.Key_Delete and control:
            self.remove_requested.emit()
            return
        if key in _CLEAR_KEYS and _plain_key(event):
            self.clear_requested.emit()
            return
        super().keyPressEvent(event)

    def _at_edge(self, forward: bool) -> bool:
        if forward:
            return (self.currentRow(), self.currentColumn()) == (
                self.rowCount() - 1,
                self.columnCount() - 1,
            )
        return (self.currentRow(), self.currentColumn()) in ((0, 0), (-1, -1))

    def focusNextPrevChild(self, next: bool) -> bool:
        if self._at_edge(next):
            return QWidget.focusNextPrevChild(self, next)  # leave the table, don't wrap around
        return super().focusNextPrevChild(next)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        moving = (
            QAbstractItemDelegate.EndEditHint.EditNextItem,
            QAbstractItemDelegate.EndEditHint.EditPreviousItem,
        )
        if hint in moving:
            forward = hint == QAbstractItemDelegate.EndEditHint.EditNextItem
            if self._at_edge(forward):
                super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                QWidget.focusNextPrevChild(self, forward)
                return
        super().closeEditor(editor, hint)

    def sizeHint(self) -> QSize:
        low, high = self.VISIBLE_ROWS
        rows = min(max(self.rowCount(), low), high)
        row_height = self.verticalHeader().defaultSectionSize()
        header = self.horizontalHeader().sizeHint().height()
        frame = self.frameWidth() * 2
        return QSize(super().sizeHint().width(), header + rows * row_height + frame)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class GroupEditor(AnswerEditor):
    """A small table, one row per item (a stakeholder, say), one column per field."""

    keys_hint = (
        "Type to fill a cell, Tab moves on. Insert adds a row, "
        "Ctrl+Delete removes the row, Delete clears a cell"
    )

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.fields = list(question.fields or [])
        self.table = _GroupTable(0, len(self.fields), self)
        table = self.table
        table.setAccessibleName(question.text)
        table.setToolTip(self.keys_hint)
        table.setHorizontalHeaderLabels([field.label for field in self.fields])
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setTabKeyNavigation(True)
        table.setWordWrap(False)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.delegates = [_CellDelegate(field, table) for field in self.fields]
        for column, delegate in enumerate(self.delegates):
            table.setItemDelegateForColumn(column, delegate)
        table.itemChanged.connect(self._user_changed)
        table.add_requested.connect(self.add_row)
        table.remove_requested.connect(self.remove_row)
        table.clear_requested.connect(self._clear_cell)

        self.add_button = QPushButton("Add row", self)
        self.add_button.setToolTip("Add a row (Insert)")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("Remove row", self)
        self.remove_button.setToolTip("Remove the selected row (Ctrl+Delete)")
        self.remove_button.clicked.connect(self.remove_row)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table, 0, 0)
        layout.addLayout(self._row(self.add_button, self.remove_button), 1, 0)
        self._append_empty_row()
        table.setCurrentCell(0, 0)

    # rows

    def add_row(self) -> None:
        """Append an empty row and put the cursor in its first cell."""
        self._finish_editing()
        self._append_empty_row()
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_row(self) -> None:
        """Remove the current row; there is always one row left to type in."""
        self._finish_editing()
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        had_content = self._row_value(row) is not None
        self.table.removeRow(row)
        if self.table.rowCount() == 0:
            self._append_empty_row()
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.updateGeometry()
        if had_content:
            self._user_changed()
            self._commit()

    def _finish_editing(self) -> None:
        """Keep what is typed in an open cell before rows move under it."""
        editor = QApplication.focusWidget()
        if self.table.state() == QAbstractItemView.State.EditingState and self._owns(editor):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _append_empty_row(self) -> None:
        loading, self._loading = self._loading, True  # new empty cells are not an edit
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column in range(len(self.fields)):
                self.table.setItem(row, column, QTableWidgetItem())
        finally:
            self._loading = loading
        self.table.updateGeometry()

    def _clear_cell(self) -> None:
        item = self.table.currentItem()
        if item is None:
            return
        if item.text() or item.data(_VALUE_ROLE) is not None:
            self.table.blockSignals(True)
            item.setData(_VALUE_ROLE, None)
            self.table.blockSignals(False)
            item.setText("")  # one itemChanged: one edit

    # values

    def _cell_value(self, row: int, column: int) -> Any:
        item = self.table.item(row, column)
        if item is None:
            return None
        field = self.fields[column]
        if self.delegates[column].choices:
            return item.data(_VALUE_ROLE)
        text = item.text()
        if not text.strip():
            return None
        if field.type == "number":
            number = parse_number(text)
            return text if number is None else _stored_number(number)
        return text

    def _row_value(self, row: int) -> dict[str, Any] | None:
        values = {
            field.id: self._cell_value(row, column) for column, field in enumerate(self.fields)
        }
        return values if any(value is not None for value in values.values()) else None

    def _read(self) -> list[dict[str, Any]] | None:
        rows = [self._row_value(row) for row in range(self.table.rowCount())]
        kept = [row for row in rows if row is not None]
        return kept or None

    def _show(self, value: Any) -> bool:
        complete = True
        if value is None:
            items: list[Any] = []
        elif isinstance(value, dict):
            items, complete = [value], False
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            items, complete = [value], False
        self.table.setRowCount(0)
        for item in items:
            self._append_empty_row()
            row = self.table.rowCount() - 1
            if not isinstance(item, dict):
                self._set_cell(row, 0, _as_text(item))
                complete = False
                continue
            known = {field.id for field in self.fields}
            complete = complete and set(item) <= known
            for column, field in enumerate(self.fields):
                complete = self._set_cell(row, column, item.get(field.id)) and complete
        if self.table.rowCount() == 0:
            self._append_empty_row()
        self.table.setCurrentCell(0, 0)
        return complete

    def _set_cell(self, row: int, column: int, value: Any) -> bool:
        """Fill one cell; False when the value is not of the column's kind."""
        item = self.table.item(row, column)
        delegate = self.delegates[column]
        if delegate.choices:
            item.setData(_VALUE_ROLE, None if value is None else _as_text(value))
            item.setToolTip(delegate.label(value))  # long labels are cut short in the cell
            item.setText(delegate.label(value))
            return value is None or isinstance(value, str)
        if self.fields[column].type == "number":
            text = _number_text(value)
            item.setText(_as_text(value) if text is None else text)
            return value is None or text is not None or isinstance(value, str)
        item.setText(_as_text(value))
        return value is None or isinstance(value, str)

    def _focus_target(self) -> QWidget:
        if self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)
        return self.table


# --- the factory --------------------------------------------------------------------------------

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
