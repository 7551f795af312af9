"""AnswerEditor, the contract every editor keeps, and the helpers the editors share."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLayout, QSizePolicy, QWidget

from salescoach.domain.playbook import Question

CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_NOTHING: Any = object()

LayoutT = TypeVar("LayoutT", bound=QLayout)


def held(event: QKeyEvent) -> Qt.KeyboardModifier:
    """The modifiers held down, not counting the keypad's."""
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


def plain_key(event: QKeyEvent) -> bool:
    """No modifier held: the window's Ctrl/Alt shortcuts must stay theirs."""
    return held(event) == Qt.KeyboardModifier.NoModifier


def as_text(value: Any) -> str:
    """Something readable for a value that is not the expected text."""
    if isinstance(value, list | tuple):
        return ", ".join(as_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {as_text(item)}" for key, item in value.items())
    return "" if value is None else str(value)


def bare(layout: LayoutT) -> LayoutT:
    """`layout` without margins: the page around an editor does the spacing."""
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


def side_by_side(*widgets: QWidget) -> QHBoxLayout:
    """`widgets` side by side from the left."""
    layout = bare(QHBoxLayout())
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return layout


class AnswerEditor(QWidget):
    """The answer input for one question; subclasses implement `_read`, `_show`, `_focus_target`.

    `edited` asks for a debounced save, `committed` for one now (focus left the editor, Enter in a
    one-line field, a choice picked). Loading a value with `set_value` emits neither.
    """

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
        """Show a stored value without emitting anything; unknown shapes show what they can.

        A value that cannot be shown faithfully is handed back by `value()` untouched until the
        rep changes something, so merely tabbing through a question never overwrites data.
        """
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

    def _main_input(self, widget: QWidget) -> None:
        """The widget the rep types in: named for the question, its tooltip the keys."""
        widget.setAccessibleName(self.question.text)
        widget.setToolTip(self.keys_hint)

    def _hint_label(self) -> QLabel:
        label = QLabel(self)
        label.setEnabled(False)  # the palette's disabled text: readable but quiet
        return label

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
