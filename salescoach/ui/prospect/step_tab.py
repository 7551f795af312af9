"""What every step's tab shares: a scrolling page, titled boxes, and how it reports changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from salescoach.services.container import Services
from salescoach.ui.prospect.log_table import CycleLogSource, LogTable
from salescoach.ui.prospect.look import quiet, section_font
from salescoach.ui.prospect.prospect_fields import ProspectFields


@dataclass
class PageContext:
    services: Services
    prospect_id: int
    fields: ProspectFields


class StepTab(QScrollArea):
    changed = Signal()
    """Something on this tab reached the disk (a log entry; fields report through the saver)."""

    step = ""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.services = context.services
        self.prospect_id = context.prospect_id
        self.logs: list[LogTable] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self)
        self.body.setObjectName(f"tab-{self.step}")
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(12, 12, 12, 12)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(12)
        self.setWidget(self.body)

    def log(self, key: str, **options: Any) -> LogTable:
        table = LogTable(CycleLogSource(self.services, key, self.prospect_id), self.body, **options)
        table.changed.connect(self.changed)
        self.logs.append(table)
        return table

    def refresh(self) -> None:
        """Read again what other windows may have changed (meetings, needs, the gate)."""
        for table in self.logs:
            table.reload()

    def columns(self, left: list[QWidget], right: list[QWidget], stretch: tuple[int, int]) -> None:
        """Two columns, each packed from the top; `stretch` shares the width."""
        for column, widgets in enumerate((left, right)):
            stack = QVBoxLayout()
            stack.setSpacing(self.grid.verticalSpacing())
            for widget in widgets:
                stack.addWidget(widget)
            stack.addStretch(1)
            self.grid.addLayout(stack, 0, column)
            self.grid.setColumnStretch(column, stretch[column])


def box(title: str, parent: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A titled section, titled like the logs beside it (no frame: calmer)."""
    section = QWidget(parent)
    layout = QVBoxLayout(section)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setAlignment(Qt.AlignmentFlag.AlignTop)  # packed at the top, however tall the row
    heading = QLabel(title, section)
    heading.setTextFormat(Qt.TextFormat.PlainText)
    heading.setFont(section_font(heading.font()))
    layout.addWidget(heading)
    return section, layout


def hint(text: str, parent: QWidget) -> QLabel:
    """A quiet line of guidance under a title."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return quiet(label)
