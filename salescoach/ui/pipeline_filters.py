"""Below the pipeline strip: what is due ("3 overdue, 2 due today"), fit and due filters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from salescoach.domain.pipeline import DUE_FILTERS, TIER_FILTERS, Due, DueCounts, PipelineFilter
from salescoach.ui.pipeline_look import bold, error_colour, overdue_icon, today_colour, today_icon


class PipelineFilters(QWidget):
    filtersChanged = Signal()
    """The rep changed the fit or due filter (read them with tier() and due())."""
    clearRequested = Signal()
    """The rep wants every filter off, the step too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pipeline-filters")
        self.overdue = self._due_button("due-overdue", overdue_icon(), Due.OVERDUE)
        self.due_today = self._due_button("due-today", today_icon(), Due.TODAY)
        self.nothing_due = QLabel("Nothing overdue or due today", self)
        self.nothing_due.setObjectName("nothing-due")
        self.nothing_due.setEnabled(False)  # quiet: the palette's disabled text

        self.tier_box = QComboBox(self)
        self.tier_box.setObjectName("fit-filter")
        self.tier_box.setAccessibleName("Fit tier filter")
        self.tier_box.addItem("Any fit", None)
        for value, label in TIER_FILTERS:
            self.tier_box.addItem(label, value)
        self.due_box = QComboBox(self)
        self.due_box.setObjectName("due-filter")
        self.due_box.setAccessibleName("Due date filter")
        self.due_box.addItem("Any date", None)
        for value, label in DUE_FILTERS:
            self.due_box.addItem(label, value.value)
        self.due_box.setItemData(
            self.due_box.findData(Due.WEEK.value),
            "Next actions due today or in the next six days",
            Qt.ItemDataRole.ToolTipRole,
        )
        for box in (self.tier_box, self.due_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(lambda _index: self.filtersChanged.emit())
        self.clear_button = QPushButton("Show all", self)
        self.clear_button.setObjectName("clear-filters")
        self.clear_button.setToolTip("Every step, every fit, any date")
        self.clear_button.clicked.connect(self.clearRequested)
        self.clear_button.hide()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.overdue)
        layout.addWidget(self.due_today)
        layout.addWidget(self.nothing_due)
        layout.addStretch()
        fit_label = QLabel("&Fit:", self)
        fit_label.setBuddy(self.tier_box)
        due_label = QLabel("D&ue:", self)
        due_label.setBuddy(self.due_box)
        for widget in (fit_label, self.tier_box, due_label, self.due_box, self.clear_button):
            layout.addWidget(widget)

    def _due_button(self, name: str, icon, due: Due) -> QPushButton:
        button = QPushButton(icon, "", self)
        button.setObjectName(name)
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFont(bold(button.font()))
        button.clicked.connect(lambda: self.set_due(due))
        return button

    # --- what is chosen -------------------------------------------------------------------------

    def tier(self) -> str | None:
        return self.tier_box.currentData()

    def due(self) -> Due | None:
        value = self.due_box.currentData()
        return Due(value) if value else None

    def set_due(self, due: Due | None) -> None:
        self.due_box.setCurrentIndex(max(0, self.due_box.findData(due.value if due else None)))

    def show_filters(self, filters: PipelineFilter) -> None:
        """Show `filters` as chosen, without announcing a change."""
        for box, value in (
            (self.tier_box, filters.tier),
            (self.due_box, filters.due.value if filters.due else None),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self.clear_button.setVisible(filters.active)

    def show_due(self, counts: DueCounts) -> None:
        """'3 overdue', '2 due today': each one click from the list of them."""
        palette = self.palette()
        for button, count, text, colour in (
            (self.overdue, counts.overdue, f"{counts.overdue} overdue", error_colour(palette)),
            (self.due_today, counts.today, f"{counts.today} due today", today_colour(palette)),
        ):
            button.setText(text)
            button.setToolTip(f"Show the {text.split(' ', 1)[1]} next actions")
            button.setStyleSheet(f"color: {colour.name()};")
            button.setVisible(count > 0)
        self.nothing_due.setVisible(not (counts.overdue or counts.today))
