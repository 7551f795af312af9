"""One studio per meeting, and one per prospect for its letters: opening it again brings the
open one forward."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from salescoach.services.container import Services
from salescoach.services.summaries import About
from salescoach.ui.studio.window import StudioWindow

_open: dict[tuple[int, About], StudioWindow] = {}
_on_sent: dict[tuple[int, About], Callable[[], object] | None] = {}
_hooked_to: list[QApplication] = []  # the application whose quit closes the studios


def _close_on_quit() -> None:
    """Close studios while Qt is still alive: a window outliving QApplication crashes Python."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app not in _hooked_to:
        app.aboutToQuit.connect(close_all)
        _hooked_to.append(app)


def open_studio(services: Services, interview_id: int) -> tuple[StudioWindow, bool]:
    """Show the studio for the meeting; True with it when it was opened just now."""
    return _open_for(services, About.meeting(interview_id))


def open_letter_studio(
    services: Services, prospect_id: int, on_sent: Callable[[], object] | None = None
) -> StudioWindow:
    """Show the studio for a letter to the prospect, before any meeting (the Contact step).

    `on_sent` runs when a letter goes out (its touch is logged): the prospect page that asked
    for the studio refreshes its touch log. The latest caller's replaces an earlier one.
    """
    about = About.prospect(prospect_id)
    key = (id(services), about)
    _on_sent[key] = on_sent
    studio, created = _open_for(services, about)
    if created:
        studio.letterSent.connect(lambda _id: _letter_sent(key))
    return studio


def _letter_sent(key: tuple[int, About]) -> None:
    callback = _on_sent.get(key)
    if callback is None:
        return
    try:
        callback()
    except RuntimeError:  # the page that asked was closed since (its Qt object is gone)
        _on_sent.pop(key, None)


def _open_for(services: Services, about: About) -> tuple[StudioWindow, bool]:
    key = (id(services), about)
    studio = _open.get(key)
    created = studio is None
    if studio is None:
        _close_on_quit()
        studio = StudioWindow(services, about)
        studio.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _open[key] = studio
        studio.closed.connect(lambda _id, s=studio: _forget(key, s))
    else:
        studio.refresh()
    studio.show()
    studio.raise_()
    studio.activateWindow()
    return studio, created


def _forget(key: tuple[int, About], studio: StudioWindow) -> None:
    if _open.get(key) is studio:
        del _open[key]
        _on_sent.pop(key, None)


def open_studios() -> list[StudioWindow]:
    return list(_open.values())


def close_all() -> None:
    """Close every studio (their final copies are saved on close)."""
    for studio in list(_open.values()):
        studio.close()
    _open.clear()
    _on_sent.clear()
