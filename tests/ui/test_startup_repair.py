"""A damaged database at start: explained, with an offer to put back the latest good backup; the
damaged file is kept under a name IT can find, and SalesCoach then opens normally."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from shared_helpers import companies_in, demo_data_with_a_backup

from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.storage.backups import list_backups
from salescoach.ui import background
from salescoach.ui.application import create_application, open_main_window
from salescoach.ui.startup_repair import StartupRepair


@pytest.fixture(autouse=True)
def _threads_finish():
    yield
    assert background.wait_for_all(30_000)


class Answers:
    """Stands in for the rep at the start-up dialogs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, restore: bool) -> None:
        self.asked: list[tuple[str, str, Path]] = []
        self.told: list[str] = []
        self.errors: list[str] = []
        monkeypatch.setattr(
            StartupRepair,
            "ask",
            classmethod(
                lambda cls, problem, when, db: self.asked.append((problem, when, db)) or restore
            ),
        )
        monkeypatch.setattr(
            StartupRepair, "tell", classmethod(lambda cls, parent, note: self.told.append(note))
        )


def _truncate(path: Path) -> bytes:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path.read_bytes()


def test_a_damaged_database_is_replaced_by_the_latest_good_backup(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    create_application()
    backup = demo_data_with_a_backup(tmp_path)
    damaged = _truncate(tmp_path / "salescoach.db")
    rep = Answers(monkeypatch, restore=True)
    errors: list[str] = []

    window = open_main_window(DataPaths(tmp_path), build_services, show_error=errors.append)

    assert window is not None and errors == []
    qtbot.addWidget(window)
    (problem, when, database) = rep.asked[0]
    assert "damaged" in problem and database == tmp_path / "salescoach.db"
    assert when.startswith("today ")
    assert window.services.prospects.count() == 6  # opened normally, with the backup's data
    (kept,) = tmp_path.glob("salescoach-damaged-*.db")
    assert kept.read_bytes() == damaged  # moved aside, untouched
    qtbot.waitUntil(lambda: bool(rep.told))
    assert str(kept) in rep.told[0] and "restored" in rep.told[0]
    assert backup.exists()  # the backup itself stays in the list
    window.services.close()


def test_the_rep_may_decline_and_nothing_is_touched(qtbot, tmp_path: Path, monkeypatch) -> None:
    create_application()
    demo_data_with_a_backup(tmp_path)
    database = tmp_path / "salescoach.db"
    damaged = _truncate(database)
    rep = Answers(monkeypatch, restore=False)
    window = open_main_window(DataPaths(tmp_path), build_services, show_error=rep.errors.append)
    assert window is None and len(rep.asked) == 1
    assert database.read_bytes() == damaged
    assert list(tmp_path.glob("salescoach-damaged-*")) == []


def test_a_zero_byte_database_without_backups_says_what_to_do(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    create_application()
    database = tmp_path / "salescoach.db"
    database.write_bytes(b"")
    rep = Answers(monkeypatch, restore=True)
    window = open_main_window(DataPaths(tmp_path), build_services, show_error=rep.errors.append)
    assert window is None and rep.asked == []  # nothing to offer
    (message,) = rep.errors
    assert "is empty" in message and str(database) in message
    assert "No backup" in message and "start afresh" in message
    assert database.read_bytes() == b""


def test_a_damaged_newest_backup_is_passed_over_for_an_older_good_one(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    create_application()
    good_path = demo_data_with_a_backup(tmp_path)
    (good_backup,) = list_backups(tmp_path / "backups")
    newer = good_path.with_name(
        f"salescoach-{good_backup.taken_at + timedelta(minutes=5):%Y%m%d-%H%M%S}Z-periodic.db"
    )
    newer.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    _truncate(tmp_path / "salescoach.db")
    rep = Answers(monkeypatch, restore=True)
    window = open_main_window(DataPaths(tmp_path), build_services, show_error=rep.errors.append)
    assert window is not None
    qtbot.addWidget(window)
    assert companies_in(tmp_path / "salescoach.db") == companies_in(good_path)
    window.services.close()
