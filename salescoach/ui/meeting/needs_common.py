"""What the needs panel and the read-back share: status words, font sizes, keys, save failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QKeyCombination, Qt
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from salescoach.domain.summary import NEED_STATUS_LABELS
from salescoach.errors import SalesCoachError

# How each need status reads on screen: a glyph and a few words (the summary uses the long label).
STATUS_GLYPHS = {"open": "○", "confirmed": "✓", "corrected": "✎", "not_a_priority": "\u2013"}
STATUS_WORDS = {
    "open": "Open",
    "confirmed": "Confirmed",
    "corrected": "Corrected",
    "not_a_priority": "Not a priority",
}
STATUS_LONG = NEED_STATUS_LABELS


def status_text(status: str) -> str:
    return f"{STATUS_GLYPHS.get(status, '?')} {STATUS_WORDS.get(status, status)}"


def long_status(status: str) -> str:
    return STATUS_LONG.get(status, status)


# --- fonts and labels ---------------------------------------------------------------------------


def scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    """A copy of `font`, `factor` times as large (point or pixel sized), bold if asked."""
    result = QFont(font)
    if font.pointSizeF() > 0:
        result.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        result.setPixelSize(max(1, round(font.pixelSize() * factor)))
    if bold:
        result.setBold(True)
    return result


def plain_label(parent: QWidget, text: str = "", font: QFont | None = None) -> QLabel:
    """A wrapped label the rep can select and copy from; markup in it shows as typed."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if font is not None:
        label.setFont(font)
    return label


def has_focus_within(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


# --- keys ---------------------------------------------------------------------------------------


def key_combination(event: QKeyEvent) -> QKeySequence:
    """The key event as a key sequence, ignoring the keypad flag (so keypad Enter is Enter)."""
    return QKeySequence(QKeyCombination(_modifiers(event), Qt.Key(event.key())))


def is_plain(event: QKeyEvent) -> bool:
    """No modifier held (the keypad flag does not count)."""
    return _modifiers(event) == Qt.KeyboardModifier.NoModifier


def _modifiers(event: QKeyEvent) -> Qt.KeyboardModifier:
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


def claims_key(event: QEvent, wanted: Callable[[QKeyEvent], bool]) -> bool:
    """Accept a shortcut override for a key the widget handles itself, so it wins over the
    window's shortcuts while the widget has focus. True when claimed (the event is handled)."""
    if (
        event.type() == QEvent.Type.ShortcutOverride
        and isinstance(event, QKeyEvent)
        and wanted(event)
    ):
        event.accept()
        return True
    return False


# --- saving -------------------------------------------------------------------------------------


def failure_text(error: SalesCoachError) -> str:
    detail = str(error).strip() or type(error).__name__
    return f"Not saved: {detail}"


def call_service(
    report: Callable[[str], object], method: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """Call the service. A `SalesCoachError` is a problem the rep can act on: `report` gets its
    text and the result is None. Anything else is a bug and propagates to the crash handler.
    A call that returns nothing returns True, so None always means "not done"."""
    try:
        result = method(*args, **kwargs)
    except SalesCoachError as error:
        report(failure_text(error))
        return None
    return True if result is None else result
