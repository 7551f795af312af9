"""Shortcuts that work only while the keyboard is inside their widget."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def local_shortcut(
    keys: QKeySequence | QKeySequence.StandardKey | Qt.Key | str,
    widget: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QShortcut:
    """`keys` call `slot` while the focus is in `widget` (or its children, by default).

    Built in steps: given a callable, QShortcut's constructor ignores the context argument and
    the shortcut becomes window-wide, so two logs on one page would both claim Insert.
    """
    shortcut = QShortcut(QKeySequence(keys), widget)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut
