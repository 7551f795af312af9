"""Backups: consistent copies, rotation, a copy before each migration, and a safe restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from salescoach.app import main
from salescoach.errors import SalesCoachError
from salescoach.paths import DataPaths
from salescoach.services.backups import restore
from salescoach.storage.backups import KEEP_DAILY, KEEP_RECENT, list_backups, prune
from salescoach.storage.database import open_database
from salescoach.storage.migrations import MIGRATIONS


def companies(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT company FROM prospects ORDER BY id")]
    finally:
        conn.close()


def test_backup_and_restore_round_trip_keeping_the_current_data(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    assert main(["backup", "--basedir", str(tmp_path)]) == 0
    (backup,) = list_backups(tmp_path / "backups")
    with_demo = companies(backup.path)
    assert len(with_demo) == 6

    db = open_database(tmp_path / "salescoach.db")
    with db.atomic():
        db.execute("DELETE FROM needs")
        db.execute("DELETE FROM summaries")
        db.execute("DELETE FROM answer_history")
        db.execute("DELETE FROM answers")
        db.execute("DELETE FROM interviews")
        db.execute("DELETE FROM people")
        db.execute("DELETE FROM prospects WHERE company LIKE 'N%'")
    db.conn.close()
    capsys.readouterr()

    assert main(["restore", str(backup.path), "--basedir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "The data you had is kept in" in out
    assert companies(tmp_path / "salescoach.db") == with_demo
    kept = [b for b in list_backups(tmp_path / "backups") if b.reason == "before-restore"]
    assert len(kept) == 1 and len(companies(kept[0].path)) == 5


def test_restoring_over_a_damaged_file_sets_it_aside(tmp_path: Path) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    assert main(["backup", "--basedir", str(tmp_path)]) == 0
    (backup,) = list_backups(tmp_path / "backups")
    (tmp_path / "salescoach.db").write_bytes(b"scrambled")
    kept = restore(DataPaths(tmp_path), backup.path)
    assert kept is not None and kept.read_bytes() == b"scrambled"
    assert len(companies(tmp_path / "salescoach.db")) == 6


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(SalesCoachError, match="could not be restored"):
        restore(DataPaths(tmp_path), bad)
    assert len(companies(tmp_path / "salescoach.db")) == 6


def test_a_migration_is_preceded_by_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    conn = sqlite3.connect(path)
    old = sqlite_utils.Database(conn, execute_plugins=False)
    MIGRATIONS.apply(old, stop_before="m002_meeting_mode")  # a database of the first release
    old.table("prospects").insert({"company": "Acme", "created_at": "x", "updated_at": "x"})
    conn.close()

    open_database(path).conn.close()
    (backup,) = list_backups(tmp_path / "backups")
    assert backup.reason == "before-migration"
    assert companies(backup.path) == ["Acme"]
    assert companies(path) == ["Acme"]


def test_rotation_keeps_recent_copies_and_one_a_day(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 11, 1, 9, 0, 0)
    for day in range(30):
        for hour in range(3):
            taken = start + timedelta(days=day, hours=hour)
            name = f"salescoach-{taken:%Y%m%d-%H%M%S}-start.db"
            (folder / name).write_bytes(b"")
    removed = prune(folder)
    kept = list_backups(folder)
    assert len(kept) == KEEP_RECENT + KEEP_DAILY
    assert len(removed) == 90 - len(kept)
    assert kept[0].taken_at == start + timedelta(days=29, hours=2)  # the newest stays
    assert len({backup.day for backup in kept[KEEP_RECENT:]}) == KEEP_DAILY
