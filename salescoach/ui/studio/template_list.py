"""The template families, grouped by who reads them: the client first, then the team."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from salescoach.services.summaries import TemplateFamily

NAME_ROLE = Qt.ItemDataRole.UserRole
AUDIENCE_TITLES = {"client": "For the client", "internal": "For the team"}


def audience_title(audience: str) -> str:
    return AUDIENCE_TITLES.get(audience, f"For {audience}")


class TemplateList(QListWidget):
    """Group headings are disabled rows, so arrow keys move only between templates."""

    familyChosen = Signal(str)
    """The rep picked a template family (carries its name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("template-list")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Templates")
        self.currentItemChanged.connect(self._current_changed)

    def set_families(self, families: Sequence[TemplateFamily], chosen: str | None) -> None:
        """Show `families` (already in order) with `chosen` current; emits no signal."""
        self.blockSignals(True)
        self.clear()
        audience = None
        for family in families:
            if family.audience != audience:
                audience = family.audience
                heading = QListWidgetItem(audience_title(audience).upper(), self)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
            item = QListWidgetItem(family.title, self)
            item.setData(NAME_ROLE, family.name)
            item.setToolTip(f"{family.title}: {', '.join(family.formats)}")
        if chosen is not None:
            self.select(chosen)
        self.blockSignals(False)

    def names(self) -> list[str]:
        """The family names in the order shown."""
        return [
            self.item(row).data(NAME_ROLE)
            for row in range(self.count())
            if self.item(row).data(NAME_ROLE)
        ]

    def current_name(self) -> str | None:
        item = self.currentItem()
        return item.data(NAME_ROLE) if item is not None else None

    def select(self, name: str) -> None:
        item = self._item(name)
        if item is not None:
            self.setCurrentItem(item)

    def _item(self, name: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(NAME_ROLE) == name:
                return self.item(row)
        return None

    def _current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        name = item.data(NAME_ROLE) if item is not None else None
        if name:
            self.familyChosen.emit(name)
