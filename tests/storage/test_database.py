"""Opening the database: pragmas, migrations, and files we must refuse without touching."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from salescoach.errors import CorruptDatabase, NewerDatabase, UnreadableDatabase
from salescoach.storage.database import open_database
from salescoach.storage.migrations import MIGRATIONS


def _fresh(path: Path) -> None:
    open_database(path).conn.close()


def test_new_database_is_migrated_with_durable_pragmas(tmp_path: Path) -> None:
    db = open_database(tmp_path / "nested" / "salescoach.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"prospects", "people", "interviews", "answers", "answer_history", "needs"} <= set(
        db.table_names()
    )
    applied = [migration.name for migration in MIGRATIONS.applied(db)]
    assert applied == [migration.name for migration in MIGRATIONS._migrations]
    db.conn.close()


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    _fresh(path)
    db = open_database(path)
    assert MIGRATIONS.pending(db) == []
    assert len(MIGRATIONS.applied(db)) == len(MIGRATIONS._migrations)
    db.conn.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_database(tmp_path / "salescoach.db")
    with pytest.raises(sqlite3.IntegrityError), db.atomic():
        db.table("people").insert({"prospect_id": 999, "name": "Nobody"})
    db.conn.close()


def _fill(path: Path) -> None:
    """A database of many pages, everything checkpointed into the main file."""
    db = open_database(path)
    db.table("prospects").insert_all(
        [{"company": f"Co {n}", "created_at": "x", "updated_at": "x"} for n in range(2000)]
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def _assert_refused_untouched(path: Path, error: type[Exception], fragment: str) -> None:
    before = path.read_bytes()
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(error) as raised:
        open_database(path)
    assert fragment in str(raised.value)
    assert str(path) in str(raised.value)
    assert "Traceback" not in str(raised.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings


def test_garbage_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    path.write_bytes(b"this is a shopping list, not a database\n" * 50)
    _assert_refused_untouched(path, CorruptDatabase, "not a SalesCoach database")


def test_empty_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    path.write_bytes(b"")
    _assert_refused_untouched(path, CorruptDatabase, "is empty")


def test_truncated_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    _fill(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    _assert_refused_untouched(path, CorruptDatabase, "damaged")


def test_corrupted_pages_are_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    _fill(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size):  # scribble over every page but the first
        start = page * page_size
        data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    _assert_refused_untouched(path, CorruptDatabase, "damaged")


def test_database_from_a_newer_version_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    db = open_database(path)
    db.table(MIGRATIONS.migrations_table).insert(
        {"migration_set": MIGRATIONS.name, "name": "m999_from_the_future", "applied_at": "x"}
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    _assert_refused_untouched(path, NewerDatabase, "newer version of SalesCoach")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    _fresh(path)
    path.chmod(0)
    try:
        with pytest.raises(UnreadableDatabase, match="cannot be read"):
            open_database(path)
    finally:
        path.chmod(0o600)


def test_a_folder_in_place_of_the_database_is_refused(tmp_path: Path) -> None:
    """Stands in for an unreadable file where tests run as root (permissions do not stop root)."""
    path = tmp_path / "salescoach.db"
    path.mkdir()
    with pytest.raises(UnreadableDatabase, match="cannot be read"):
        open_database(path)
    assert path.is_dir() and not any(path.iterdir())
