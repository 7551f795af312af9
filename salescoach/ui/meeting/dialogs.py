"""Dialogs of meeting mode. Each has an `ask()` classmethod that tests can replace."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from salescoach.errors import SalesCoachError
from salescoach.services.interviews import InterviewService
from salescoach.ui.layout import accept_cancel_buttons

OUTCOME_CHOICES = (
    ("advance", "&Advance", "The client committed to a concrete next action."),
    ("continuation", "&Continuation", "We talk again, but nothing firm was agreed."),
    (
        "no_fit",
        "&No fit",
        "Our offer is not right for them. Forgoing the sale is a good outcome: keep the friend.",
    ),
    ("lost", "&Lost", "They chose another way."),
)


@dataclass(frozen=True)
class MeetingEnd:
    outcome: str
    next_step: str
    client_action: str
    next_date: str  # ISO date, or "" when none was agreed


class EndMeetingDialog(QDialog):
    """How the meeting ended and the one clear next step, with the client's own action."""

    def __init__(
        self,
        next_step: str = "",
        parent: QWidget | None = None,
        previous: MeetingEnd | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("End the meeting")
        self.outcomes = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>How did the meeting end?</b>", self))
        for index, (value, label, hint) in enumerate(OUTCOME_CHOICES):
            button = QRadioButton(label.replace("&", "") + f"  ({hint})", self)
            button.setObjectName(f"outcome-{value}")
            button.setProperty("outcome", value)
            self.outcomes.addButton(button, index)
            layout.addWidget(button)
        self.outcomes.button(0).setChecked(True)
        self.no_fit_note = QLabel(
            "Recorded as no fit, not as a loss: you forgo this sale and keep the relationship. "
            "A short thank-you note keeps the door open.",
            self,
        )
        self.no_fit_note.setObjectName("no-fit-note")
        self.no_fit_note.setWordWrap(True)
        self.no_fit_note.hide()
        self.outcomes.buttonToggled.connect(
            lambda *_: self.no_fit_note.setVisible(self._outcome() == "no_fit")
        )
        layout.addWidget(self.no_fit_note)
        form = QFormLayout()
        self.next_step = QLineEdit(next_step, self)
        self.next_step.setObjectName("next-step")
        self.next_step.setPlaceholderText("The one clear next step")
        self.client_action = QLineEdit(self)
        self.client_action.setObjectName("client-action")
        self.client_action.setPlaceholderText("What the client will do")
        self.next_date = QDateEdit(QDate.currentDate().addDays(7), self)
        self.next_date.setObjectName("next-date")
        self.next_date.setCalendarPopup(True)
        self.next_date.setDisplayFormat("d MMM yyyy")
        form.addRow("&Next step:", self.next_step)
        form.addRow("Client's &action:", self.client_action)
        form.addRow("&By:", self.next_date)
        layout.addLayout(form)
        layout.addWidget(accept_cancel_buttons(self, "End meeting"))
        if previous is not None:
            self._restore(previous)

    def _restore(self, previous: MeetingEnd) -> None:
        """What the rep chose last time, when that end could not be saved."""
        for button in self.outcomes.buttons():
            button.setChecked(button.property("outcome") == previous.outcome)
        self.next_step.setText(previous.next_step)
        self.client_action.setText(previous.client_action)
        chosen = QDate.fromString(previous.next_date, Qt.DateFormat.ISODate)
        if chosen.isValid():
            self.next_date.setDate(chosen)

    def _outcome(self) -> str:
        return str(self.outcomes.checkedButton().property("outcome"))

    def result_value(self) -> MeetingEnd:
        return MeetingEnd(
            outcome=self._outcome(),
            next_step=self.next_step.text().strip(),
            client_action=self.client_action.text().strip(),
            next_date=self.next_date.date().toString(Qt.DateFormat.ISODate),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, next_step: str = "", previous: MeetingEnd | None = None
    ) -> MeetingEnd | None:
        dialog = cls(next_step, parent, previous)
        return dialog.result_value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class GateOverrideDialog(QDialog):
    """Open the gate early, on purpose, with a reason that is kept in the internal notes."""

    def __init__(self, missing: list[str], parent: QWidget | None = None, reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Talk solutions before the diagnosis is done?")
        layout = QVBoxLayout(self)
        items = "".join(f"<li>{text}</li>" for text in missing)
        explanation = QLabel(
            "<p>Prescription before diagnosis is malpractice. Still missing:</p>"
            f"<ul>{items}</ul><p>Why open solution ideas now? The reason is kept.</p>",
            self,
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("override-reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("e.g. The client asked for our approach before we finish")
        layout.addWidget(self.reason)
        buttons = accept_cancel_buttons(self, "Open solution ideas")
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        layout.addWidget(buttons)
        self.reason.setPlainText(reason)  # the reason from a try that could not be saved

    @classmethod
    def ask(cls, parent: QWidget | None, missing: list[str], reason: str = "") -> str | None:
        dialog = cls(missing, parent, reason)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.toPlainText().strip() or None


class SolutionIdeasDialog(QDialog):
    """Per confirmed need, the first idea of an approach: the start of Collaborate."""

    def __init__(
        self, interviews: InterviewService, interview_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Solution ideas")
        self.interviews = interviews
        self.interview_id = interview_id
        self.fields: dict[int, QLineEdit] = {}
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        try:
            gate = interviews.gate(interview_id)
            needs = interviews.needs(interview_id)
        except SalesCoachError as error:
            self.error.setText(f"The needs cannot be read right now. {error}")
            self.error.show()
            needs = []
        else:
            if gate.overridden:
                reason = QLabel(f"Opened early. Reason kept: {gate.override_reason}", self)
                reason.setTextFormat(Qt.TextFormat.PlainText)
                reason.setWordWrap(True)
                layout.addWidget(reason)
        form = QFormLayout()
        for need in needs:
            if need.status == "not_a_priority":
                continue
            field = QLineEdit(need.solution_idea, self)
            field.setPlaceholderText("Our first idea, in terms of this need")
            field.editingFinished.connect(lambda n=need.id, f=field: self._save(n, f))
            self.fields[need.id] = field
            label = QLabel(f"{need.rank}. {need.statement}", self)
            label.setWordWrap(True)
            form.addRow(label, field)
        if not self.fields:
            form.addRow(QLabel("No needs yet: ideas attach to the client's needs.", self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        layout.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)

    @classmethod
    def ask(cls, parent: QWidget | None, interviews: InterviewService, interview_id: int) -> None:
        cls(interviews, interview_id, parent).exec()

    def _save(self, need_id: int, field: QLineEdit) -> bool:
        try:
            self.interviews.set_solution_idea(self.interview_id, need_id, field.text().strip())
        except SalesCoachError as error:
            self.error.setText(f"Not saved: {error}\nYour ideas stay here; Close tries again.")
            self.error.show()
            return False
        return True

    def done(self, result: int) -> None:
        saved = [self._save(need_id, field) for need_id, field in self.fields.items()]
        if not all(saved) and not LoseIdeasQuestion.ask(self):
            return  # nothing typed is dropped without the rep saying so
        super().done(result)


class LoseIdeasQuestion:
    """Asked only when solution ideas could not be saved and the rep closes the dialog."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        answer = QMessageBox.warning(
            parent,
            "Solution ideas not saved",
            "Some solution ideas could not be saved yet.\n\nClose anyway and lose them?",
            QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Close


class NotSavedNotice:
    """A one-off action (ending the meeting, opening the gate) could not be saved."""

    @classmethod
    def ask(cls, parent: QWidget | None, message: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", message, parent=parent)
        box.setInformativeText(f"{details}\n\nWhat you chose is kept: try again in a moment.")
        box.exec()
