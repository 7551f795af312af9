"""The fit scorecard for one prospect: a rating per criterion, the knock-outs, a live tier.

Every change is saved at once through `FitService.rate` (there is no Save button). The score and
tier are worked out here as the rep types, so they show even while the disk is away; a failed
save says so calmly, keeps the ratings on screen and is tried again on the next change, on
"Try again", or on `flush()`.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.fit import MAX_RATING, MIN_RATING, FitResult, Scorecard, score
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services

NOT_RATED = MIN_RATING - 1  # the spin box's extra bottom step, shown as "Not rated"

# Each tier has its word on the badge; the colour only repeats it. White on these four and
# black on the amber all pass WCAG AA, in the light and the dark palette alike.
_BADGE_COLOURS = {
    "A": ("#1b5e20", "white"),
    "B": ("#f2c94c", "black"),
    "C": ("#5f6368", "white"),
    "excluded": ("#b3261e", "white"),
}
_BADGE_TEXT = {"A": "Tier A", "B": "Tier B", "C": "Tier C", "excluded": "Excluded"}
FAILED_STYLE = "QLabel { color: white; background: #b3261e; padding: 2px 8px; border-radius: 4px; }"


class TierBadge(QLabel):
    """The tier in words on a coloured chip: "Tier A", "Excluded", "Not scored"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fit-tier")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.show_tier(None)

    def show_tier(self, tier: str | None) -> None:
        text = _BADGE_TEXT.get(tier or "", "Not scored")
        self.setText(text)
        self.setAccessibleName(f"Fit: {text}")
        if tier in _BADGE_COLOURS:
            background, foreground = _BADGE_COLOURS[tier]
            self.setStyleSheet(
                f"QLabel {{ background: {background}; color: {foreground}; "
                "padding: 3px 10px; border-radius: 9px; }"
            )
        else:  # not scored yet: an outline, no colour that could read as a verdict
            self.setStyleSheet(
                "QLabel { border: 1px dashed palette(mid); padding: 2px 9px; border-radius: 9px; }"
            )


class FitEditor(QWidget):
    changed = Signal()
    """The ratings or knock-outs reached the disk; `result()` holds the new score and tier, and
    the prospect's step may have moved (a stage tracker should be worked out again)."""

    def __init__(self, services: Services, prospect_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.prospect_id = prospect_id
        self.card: Scorecard = services.fit.scorecard()
        self.ratings_boxes: dict[str, QSpinBox] = {}
        self.knockout_boxes: dict[str, QCheckBox] = {}
        self._unsaved = False
        self._loading = False

        self.score_label = QLabel(self)
        self.score_label.setObjectName("fit-score")
        self.score_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        larger = self.score_label.font()
        larger.setPointSizeF(larger.pointSizeF() * 1.15)
        self.score_label.setFont(larger)
        self.badge = TierBadge(self)
        self.missing_label = QLabel(self)
        self.missing_label.setObjectName("fit-missing")
        self.missing_label.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("fit-status")
        self.status.setWordWrap(True)
        self.retry = QPushButton("Try &again", self)
        self.retry.setObjectName("fit-retry")
        self.retry.clicked.connect(self.flush)
        self.retry.hide()

        headline = QHBoxLayout()
        headline.addWidget(self.score_label)
        headline.addWidget(self.badge)
        headline.addStretch(1)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(0, 1)
        self.rows.setHorizontalSpacing(12)
        self.knockouts = QVBoxLayout()
        self.knockouts.setSpacing(2)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, stretch=1)
        status_row.addWidget(self.retry)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(headline)
        layout.addWidget(self.missing_label)
        layout.addLayout(self.rows)
        layout.addSpacing(6)
        layout.addLayout(self.knockouts)
        layout.addLayout(status_row)
        self._build()
        self.reload()

    # --- public ---------------------------------------------------------------------------------

    def ratings(self) -> dict[str, int]:
        """What the rep has rated, by criterion key (criteria not rated are left out)."""
        return {
            key: box.value() for key, box in self.ratings_boxes.items() if box.value() != NOT_RATED
        }

    def ticked_knockouts(self) -> list[str]:
        return [key for key, box in self.knockout_boxes.items() if box.isChecked()]

    def result(self) -> FitResult:
        """The score and tier of what is on screen (saved or not)."""
        return score(self.card, self.ratings(), self.ticked_knockouts())

    def reload(self) -> None:
        """Show the prospect's ratings as kept, under the scorecard in use now (after Settings)."""
        card = self.services.fit.scorecard()
        if card != self.card:
            self.card = card
            self._build()
        try:
            stored = self.services.fit.stored(self.prospect_id)
        except SalesCoachError as error:
            self._show_failure(f"The fit ratings cannot be read right now: {error}")
            return
        self._loading = True
        for key, box in self.ratings_boxes.items():
            box.setValue(stored.ratings.get(key, NOT_RATED))
        for key, box in self.knockout_boxes.items():
            box.setChecked(key in stored.knockouts)
        self._loading = False
        self._unsaved = False
        self._show_result()

    def flush(self) -> bool:
        """Save what is on screen if it is not on disk yet; True when it is."""
        if not self._unsaved:
            return True
        try:
            self.services.fit.rate(self.prospect_id, self.ratings(), self.ticked_knockouts())
        except SalesCoachError as error:
            self._show_failure(
                f"Fit not saved: {error} Your ratings are kept here and saved with your next "
                "change."
            )
            return False
        self._unsaved = False
        self.retry.hide()
        self.status.setStyleSheet("")
        self.status.setText(f"Saved {datetime.now():%H:%M}")
        self.changed.emit()
        return True

    # --- inside ---------------------------------------------------------------------------------

    def _build(self) -> None:
        """One row per criterion and one box per knock-out, from the scorecard."""
        for layout in (self.rows, self.knockouts):
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
        self.ratings_boxes.clear()
        self.knockout_boxes.clear()

        for column, title in enumerate(("Criterion", "Weight", "Rating (0-10)")):
            heading = QLabel(f"<b>{title}</b>", self)
            alignment = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            self.rows.addWidget(heading, 0, column, alignment)
        for row, criterion in enumerate(self.card.criteria, start=1):
            label = QLabel(criterion.label, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            weight = QLabel(str(criterion.weight), self)
            weight.setToolTip(f"Up to {criterion.weight} of the 100 points")
            box = QSpinBox(self)
            box.setObjectName(f"fit-rating-{criterion.key}")
            box.setRange(NOT_RATED, MAX_RATING)
            box.setSpecialValueText("Not rated")
            box.setAlignment(Qt.AlignmentFlag.AlignRight)
            box.setAccessibleName(f"{criterion.label} rating, 0 to 10")
            box.setToolTip("Up and Down change the rating, or type 0-10; Page Down clears it")
            box.setKeyboardTracking(True)
            box.valueChanged.connect(self._edited)
            label.setBuddy(box)
            self.rows.addWidget(label, row, 0)
            self.rows.addWidget(weight, row, 1, Qt.AlignmentFlag.AlignRight)
            self.rows.addWidget(box, row, 2)
            self.ratings_boxes[criterion.key] = box

        if self.card.knockouts:
            title = QLabel("<b>Knock-outs</b> (any one excludes the prospect)", self)
            self.knockouts.addWidget(title)
        for knockout in self.card.knockouts:
            box = QCheckBox(knockout.label.replace("&", "&&"), self)
            box.setObjectName(f"fit-knockout-{knockout.key}")
            box.toggled.connect(self._edited)
            self.knockouts.addWidget(box)
            self.knockout_boxes[knockout.key] = box

    def _edited(self) -> None:
        if self._loading:
            return
        self._unsaved = True
        self._show_result()
        self.flush()

    def _show_result(self) -> None:
        result = self.result()
        self.badge.show_tier(result.tier)
        if result.scored:
            self.score_label.setText(f"Fit score <b>{result.score}</b> of 100")
        else:
            self.score_label.setText("Fit score: not rated yet")
        labels = [self.card.criterion(key).label for key in result.missing]
        if result.tier == "excluded":
            names = [k.label for k in self.card.knockouts if k.key in result.knockouts]
            self.missing_label.setText("Excluded by: " + "; ".join(names))
        elif result.scored and labels:
            self.missing_label.setText(f"Not rated yet (counted as 0): {', '.join(labels)}")
        elif not result.scored:
            self.missing_label.setText("Rate each criterion from 0 (poor fit) to 10 (ideal).")
        else:
            self.missing_label.setText("")
        self.missing_label.setVisible(bool(self.missing_label.text()))

    def _show_failure(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet(FAILED_STYLE)
        self.retry.show()
