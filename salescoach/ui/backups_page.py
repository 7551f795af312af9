"""Settings > Backups: every copy of the rep's data, a backup by hand, and a restore.

The list shows at once; what each copy holds is read afterwards on a thread of its own (opening
a large copy takes a moment), read-only, never changing the copy.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME
from salescoach.errors import SalesCoachError
from salescoach.services.backups import ROTATION, Backup, BackupService
from salescoach.ui.background import BackgroundTask
from salescoach.ui.backup_labels import contents_label, reason_label, size_label, when_label
from salescoach.ui.backup_scheduler import PERIODIC_BACKUP_MINUTES, BackupScheduler

Index = QModelIndex | QPersistentModelIndex
READING = "Reading..."


class BackupListModel(QAbstractTableModel):
    """One row per backup, newest first: when, why, size, what it holds."""

    HEADERS = ("Taken", "Why", "Size", "What it holds")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backups: list[Backup] = []
        self._contents: dict[Path, str] = {}

    def set_backups(self, backups: list[Backup]) -> None:
        self.beginResetModel()
        self._backups = list(backups)
        known = {backup.path for backup in backups}
        self._contents = {path: text for path, text in self._contents.items() if path in known}
        self.endResetModel()

    def set_contents(self, item: tuple[Path, str]) -> None:
        """(backup file, what it holds), as the reading thread sends them."""
        path, text = item
        self._contents[path] = text
        for row, backup in enumerate(self._backups):
            if backup.path == path:
                index = self.index(row, 3)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def backup(self, row: int) -> Backup:
        return self._backups[row]

    def contents(self, path: Path) -> str:
        return self._contents.get(path, READING)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._backups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._backups):
            return None
        backup = self._backups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return _capitalised(when_label(backup.taken_at))
            if column == 1:
                return reason_label(backup.reason)
            if column == 2:
                return size_label(backup.size)
            if column == 3:
                return self.contents(backup.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BackupsPage(QWidget):
    restoreStarted = Signal()
    """The rep confirmed a restore: the dialog holding this page should close."""

    def __init__(
        self, backups: BackupService, scheduler: BackupScheduler, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backups = backups
        self.scheduler = scheduler
        self._reader: BackgroundTask | None = None
        self._confirmed_manual = False  # the status confirms a copy the rep asked for

        intro = QLabel(
            f"SalesCoach copies your data when it starts, every {PERIODIC_BACKUP_MINUTES} "
            "minutes while you work (if anything changed) and when you quit. It keeps the "
            f"latest {ROTATION.recent} copies, one a day for {ROTATION.daily} days, and the "
            f"latest {ROTATION.milestones} made by you or before an upgrade or a restore.",
            self,
        )
        intro.setWordWrap(True)
        self.model = BackupListModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("backup-list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("backup-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status_row = QHBoxLayout()
        status_row.addWidget(self.progress)
        status_row.addWidget(self.status, stretch=1)

        self.backup_button = QPushButton("Back &up now", self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore...", self)
        self.restore_button.setToolTip(
            "Put the selected backup back; your current data is kept as a backup first"
        )
        self.restore_button.clicked.connect(self.restore_selected)
        folder_button = QPushButton("Open backups &folder", self)
        folder_button.setToolTip(str(backups.folder))
        folder_button.clicked.connect(self._open_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch()
        buttons.addWidget(folder_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(status_row)
        layout.addLayout(buttons)

        scheduler.started.connect(self._on_started)
        scheduler.progressed.connect(self._on_progress)
        scheduler.finished.connect(self._on_finished)
        scheduler.failed.connect(self._on_failed)
        if scheduler.is_busy():
            self._on_started("")
        elif scheduler.last_error:
            self._show_error(f"The last backup failed: {scheduler.last_error}")
        self.refresh()

    # --- the list -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.stop_reading()
        backups = self.backups.backups()
        self.model.set_backups(backups)
        if backups:
            self.table.selectRow(0)
        elif not self.status.text():
            self.status.setText("No backups yet. Back up now to make the first one.")
        self._update_buttons()
        self._read_contents(backups)

    def _read_contents(self, backups: list[Backup]) -> None:
        if not backups:
            return
        service = self.backups

        def read(task: BackgroundTask) -> None:
            for backup in backups:
                if task.cancelled:
                    return
                try:
                    text = contents_label(service.contents(backup))
                except SalesCoachError:
                    text = "Cannot be read: this copy may be damaged"
                task.send((backup.path, text))

        reader = BackgroundTask(read, "reading backups")
        reader.sent.connect(self.model.set_contents)  # a bound slot: dropped with the model
        self._reader = reader
        reader.start_now()

    def stop_reading(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            self._reader = None

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        can_restore = self.scheduler.can_restore()
        self.restore_button.setEnabled(can_restore and self.selected() is not None)
        if not can_restore:
            self.restore_button.setToolTip("Restore with the command: salescoach restore FILE")

    # --- backing up -----------------------------------------------------------------------------

    def back_up_now(self) -> None:
        if not self.scheduler.back_up("manual") and self.scheduler.is_waiting():
            self.status.setText("Waiting for the backup under way to finish...")

    def _on_started(self, reason: str) -> None:
        self.backup_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        if self._keeps_confirmation(reason):
            return
        self.status.setStyleSheet("")
        self.status.setText("Backing up...")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, reason: str, path: Path) -> None:
        self._idle()
        self.refresh()
        if self._keeps_confirmation(reason):
            return  # the automatic copy shows in the list
        self.status.setStyleSheet("")
        self.status.setText(f"Backed up {when_label(datetime.now(UTC))}: {path.name}")
        self._confirmed_manual = reason == "manual"

    def _keeps_confirmation(self, reason: str) -> bool:
        """An automatic copy that follows the rep's own leaves its confirmation on screen."""
        return self._confirmed_manual and reason != "manual"

    def _on_failed(self, _reason: str, message: str) -> None:
        self._idle()
        self._confirmed_manual = False
        self._show_error(message)

    def _idle(self) -> None:
        if self.scheduler.is_busy():
            return
        self.backup_button.setEnabled(True)
        self.progress.hide()

    def _show_error(self, message: str) -> None:
        self.status.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 4px")
        self.status.setText(message)

    # --- restoring ------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None or not self.scheduler.can_restore():
            return
        contents = self.model.contents(backup.path)
        if not RestoreConfirmation.ask(self, when_label(backup.taken_at), contents):
            return
        self.stop_reading()
        self.scheduler.request_restore(backup.path)
        self.restoreStarted.emit()

    def _open_folder(self) -> None:
        folder = self.backups.folder
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class RestoreConfirmation:
    """'Restore the backup from ...? Your current data will be kept as a backup first.'"""

    @classmethod
    def ask(cls, parent: QWidget, when: str, contents: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, APP_NAME, f"Restore the backup from {when}?", parent=parent
        )
        holds = "" if contents == READING else f"It holds {contents}.\n\n"
        box.setInformativeText(
            f"{holds}Your current data will be kept as a backup first, so you can come back to "
            "it from this list.\n\nSalesCoach saves and closes your open meetings and summaries, "
            "puts the backup in place and reopens with it."
        )
        restore_button = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is restore_button
