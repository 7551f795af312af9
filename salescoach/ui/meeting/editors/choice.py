"""Answers picked from buttons: one choice, several choices, yes or no, a point on a scale."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.playbook import Question
from salescoach.ui.meeting.editors.base import CLEAR_KEYS, AnswerEditor, as_text, bare, plain_key
from salescoach.ui.meeting.editors.numbers import parse_number

UNKNOWN_CHOICE = "(not in this playbook)"
YES_NO = (("yes", "Yes"), ("no", "No"))  # stored value, label
SCALE_POINTS = 5
# The style's own "pressed" look is too faint to read a chosen point at arm's length.
_SCALE_STYLE = (
    "QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " border: 1px solid palette(highlight); border-radius: 4px; padding: 3px; }"
    "QPushButton:checked:focus { border: 2px solid palette(text); }"
)
_ARROW_STEPS = {
    Qt.Key.Key_Up.value: -1,
    Qt.Key.Key_Left.value: -1,
    Qt.Key.Key_Down.value: 1,
    Qt.Key.Key_Right.value: 1,
}


def _digit(event: QKeyEvent) -> int | None:
    """1..9 for the number keys (top row or keypad), else None."""
    key = event.key()
    if plain_key(event) and Qt.Key.Key_1.value <= key <= Qt.Key.Key_9.value:
        return key - Qt.Key.Key_0.value
    return None


def _button_text(text: str) -> str:
    """Button labels come from playbooks: a '&' must show, not become a mnemonic."""
    return text.replace("&", "&&")


def _label_unknown(button: QAbstractButton, text: str) -> None:
    """Show a stored choice the playbook no longer offers, so it is kept until changed."""
    button.setText(_button_text(f"{text}   {UNKNOWN_CHOICE}"))
    button.setAccessibleName(f"{text} {UNKNOWN_CHOICE}")


class _ButtonsEditor(AnswerEditor):
    """Buttons in a QButtonGroup, each standing for one stored value; number keys pick."""

    exclusive: ClassVar[bool]

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(self.exclusive)
        self.group.idClicked.connect(self._clicked)
        self.buttons: list[QAbstractButton] = []
        self._values: list[Any] = []
        self._last: Any = None
        self._known = 0  # the buttons numbered for keys 1-9 (the playbook's, not kept unknowns)

    def _add(self, button: QAbstractButton, value: Any, name: str) -> QAbstractButton:
        self.group.addButton(button, len(self.buttons))
        button.setAccessibleName(name)
        button.setToolTip(self.keys_hint)
        button.installEventFilter(self)
        self.buttons.append(button)
        self._values.append(value)
        return button

    def _add_choices(self, kind: type[QAbstractButton], layout: QBoxLayout) -> None:
        """One button per playbook choice, numbered while a key can reach it."""
        for number, choice in enumerate(self.question.choices or [], start=1):
            shown = f"{number}   {choice.label}" if number <= 9 else choice.label
            layout.addWidget(self._add(kind(_button_text(shown), self), choice.value, choice.label))
        self._known = len(self.buttons)

    def _index_for_key(self, event: QKeyEvent) -> int | None:
        digit = _digit(event)
        return None if digit is None or digit > self._known else digit - 1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Buttons pass on keys they do not use, so these arrive from whichever one has focus.
        index = self._index_for_key(event)
        if index is None:
            super().keyPressEvent(event)
        else:
            self._pick(index)

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

    def _uncheck_all(self) -> None:
        self.group.setExclusive(False)  # an exclusive group refuses to be emptied
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(self.exclusive)

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

    exclusive = True

    def _read(self) -> Any:
        index = self.group.checkedId()
        return self._values[index] if index >= 0 else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in CLEAR_KEYS and plain_key(event):
            if any(button.isChecked() for button in self.buttons):
                self._uncheck_all()
                self._clicked(-1)  # as if the rep had clicked the set empty
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
        layout = bare(QVBoxLayout(self))
        self._add_choices(QRadioButton, layout)
        # One spare button shows a stored answer the playbook no longer lists.
        self.unknown = QRadioButton(self)
        layout.addWidget(self._add(self.unknown, None, UNKNOWN_CHOICE))
        self.unknown.hide()
        self._make_tab_stop(None)

    def _show(self, value: Any) -> bool:
        self.unknown.hide()
        if value is None:
            self._set_checked(set())
            return True
        if isinstance(value, list | tuple):
            self._show(value[0] if value else None)
            return False
        text = as_text(value)
        if text in self._values[: self._known]:
            self._set_checked({self._values.index(text)})
        else:
            self._values[self._known] = text
            _label_unknown(self.unknown, text)
            self.unknown.show()
            self._set_checked({self._known})
        return isinstance(value, str)


class YesNoEditor(_ExclusiveEditor):
    """Yes / No side by side; Y and N pick."""

    keys_hint = "Y for yes, N for no, Delete clears"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.yes, self.no = (
            self._add(QRadioButton(label, self), value, label) for value, label in YES_NO
        )
        hint = self._hint_label()
        hint.setText("Y / N")
        layout = bare(QHBoxLayout(self))
        layout.setSpacing(layout.spacing() * 4)
        for widget in (self.yes, self.no, hint):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._make_tab_stop(None)

    def _index_for_key(self, event: QKeyEvent) -> int | None:
        if not plain_key(event):
            return None
        return {Qt.Key.Key_Y.value: 0, Qt.Key.Key_N.value: 1}.get(event.key())

    def _show(self, value: Any) -> bool:
        if isinstance(value, bool):
            self._show("yes" if value else "no")
            return True
        text = as_text(value).strip().lower()
        self._set_checked({self._values.index(text)} if text in self._values else set())
        return value is None or value in self._values


class ScaleEditor(_ExclusiveEditor):
    """Five buttons from 1 to 5 with the playbook's words under each number."""

    keys_hint = "Keys 1-5 choose, arrows move, Delete clears"

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        labels = question.labels or [""] * SCALE_POINTS
        layout = bare(QHBoxLayout(self))
        for point, label in enumerate(labels, start=1):
            text = f"{point}\n{label}" if label else str(point)
            button = QPushButton(_button_text(text), self)
            button.setCheckable(True)
            button.setAutoExclusive(True)  # lets arrow keys move between the points
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setStyleSheet(_SCALE_STYLE)
            name = f"{point} of {SCALE_POINTS}" + (f": {label}" if label else "")
            layout.addWidget(self._add(button, point, name))
        self._known = min(len(self.buttons), SCALE_POINTS)
        self._make_tab_stop(None)

    def _show(self, value: Any) -> bool:
        point = None
        if not isinstance(value, bool) and isinstance(value, int | float | str):
            number = parse_number(value) if isinstance(value, str) else float(value)
            if number is not None and number.is_integer() and 1 <= number <= SCALE_POINTS:
                point = int(number)
        self._set_checked(set() if point is None else {point - 1})
        return value is None or point is not None


class MultiChoiceEditor(_ButtonsEditor):
    """Check boxes, numbered so keys 1-9 tick and untick them; stored in playbook order."""

    keys_hint = "Keys 1-9 tick or untick, Space ticks the focused one, arrows move"
    exclusive = False

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self._layout = bare(QVBoxLayout(self))
        self._add_choices(QCheckBox, self._layout)

    def _read(self) -> list[str] | None:
        chosen = [value for button, value in zip(self.buttons, self._values, strict=True)
                  if button.isChecked()]  # fmt: skip
        return chosen or None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt moves between check boxes with arrows only when they are exclusive: do it here.
        if event.type() == QEvent.Type.KeyPress and watched in self.buttons:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            step = _ARROW_STEPS.get(key_event.key())
            if step is not None and plain_key(key_event):
                shown = [button for button in self.buttons if not button.isHidden()]
                here = shown.index(watched)  # type: ignore[arg-type]
                shown[min(max(here + step, 0), len(shown) - 1)].setFocus(
                    Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason
                )
                return True
        return super().eventFilter(watched, event)

    def _show(self, value: Any) -> bool:
        self._drop_unknown()
        if value is None:
            self._set_checked(set())
            return True
        items = value if isinstance(value, list | tuple) else [value]
        texts = [as_text(item) for item in items]
        for text in texts:
            if text not in self._values:
                box = self._add(QCheckBox(self), text, text)
                _label_unknown(box, text)
                self._layout.addWidget(box)
        self._set_checked({self._values.index(text) for text in texts})
        return isinstance(value, list) and all(isinstance(item, str) for item in value)

    def _drop_unknown(self) -> None:
        for button in self.buttons[self._known :]:
            self.group.removeButton(button)
            button.hide()
            button.deleteLater()
        del self.buttons[self._known :]
        del self._values[self._known :]
