"""Settings: the rep's profile (it signs the summaries), the folders a team may share, and the
backups of the rep's data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services
from salescoach.services.settings import PROFILE_KEYS
from salescoach.ui.backup_scheduler import BackupScheduler
from salescoach.ui.backups_page import BackupsPage
from salescoach.ui.layout import accept_cancel_buttons
from salescoach.ui.scorecard_editor import ScorecardPage

PROFILE_LABELS = {
    "name": "&Name",
    "title": "&Title",
    "company": "&Company",
    "email": "&Email",
    "phone": "&Phone",
    "signature": "&Signature",
}


PREFERRED_HEIGHT = 720
SCREEN_MARGIN = 80  # the title bar and the taskbar


class FolderField(QWidget):
    """A folder path with a Browse button; empty means the default inside the data folder."""

    def __init__(self, current: Path, default: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default = default
        self.edit = QLineEdit("" if current == default else str(current), self)
        self.edit.setPlaceholderText(str(default))
        self.edit.setClearButtonEnabled(True)
        browse = QPushButton("Browse...", self)
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, stretch=1)
        layout.addWidget(browse)

    def folder(self) -> Path:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else self.default

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose a folder", str(self.folder()))
        if chosen:
            self.edit.setText(chosen)


class SettingsDialog(QDialog):
    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        scheduler: BackupScheduler | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(f"Settings - {APP_NAME}")
        settings = services.settings
        profile = settings.profile()

        profile_box = QGroupBox("Your profile (it signs your summaries)", self)
        profile_form = QFormLayout(profile_box)
        self.profile_fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key in PROFILE_KEYS:
            if key == "signature":
                field: QLineEdit | QPlainTextEdit = QPlainTextEdit(profile[key], profile_box)
                field.setTabChangesFocus(True)
                field.setFixedHeight(field.fontMetrics().lineSpacing() * 4 + 12)
            else:
                field = QLineEdit(profile[key], profile_box)
            field.setObjectName(f"profile-{key}")
            self.profile_fields[key] = field
            profile_form.addRow(PROFILE_LABELS[key] + ":", field)

        team_box = QGroupBox("Playbooks and templates", self)
        team_form = QFormLayout(team_box)
        self.default_playbook = QComboBox(team_box)
        self.default_playbook.setObjectName("default-playbook")
        for loaded in services.playbooks.library().sorted():
            self.default_playbook.addItem(loaded.playbook.title, loaded.playbook.id)
        index = self.default_playbook.findData(settings.default_playbook())
        self.default_playbook.setCurrentIndex(max(index, 0))
        paths = services.paths
        self.playbooks_folder = FolderField(settings.playbooks_folder(), paths.playbooks, team_box)
        self.templates_folder = FolderField(settings.templates_folder(), paths.templates, team_box)
        hint = QLabel(
            "Point these at a shared folder so the whole team uses the same playbooks and "
            "templates. Leave empty for the folders inside your data folder.",
            team_box,
        )
        hint.setWordWrap(True)
        team_form.addRow("&Default playbook:", self.default_playbook)
        team_form.addRow("Playbooks &folder:", self.playbooks_folder)
        team_form.addRow("Te&mplates folder:", self.templates_folder)
        team_form.addRow(hint)

        general = QWidget(self)
        general_layout = QVBoxLayout(general)
        general_layout.addWidget(profile_box)
        general_layout.addWidget(team_box)
        general_layout.addStretch()
        self.backups_page = BackupsPage(services.backups, _scheduler(self, scheduler), self)
        self.backups_page.restoreStarted.connect(self.reject)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(general, "Pr&ofile and playbooks")
        self.scorecard_page = ScorecardPage(services, self)
        self.tabs.addTab(self.scorecard_page, "F&it scorecard")
        self.tabs.addTab(self.backups_page, "&Backups")

        buttons = accept_cancel_buttons(self, accept=QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(760, self._comfortable_height())

    def _comfortable_height(self) -> int:
        """Tall enough to show the whole fit scorecard (tiers and knock-outs too) where the
        screen allows; it scrolls on a smaller one."""
        wanted = max(self.sizeHint().height(), PREFERRED_HEIGHT)
        screen = self.screen()
        if screen is None:
            return wanted
        return min(wanted, screen.availableGeometry().height() - SCREEN_MARGIN)

    def done(self, result: int) -> None:
        self.backups_page.stop_reading()
        super().done(result)

    def accept(self) -> None:
        if not self.scorecard_page.apply():  # the page says why
            self.tabs.setCurrentWidget(self.scorecard_page)
            return
        settings = self.services.settings
        profile = {
            key: field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
            for key, field in self.profile_fields.items()
        }
        playbooks = self.playbooks_folder.folder()
        templates = self.templates_folder.folder()
        try:
            settings.set_profile(**{key: value.strip() for key, value in profile.items()})
            settings.set_default_playbook(self.default_playbook.currentData())
            settings.set_playbooks_folder(
                None if playbooks == self.playbooks_folder.default else playbooks
            )
            settings.set_templates_folder(
                None if templates == self.templates_folder.default else templates
            )
        except SalesCoachError as error:  # nothing is lost: the dialog stays open as typed
            QMessageBox.warning(self, APP_NAME, f"Settings not saved: {error}")
            return
        self.services.playbooks.reload(playbooks)
        self.services.summaries.use_user_folder(templates)
        super().accept()

    @classmethod
    def ask(cls, services: Services, parent: QWidget | None) -> bool:
        return cls(services, parent).exec() == QDialog.DialogCode.Accepted


def _scheduler(dialog: SettingsDialog, given: BackupScheduler | None) -> BackupScheduler:
    """The running app's scheduler (a child of the main window), so a backup by hand queues
    behind an automatic one and a restore reaches the app; else one for this dialog alone."""
    if given is not None:
        return given
    window = dialog.parentWidget()
    found = window.findChild(BackupScheduler) if window is not None else None
    return found if found is not None else BackupScheduler(dialog.services.backups, parent=dialog)
