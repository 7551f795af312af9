"""One studio per meeting: opening it again brings the open one forward."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from salescoach.services.container import Services
from salescoach.ui.studio.window import StudioWindow

_open: dict[tuple[int, int], StudioWindow] = {}
_hooked_to: list[QApplication] = []  # the application whose quit closes the studios


def _close_on_quit() -> None:
    """Close studios while Qt is still alive: a window outliving QApplication crashes Python."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app not in _hooked_to:
        app.aboutToQuit.connect(close_all)
        _hooked_to.append(app)


def open_studio(services: Services, interview_id: int) -> tuple[StudioWindow, bool]:
    """Show the studio for the meeting; True with it when it was opened just now."""
    key = (id(services), interview_id)
    studio = _open.get(key)
    created = studio is None
    if studio is None:
        _close_on_quit()
        studio = StudioWindow(services, interview_id)
        studio.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _open[key] = studio
        studio.closed.connect(lambda _id, s=studio: _forget(key, s))
    else:
        studio.refresh()
    studio.show()
    studio.raise_()
    studio.activateWindow()
    return studio, created


def _forget(key: tuple[int, int], studio: StudioWindow) -> None:
    if _open.get(key) is studio:
        del _open[key]


def open_studios() -> list[StudioWindow]:
    return list(_open.values())


def close_all() -> None:
    """Close every studio (their final copies are saved on close)."""
    for studio in list(_open.values()):
        studio.close()
    _open.clear()
