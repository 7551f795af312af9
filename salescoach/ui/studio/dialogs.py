"""Questions the studio asks. Each has an `ask()` classmethod that tests can replace."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from salescoach import APP_NAME


class DiscardEditsQuestion:
    """'Back to the generated draft' throws the rep's edits away: ask first."""

    @classmethod
    def ask(cls, parent: QWidget | None, version: str) -> bool:
        answer = QMessageBox.question(
            parent,
            APP_NAME,
            f"Go back to the generated draft?\n\nYour edits to the {version} version are "
            "dropped; the summary is filled in again from the meeting.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
