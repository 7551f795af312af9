"""Settings > Fit scorecard: the team's criteria and weights, tier thresholds and knock-outs.

`ScorecardEditor` edits a `Scorecard` and says what is wrong with it as the rep types (the
running total turns red and says "must be 100"); `ScorecardPage` wraps it for the Settings
dialog: it loads the scorecard in use, and `apply()` saves it, which scores every rated prospect
again.

Renaming a criterion keeps its key, so the ratings already given stay with it; a new criterion
gets a key made from its first name.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.fit import (
    DEFAULT_SCORECARD,
    TOTAL_WEIGHT,
    Criterion,
    KnockOut,
    Scorecard,
    new_key,
)
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services

PROBLEM_STYLE = (
    "QLabel { border: 1px solid palette(mid); border-left: 4px solid #b3261e;"
    " padding: 6px; border-radius: 3px; }"
)
OFF_TOTAL_STYLE = "QLabel { color: #b3261e; font-weight: bold; }"


@dataclass
class _Row:
    """One criterion or knock-out being edited; `key` is empty until it is first saved."""

    key: str
    name: QLineEdit
    weight: QSpinBox | None
    remove: QToolButton


class ScorecardEditor(QWidget):
    edited = Signal()
    """Something in the scorecard changed; `value()` and `problems()` are up to date."""

    def __init__(self, card: Scorecard = DEFAULT_SCORECARD, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criteria: list[_Row] = []
        self.knockouts: list[_Row] = []

        self.criteria_grid = QGridLayout()
        self.name_heading = QLabel("Criterion", self)
        self.weight_heading = QLabel("Weight", self)
        self.criteria_grid.setColumnStretch(0, 1)
        self.add_criterion_button = QPushButton("Add &criterion", self)
        self.add_criterion_button.clicked.connect(lambda: self._add_criterion(focus=True))
        self.total = QLabel(self)
        self.total.setObjectName("scorecard-total")

        self.tier_a = self._threshold("tier-a")
        self.tier_b = self._threshold("tier-b")
        self.tier_c = QLabel(self)
        thresholds = QFormLayout()
        thresholds.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        thresholds.addRow("Tier &A from:", self.tier_a)
        thresholds.addRow("Tier B &from:", self.tier_b)
        thresholds.addRow("Tier C:", self.tier_c)

        self.knockout_grid = QGridLayout()
        self.knockout_grid.setColumnStretch(0, 1)
        self.add_knockout_button = QPushButton("Add &knock-out", self)
        self.add_knockout_button.clicked.connect(lambda: self._add_knockout(focus=True))

        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("scorecard-problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setStyleSheet(PROBLEM_STYLE)

        criteria_footer = QHBoxLayout()
        criteria_footer.addWidget(self.add_criterion_button)
        criteria_footer.addStretch(1)
        criteria_footer.addWidget(self.total)
        knockout_footer = QHBoxLayout()
        knockout_footer.addWidget(self.add_knockout_button)
        knockout_footer.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_heading("Criteria and their weights (the weights add up to 100)", self))
        layout.addLayout(self.criteria_grid)
        layout.addLayout(criteria_footer)
        layout.addSpacing(8)
        layout.addWidget(_heading("Tiers", self))
        layout.addLayout(thresholds)
        layout.addSpacing(8)
        layout.addWidget(_heading("Knock-outs (any one excludes a prospect)", self))
        layout.addLayout(self.knockout_grid)
        layout.addLayout(knockout_footer)
        layout.addWidget(self.problems_label)
        layout.addStretch(1)
        self.set_value(card)

    # --- public ---------------------------------------------------------------------------------

    def set_value(self, card: Scorecard) -> None:
        for row in [*self.criteria, *self.knockouts]:
            self._drop(row)
        self.criteria.clear()
        self.knockouts.clear()
        for criterion in card.criteria:
            self._add_criterion(criterion)
        for knockout in card.knockouts:
            self._add_knockout(knockout)
        for box, value in ((self.tier_a, card.tier_a), (self.tier_b, card.tier_b)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self._update()

    def value(self) -> Scorecard:
        """The scorecard as shown (it may have problems: see `problems()`)."""
        criteria = []
        taken = {row.key for row in self.criteria if row.key}
        for row in self.criteria:
            key = row.key or new_key(row.name.text(), taken, "criterion")
            taken.add(key)
            weight = row.weight.value() if row.weight is not None else 0
            criteria.append(Criterion(key, row.name.text().strip(), weight))
        knockouts = []
        taken = {row.key for row in self.knockouts if row.key}
        for row in self.knockouts:
            key = row.key or new_key(row.name.text(), taken, "knockout")
            taken.add(key)
            knockouts.append(KnockOut(key, row.name.text().strip()))
        return Scorecard(
            tuple(criteria), self.tier_a.value(), self.tier_b.value(), tuple(knockouts)
        )

    def problems(self) -> list[str]:
        return self.value().problems()

    # --- inside ---------------------------------------------------------------------------------

    def _threshold(self, name: str) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(1, TOTAL_WEIGHT)
        box.valueChanged.connect(self._update)
        return box

    def _add_criterion(self, criterion: Criterion | None = None, focus: bool = False) -> None:
        name = QLineEdit(criterion.label if criterion else "", self)
        name.setPlaceholderText("What makes a prospect a good fit?")
        name.setAccessibleName("Criterion name")
        weight = QSpinBox(self)
        weight.setRange(0, TOTAL_WEIGHT)
        weight.setValue(criterion.weight if criterion else 0)
        weight.setAccessibleName("Weight")
        weight.setToolTip("Points this criterion can give, out of 100")
        row = _Row(criterion.key if criterion else "", name, weight, self._remove_button(name))
        row.remove.clicked.connect(lambda: self._remove(self.criteria, row))
        name.textChanged.connect(self._update)
        weight.valueChanged.connect(self._update)
        self.criteria.append(row)
        self._lay_out(self.criteria_grid, self.criteria)
        if focus:
            name.setFocus(Qt.FocusReason.OtherFocusReason)
            self._update()

    def _add_knockout(self, knockout: KnockOut | None = None, focus: bool = False) -> None:
        name = QLineEdit(knockout.label if knockout else "", self)
        name.setPlaceholderText("A reason that rules a prospect out")
        name.setAccessibleName("Knock-out")
        row = _Row(knockout.key if knockout else "", name, None, self._remove_button(name))
        row.remove.clicked.connect(lambda: self._remove(self.knockouts, row))
        name.textChanged.connect(self._update)
        self.knockouts.append(row)
        self._lay_out(self.knockout_grid, self.knockouts)
        if focus:
            name.setFocus(Qt.FocusReason.OtherFocusReason)
            self._update()

    def _remove_button(self, name: QLineEdit) -> QToolButton:
        button = QToolButton(self)
        button.setText("Remove")
        button.setAccessibleName("Remove")
        name.textChanged.connect(lambda text: button.setAccessibleName(f"Remove {text}".strip()))
        button.setAccessibleName(f"Remove {name.text()}".strip())
        return button

    def _remove(self, rows: list[_Row], row: _Row) -> None:
        index = rows.index(row)
        rows.remove(row)
        self._drop(row)
        self._lay_out(self.criteria_grid if rows is self.criteria else self.knockout_grid, rows)
        if rows:  # the keyboard stays in the list, on the row that took its place
            rows[min(index, len(rows) - 1)].name.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()

    def _drop(self, row: _Row) -> None:
        for widget in (row.name, row.weight, row.remove):
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _lay_out(self, grid: QGridLayout, rows: list[_Row]) -> None:
        """Rows in order, and Tab visits them in that order (name, weight, Remove)."""
        while grid.count():
            grid.takeAt(0)
        if grid is self.criteria_grid:
            grid.addWidget(self.name_heading, 0, 0)
            grid.addWidget(self.weight_heading, 0, 1)
        previous: QWidget | None = None
        for number, row in enumerate(rows, start=1):
            widgets = [row.name, *([row.weight] if row.weight else []), row.remove]
            for column, widget in enumerate(widgets):
                grid.addWidget(widget, number, column)
                widget.show()  # now, not when the layout gets round to it: it may take focus
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget

    def _update(self) -> None:
        total = sum(row.weight.value() for row in self.criteria if row.weight is not None)
        if total == TOTAL_WEIGHT:
            self.total.setText(f"Total: {total} of {TOTAL_WEIGHT}")
            self.total.setStyleSheet("")
        else:
            self.total.setText(f"Total: {total} \u2014 must be {TOTAL_WEIGHT}")
            self.total.setStyleSheet(OFF_TOTAL_STYLE)
        self.tier_c.setText(f"below {self.tier_b.value()}")
        problems = self.problems()
        self.problems_label.setText("\n".join(f"\u2022 {problem}" for problem in problems))
        self.problems_label.setVisible(bool(problems))
        self.edited.emit()


class ScorecardPage(QWidget):
    """The Settings tab: the scorecard in use, a way back to the default, and `apply()`."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        loaded = services.fit.load_scorecard()
        self._saved: Scorecard | None = loaded.card if loaded.source == "team" else None
        self._replace_broken = bool(loaded.problem)  # saving puts a readable one in its place

        intro = QLabel(
            "Rate each prospect 0-10 on every criterion; the fit score is the sum of weight "
            "\u00d7 rating \u00f7 10, out of 100. When you save, every rated prospect is scored "
            "again.",
            self,
        )
        intro.setWordWrap(True)
        self.notice = QLabel(loaded.notice, self)
        self.notice.setObjectName("scorecard-notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(bool(loaded.notice))
        if loaded.problem:
            self.notice.setStyleSheet(PROBLEM_STYLE)
        self.editor = ScorecardEditor(loaded.card, self)
        self.reset_button = QPushButton("Use the &default scorecard", self)
        self.reset_button.clicked.connect(lambda: self.editor.set_value(DEFAULT_SCORECARD))
        self.message = QLabel(self)
        self.message.setObjectName("scorecard-message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.editor.edited.connect(self._edited)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.editor)
        footer = QHBoxLayout()
        footer.addWidget(self.reset_button)
        footer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, stretch=1)
        # What is wrong stays in sight below the scrolling list, however long it is.
        self.editor.layout().removeWidget(self.editor.problems_label)
        layout.addWidget(self.editor.problems_label)
        layout.addWidget(self.message)
        layout.addLayout(footer)

    def problems(self) -> list[str]:
        return self.editor.problems()

    def apply(self) -> bool:
        """Save the scorecard when it changed; False (with the reason shown on the page, nothing
        saved) when it cannot be."""
        card = self.editor.value()
        problems = card.problems()
        if problems:  # listed on the page already, as they were typed
            self._say("The scorecard is not saved: fix what is listed above first.")
            return False
        if not self._replace_broken and card == (self._saved or DEFAULT_SCORECARD):
            return True  # nothing changed: no need to score every prospect again
        try:
            self.services.fit.save_scorecard(card)
        except SalesCoachError as error:
            self._say(f"The scorecard is not saved: {error}")
            return False
        self._saved = card
        self._replace_broken = False
        self.message.hide()
        self.notice.hide()
        return True

    def _edited(self) -> None:
        if not self.editor.problems():
            self.message.hide()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.show()


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
