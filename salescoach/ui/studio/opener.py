"""Hand a mailto: link or a file to the desktop (mail client, PDF viewer); replaceable in tests."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


class UrlOpener:
    @classmethod
    def open(cls, url: QUrl) -> bool:
        """True when the desktop found a program for `url`."""
        return QDesktopServices.openUrl(url)
