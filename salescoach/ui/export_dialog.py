"""File > Export data: prospects, contacts, meetings and needs as files a CRM can import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from salescoach import APP_NAME
from salescoach.domain.import_report import plural
from salescoach.services.cancellable import Cancelled
from salescoach.services.container import Services
from salescoach.services.exports import ExportedFile, ExportService
from salescoach.ui.background import BackgroundTask

PROGRESS_RANGE = 1000


class ExportDialog(QDialog):
    def __init__(
        self, exporter: ExportService, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.exporter = exporter
        self.task: BackgroundTask | None = None
        self.written: list[ExportedFile] = []
        self.setWindowTitle(f"Export data - {APP_NAME}")

        intro = QLabel(
            "Writes one file each for your prospects (with their main contact), contacts, "
            "meetings and needs, ready to import into a CRM. Prospects in the trash are left out.",
            self,
        )
        intro.setWordWrap(True)
        self.folder = QLineEdit(str(folder), self)
        self.folder.setObjectName("export-folder")
        browse = QPushButton("&Browse...", self)
        browse.setObjectName("export-browse")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, stretch=1)
        folder_row.addWidget(browse)
        self.csv = QRadioButton("&CSV, for spreadsheets and most CRMs", self)
        self.csv.setObjectName("export-csv")
        self.csv.setChecked(True)
        self.json = QRadioButton("&JSON, for scripts and integrations", self)
        self.json.setObjectName("export-json")
        formats = QVBoxLayout()
        formats.addWidget(self.csv)
        formats.addWidget(self.json)
        folder_label = QLabel("&Folder:", self)
        folder_label.setBuddy(self.folder)
        form = QFormLayout()
        form.addRow(folder_label, folder_row)
        form.addRow("Format:", formats)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("export-progress")
        self.progress.setRange(0, PROGRESS_RANGE)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("export-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setObjectName("export-start")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    def chosen_format(self) -> str:
        return "json" if self.json.isChecked() else "csv"

    def start_export(self) -> None:
        text = self.folder.text().strip()
        if not text:
            self.status.setText("Choose the folder to write the files in.")
            return
        if self.task is not None:  # a second click while running cancels, as the label says
            self.task.cancel()
            return
        exporter, folder, fmt = self.exporter, Path(text).expanduser(), self.chosen_format()

        def work(task: BackgroundTask) -> list[ExportedFile] | None:
            def progress(done: int, total: int) -> None:
                task.progress(done * PROGRESS_RANGE // max(total, 1), PROGRESS_RANGE)

            try:
                return exporter.export(
                    folder, fmt, progress=progress, cancelled=lambda: task.cancelled
                )
            except Cancelled:
                return None

        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(f"Writing to {folder}...")
        self.export_button.setText("&Cancel export")
        self.task = BackgroundTask(work, "exporting data")
        self.task.progressed.connect(lambda done, _total: self.progress.setValue(done))
        self.task.succeeded.connect(self._export_finished)
        self.task.failed.connect(self._export_failed)
        self.task.start_now()

    def _export_finished(self, written: list[ExportedFile] | None) -> None:
        self._stopped()
        if written is None:
            self._say("The export was cancelled: no file was written or replaced.")
            return
        self.written = written
        folder = written[0].path.parent if written else ""
        lines = [f"{plural(f.count, f.noun)}: {f.path.name}" for f in written]
        self._say(f"Written in {folder}:\n" + "\n".join(lines))

    def _export_failed(self, message: str) -> None:
        self._stopped()
        self._say(f"Nothing was exported. {message}")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _stopped(self) -> None:
        self.task = None
        self.progress.hide()
        self.export_button.setText("&Export")

    def _browse(self) -> None:
        chosen = self.ask_folder(self, Path(self.folder.text().strip() or Path.home()))
        if chosen is not None:
            self.folder.setText(str(chosen))

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
            QApplication.sendPostedEvents(self)
        super().reject()

    @classmethod
    def ask_folder(cls, parent: QWidget | None, start: Path) -> Path | None:
        """The folder for the files; replaced in tests."""
        chosen = QFileDialog.getExistingDirectory(parent, "Export data to a folder", str(start))
        return Path(chosen) if chosen else None

    @classmethod
    def run(cls, services: Services, parent: QWidget | None = None) -> None:
        """File > Export data."""
        exporter = ExportService(services.paths.database, services.data_file)
        cls(exporter, default_folder(services), parent).exec()


def default_folder(services: Services) -> Path:
    """The rep's Documents folder, where a CRM's upload window will find the files."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = Path(documents) if documents else services.paths.basedir
    return base / "SalesCoach export"
