"""Fixtures for tests that drive real widgets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QWidget


@pytest.fixture
def show_active(qtbot) -> Callable[..., QWidget]:
    """Show a widget as the active window, so it gets keyboard focus as on a real desktop."""

    def show(widget: QWidget, width: int = 0, height: int = 0) -> QWidget:
        qtbot.addWidget(widget)
        if width and height:
            widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        widget.windowHandle().requestActivate()  # what a window manager does for the rep
        qtbot.waitUntil(widget.isActiveWindow)
        return widget

    return show


@pytest.fixture(autouse=True)
def _leave_qt_as_found():
    """Close studios a meeting opened (not qtbot's widgets), as quitting would; and empty the
    clipboard: the offscreen platform crashes at exit when it still owns clipboard data."""
    yield
    from PySide6.QtWidgets import QApplication

    from salescoach.ui.studio.launcher import close_all

    close_all()
    if QApplication.instance() is not None:
        QApplication.clipboard().clear()
