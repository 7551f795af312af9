"""The step tracker: the six steps in a row, what each has done and what is still missing.

Done steps carry a tick, the current one is highlighted and marked, later ones are dim: the
state reads from the words and marks, never from colour alone. Choosing a step (click, or the
focus landing on it) shows its checklist; the menu sets the step by hand or gives it back.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.domain.prospect import STAGE_LABELS, STAGES
from salescoach.domain.steps import StepStatus
from salescoach.ui.layout import accept_cancel_buttons

CHECK = "\u2713"
CURRENT = "\u25b6"  # a right-pointing triangle: "you are here"
OPEN = "\u25cb"  # a hollow circle: still to do

_CURRENT_STYLE = (
    "QToolButton { background: palette(highlight); color: palette(highlighted-text);"
    " font-weight: bold; border-radius: 4px; padding: 4px 10px; }"
)
_OTHER_STYLE = "QToolButton { padding: 4px 10px; }"
# The step on screen is underlined, whatever its state: "you are looking at this one".
_SHOWN_STYLE = "QToolButton:checked { border-bottom: 3px solid palette(text); }"


class StepButton(QToolButton):
    focused = Signal(str)
    """The keyboard landed on this step (carries the step)."""

    def __init__(self, step: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:  # a click says so itself
            self.focused.emit(self.step)


def step_marks(status: StepStatus) -> dict[str, tuple[str, str]]:
    """Per step: (state, text) where state is done, behind (passed, items missing),
    current or upcoming."""
    current = STAGES.index(status.step)
    marks = {}
    for index, step in enumerate(STAGES):
        check = status.check(step)
        label = f"{index + 1} {STAGE_LABELS[step]}"
        if index == current:
            marks[step] = ("current", f"{CURRENT} {label}")
        elif index < current and check.ready:
            marks[step] = ("done", f"{CHECK} {label}")
        elif index < current:
            count = len(check.missing)
            marks[step] = ("behind", f"{OPEN} {label} ({count} to do)")
        else:
            marks[step] = ("upcoming", label)
    return marks


def checklist_lines(status: StepStatus, step: str) -> list[str]:
    """What is done for `step` and what is missing to move on; the first line is the title."""
    check = status.check(step)
    title = STAGE_LABELS[step] + (" (current step)" if step == status.step else "")
    lines = [title]
    lines += [f"{CHECK} {item}" for item in check.done]
    if check.missing:
        lines.append("Still missing to move on:")
        lines += [f"{OPEN} {item}" for item in check.missing]
    if step == "assure":
        lines.append("Never ends: the account cycles back to Target for expansion.")
    elif check.ready:
        lines.append("Ready to move on.")
    if status.override and step == status.step:
        lines.append(f"Set by hand; what has been done says {STAGE_LABELS[status.derived]}.")
    return lines


def checklist_html(lines: list[str]) -> str:
    """On one or two lines: the title, then the items side by side."""
    title, *rest = (escape(line) for line in lines)
    gap = "&nbsp;&nbsp;&nbsp; "
    return f"<b>{title}:</b>{gap}" + gap.join(rest)


class StepTracker(QWidget):
    stepChosen = Signal(str)
    """The rep chose a step to look at (click, arrow keys or focus)."""
    overrideRequested = Signal()
    """"Set step by hand..." was chosen."""
    followRequested = Signal()
    """"Follow what has been done" was chosen (clear the override)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: StepStatus | None = None
        self.selected = STAGES[0]
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, StepButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for step in STAGES:
            button = StepButton(step, self)
            button.setObjectName(f"step-{step}")
            button.clicked.connect(lambda _=False, s=step: self.stepChosen.emit(s))
            button.focused.connect(self.stepChosen)
            self.group.addButton(button)
            self.buttons[step] = button
            row.addWidget(button)
        row.addStretch(1)

        self.override_note = QLabel(self)
        self.override_note.setObjectName("override-note")
        row.addWidget(self.override_note)
        self.menu_button = QToolButton(self)
        self.menu_button.setText("Step")
        self.menu_button.setToolTip("Set the step by hand, or follow what has been done")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.set_action = menu.addAction("Set step by hand...")
        self.set_action.triggered.connect(self.overrideRequested)
        self.follow_action = menu.addAction("Follow what has been done")
        self.follow_action.triggered.connect(self.followRequested)
        self.menu_button.setMenu(menu)
        row.addWidget(self.menu_button)

        self.checklist = QLabel(self)
        self.checklist.setObjectName("step-checklist")
        self.checklist.setTextFormat(Qt.TextFormat.RichText)
        self.checklist.setWordWrap(True)
        self.checklist.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.checklist)

    def set_status(self, status: StepStatus) -> None:
        self.status = status
        dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for step, (state, text) in step_marks(status).items():
            button = self.buttons[step]
            button.setText(text)
            button.setProperty("state", state)
            if state == "current":
                style = _CURRENT_STYLE
            elif state == "upcoming":
                style = _OTHER_STYLE + f"QToolButton {{ color: {dim.name()}; }}"
            else:
                style = _OTHER_STYLE
            button.setStyleSheet(style + _SHOWN_STYLE)
            check = status.check(step)
            button.setToolTip(_tooltip(state, check.missing))
            button.setAccessibleName(f"{STAGE_LABELS[step]}: {_state_words(state)}")
        overridden = status.override is not None
        self.override_note.setText("Step set by hand" if overridden else "")
        self.follow_action.setEnabled(overridden)
        self.show_step(self.selected)

    def show_step(self, step: str) -> None:
        """Mark `step` as the one looked at and show its checklist."""
        self.selected = step
        self.buttons[step].setChecked(True)
        if self.status is not None:
            self.checklist.setText(checklist_html(checklist_lines(self.status, step)))
            self.checklist.setAccessibleName(" ".join(checklist_lines(self.status, step)))

    def checklist_text(self) -> str:
        """The checklist shown, as plain lines."""
        if self.status is None:
            return ""
        return "\n".join(checklist_lines(self.status, self.selected))


def _state_words(state: str) -> str:
    return {
        "done": "done",
        "behind": "passed, with items still to do",
        "current": "current step",
        "upcoming": "still to come",
    }[state]


def _tooltip(state: str, missing: tuple[str, ...]) -> str:
    words = _state_words(state).capitalize()
    if missing and state != "upcoming":
        return words + ". Missing: " + "; ".join(missing)
    return words


class StepOverrideDialog(QDialog):
    """Put the prospect on a step by hand; it stays there until given back."""

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set the step by hand")
        self.steps = QComboBox(self)
        self.steps.setObjectName("override-step")
        for step in STAGES:
            self.steps.addItem(STAGE_LABELS[step], step)
        self.steps.setCurrentIndex(STAGES.index(current))
        explanation = QLabel(
            "The prospect stays on this step until you choose "
            '"Follow what has been done" in the Step menu.',
            self,
        )
        explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Step:", self.steps)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(accept_cancel_buttons(self, "Set step"))

    @classmethod
    def ask(cls, parent: QWidget | None, current: str) -> str | None:
        dialog = cls(current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return str(dialog.steps.currentData())
