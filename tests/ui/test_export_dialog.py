"""File > Export data: choose a folder and a format, export, read what was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from salescoach.services.demo import add_demo_data
from salescoach.services.exports import ExportService
from salescoach.ui.background import wait_for_all
from salescoach.ui.export_dialog import ExportDialog, default_folder

KINDS = ("prospects", "people", "meetings", "needs")


@pytest.fixture(autouse=True)
def _no_thread_left_behind():
    yield
    assert wait_for_all(10_000)


@pytest.fixture
def dialog(qtbot, services, tmp_path) -> ExportDialog:
    add_demo_data(services)
    created = ExportDialog(ExportService(services.paths.database), tmp_path / "unused")
    qtbot.addWidget(created)
    created.show()
    qtbot.waitExposed(created)
    return created


def _type_folder(qtbot, dialog: ExportDialog, folder: Path) -> None:
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, str(folder))


def _export(qtbot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)


def test_exporting_csv_writes_the_files_and_says_where(qtbot, dialog, tmp_path):
    _type_folder(qtbot, dialog, tmp_path / "crm")
    _export(qtbot, dialog)
    assert sorted(path.name for path in (tmp_path / "crm").iterdir()) == sorted(
        f"{kind}.csv" for kind in KINDS
    )
    assert dialog.status.text().splitlines()[:3] == [
        f"Written in {tmp_path / 'crm'}:",
        "6 prospects: prospects.csv",
        "8 contacts: people.csv",
    ]
    assert dialog.progress.isHidden()
    assert dialog.export_button.text() == "&Export"


def test_json_is_a_choice(qtbot, dialog, tmp_path):
    _type_folder(qtbot, dialog, tmp_path / "crm")
    on_the_button = QPoint(8, dialog.json.height() // 2)
    qtbot.mouseClick(dialog.json, Qt.MouseButton.LeftButton, pos=on_the_button)
    assert dialog.chosen_format() == "json"
    _export(qtbot, dialog)
    prospects = json.loads((tmp_path / "crm" / "prospects.json").read_text(encoding="utf-8"))
    assert len(prospects) == 6


def test_browse_fills_the_folder(qtbot, dialog, tmp_path, monkeypatch):
    chosen = tmp_path / "chosen"
    monkeypatch.setattr(ExportDialog, "ask_folder", classmethod(lambda cls, parent, start: chosen))
    browse = dialog.findChild(QPushButton, "export-browse")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert dialog.folder.text() == str(chosen)


def test_a_folder_that_cannot_be_written_is_explained(qtbot, dialog, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    _type_folder(qtbot, dialog, blocker / "crm")
    _export(qtbot, dialog)
    assert dialog.status.text().startswith("Nothing was exported.")
    assert "could not be written" in dialog.status.text()


def test_an_empty_folder_is_asked_for(qtbot, dialog):
    dialog.folder.clear()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.task is None
    assert dialog.status.text() == "Choose the folder to write the files in."


def test_run_offers_a_folder_in_documents(qtbot, services, tmp_path, monkeypatch):
    seen: list[str] = []

    def look(dialog: ExportDialog) -> int:
        qtbot.addWidget(dialog)
        seen.append(dialog.folder.text())
        return 0

    monkeypatch.setattr(ExportDialog, "exec", look)
    ExportDialog.run(services)
    assert seen == [str(default_folder(services))]
    assert Path(seen[0]).name == "SalesCoach export"
