"""New prospect (Ctrl+N): a company and, if the rep has one, a first contact."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from salescoach import APP_NAME
from salescoach.ui.layout import Button, accept_cancel_buttons


@dataclass(frozen=True)
class NewProspect:
    company: str
    contact_name: str = ""
    contact_email: str = ""


class NewProspectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"New prospect - {APP_NAME}")
        self.company = QLineEdit(self)
        self.company.setObjectName("new-company")
        self.company.setPlaceholderText("Company name")
        self.contact_name = QLineEdit(self)
        self.contact_name.setObjectName("new-contact-name")
        self.contact_name.setPlaceholderText("Optional")
        self.contact_email = QLineEdit(self)
        self.contact_email.setObjectName("new-contact-email")
        self.contact_email.setPlaceholderText("Optional")
        self.hint = QLabel(self)
        self.hint.setObjectName("new-prospect-hint")
        self.hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Company:", self.company)
        form.addRow("Contact &name:", self.contact_name)
        form.addRow("Contact &email:", self.contact_email)
        self.buttons = accept_cancel_buttons(self, "Add and open")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        for field in (self.company, self.contact_name, self.contact_email):
            field.textChanged.connect(self._check)
        self._check()
        self.resize(420, self.sizeHint().height())

    def _problem(self) -> str:
        """What stops the prospect being added, in the rep's words; '' when nothing does."""
        if not self.company.text().strip():
            return "A company name is all that is needed to start."
        email = self.contact_email.text().strip()
        if email and not self.contact_name.text().strip():
            return "Give the contact's name with the email address."
        if email and ("@" not in email or " " in email):
            return "That email address does not look complete."
        return ""

    def _check(self) -> None:
        problem = self._problem()
        self.hint.setText(problem)
        self.buttons.button(Button.Ok).setEnabled(not problem)

    def value(self) -> NewProspect:
        return NewProspect(
            self.company.text().strip(),
            self.contact_name.text().strip(),
            self.contact_email.text().strip(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> NewProspect | None:
        dialog = cls(parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.value()
        dialog.deleteLater()
        return value if accepted else None
