"""Numbers and amounts of money: typed in the rep's locale, kept within the playbook's range."""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import QLocale, QObject, QRegularExpression, QSize, Qt
from PySide6.QtGui import QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from salescoach.domain.answers import format_number
from salescoach.domain.playbook import Question
from salescoach.ui.meeting.editors.base import AnswerEditor, as_text, bare, side_by_side

CURRENCY_CODES = (
    "EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK", "PLN", "INR",
    "CNY", "NZD", "SGD", "HKD", "CZK", "HUF", "ZAR", "BRL", "MXN",
)  # fmt: skip


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


def stored_number(number: float) -> int | float:
    return int(number) if number.is_integer() else number


def number_text(value: Any) -> str | None:
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


class NumberValidator(QValidator):
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
        if number is None or self.clamp(number) != number:
            return QValidator.State.Intermediate
        return QValidator.State.Acceptable

    def fixup(self, text: str) -> str:  # type: ignore[override]
        number = parse_number(text)
        if number is None:
            return text  # leave it visible so the rep can correct it
        return number_text(stored_number(self.clamp(number))) or text

    def clamp(self, number: float) -> float:
        if self.low is not None and number < self.low:
            return self.low
        if self.high is not None and number > self.high:
            return self.high
        return number


class _AmountField(QLineEdit):
    """A number field: locale-aware, range-checked gently, sized for numbers not prose."""

    def __init__(self, low: float | None, high: float | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.checker = NumberValidator(low, high, self)
        self.setValidator(self.checker)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("0") * 16, hint.height())

    def number(self) -> int | float | None:
        number = parse_number(self.text())
        return None if number is None else stored_number(self.checker.clamp(number))

    def out_of_range(self) -> bool:
        number = parse_number(self.text())
        return number is not None and self.checker.clamp(number) != number

    def show_number(self, value: Any) -> bool:
        """False unless `value` shows as an in-range number (what it is shows anyway)."""
        if isinstance(value, str) and (number := parse_number(value)) is not None:
            value = stored_number(number)  # a number saved as text is still that number
        text = number_text(value)
        self.setText(as_text(value) if text is None else text)
        return (value is None or text is not None) and not self.out_of_range()


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
        bare(QVBoxLayout(self)).addLayout(side_by_side(*self._fields(), self.unit, self.hint))

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
        return self.amount.show_number(value)

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
        combo.lineEdit().returnPressed.connect(self._commit)
        return [self.amount, combo]

    def _currency_typed(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
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
        if not isinstance(value, dict):
            self._show_code(self.default_currency)
            return super()._show(value)
        amount_ok = self.amount.show_number(value.get("amount"))
        code = value.get("currency")
        known = isinstance(code, str) and bool(re.fullmatch(r"[A-Z]{3}", code))
        self._show_code(code if known else self.default_currency)
        return amount_ok and known and set(value) <= {"amount", "currency"}

    def _show_code(self, code: str) -> None:
        if self.currency.findText(code) < 0:
            self.currency.addItem(code)
        self.currency.setCurrentIndex(self.currency.findText(code))
