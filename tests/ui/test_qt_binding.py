"""Guards against a Qt binding that corrupts the interpreter in long sessions."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_qt_calls_do_not_leak_references_to_none(qtbot) -> None:
    # PySide6 6.12.0 took one reference off None per call; a long meeting then aborted Python.
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(500):
        widget.setFocus()
    assert abs(sys.getrefcount(None) - before) < 50
