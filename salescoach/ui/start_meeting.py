"""Choose how to meet a prospect: resume an unfinished meeting or start a new discovery."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salescoach.services.container import Services
from salescoach.ui.layout import accept_cancel_buttons


@dataclass(frozen=True)
class MeetingChoice:
    resume_id: int | None  # an unfinished meeting to continue, or None for a new one
    playbook_id: str
    prefill: bool


class StartMeetingDialog(QDialog):
    def __init__(self, services: Services, prospect_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        company = services.prospects.get(prospect_id)["company"]
        self.setWindowTitle(f"Meet {company}")
        layout = QVBoxLayout(self)
        meetings = services.interviews.for_prospect(prospect_id)
        unfinished = [m for m in meetings if m["status"] == "in_progress"]
        self.resume_list = QListWidget(self)
        self.resume_list.setObjectName("resume-list")
        new_item = QListWidgetItem("Start a new discovery meeting")
        new_item.setData(Qt.ItemDataRole.UserRole, None)
        self.resume_list.addItem(new_item)
        for meeting in unfinished:
            title = meeting["title"] or meeting["playbook_title"]
            item = QListWidgetItem(f"Resume: {title}, started {meeting['started_at'][:10]}")
            item.setData(Qt.ItemDataRole.UserRole, meeting["id"])
            self.resume_list.addItem(item)
        self.resume_list.setCurrentRow(1 if unfinished else 0)
        self.resume_list.setMaximumHeight(self.resume_list.sizeHintForRow(0) * 4 + 8)
        layout.addWidget(QLabel(f"<h3>{company}</h3>", self))
        layout.addWidget(self.resume_list)

        form = QFormLayout()
        self.playbook = QComboBox(self)
        self.playbook.setObjectName("playbook-choice")
        default = services.settings.default_playbook()
        for loaded in services.playbooks.library().sorted():
            self.playbook.addItem(loaded.playbook.title, loaded.playbook.id)
        self.playbook.setCurrentIndex(max(self.playbook.findData(default), 0))
        self.prefill = QCheckBox("Start from the last meeting's answers", self)
        self.prefill.setObjectName("prefill")
        self.prefill.setEnabled(bool(meetings))
        self.prefill.setChecked(bool(meetings))
        self.prefill.setToolTip("Answers are carried over; any you change show the earlier one")
        form.addRow("&Playbook:", self.playbook)
        form.addRow("", self.prefill)
        layout.addLayout(form)
        self.resume_list.currentRowChanged.connect(self._update_new_options)
        self._update_new_options()

        layout.addWidget(accept_cancel_buttons(self, "Open meeting"))

    def _update_new_options(self) -> None:
        new = self.choice().resume_id is None
        self.playbook.setEnabled(new)
        self.prefill.setVisible(new)

    def choice(self) -> MeetingChoice:
        item = self.resume_list.currentItem()
        resume_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        return MeetingChoice(
            resume_id,
            self.playbook.currentData(),
            self.prefill.isEnabled() and self.prefill.isChecked(),
        )

    @classmethod
    def ask(
        cls, services: Services, prospect_id: int, parent: QWidget | None
    ) -> MeetingChoice | None:
        dialog = cls(services, prospect_id, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
