"""The start-up check in proportion to the file: a small database is checked before it opens (and
refused when damaged, as always); a large one opens at once and is checked afterwards, from a
connection of its own, while the app uses it."""

from __future__ import annotations

import itertools
import logging
import re
from pathlib import Path

import pytest
from shared_helpers import damage_an_index_nothing_reads_at_start

from salescoach import resources
from salescoach.errors import CorruptDatabase, NewerDatabase
from salescoach.paths import DataPaths
from salescoach.services.backups import BackupService
from salescoach.services.startup_check import check_is_left_for_later, check_now
from salescoach.storage import database
from salescoach.storage.database import (
    QUICK_CHECK_AT_OPEN_MAX_BYTES,
    check_later,
    check_left_for_later,
    inspect_existing,
    open_database,
)
from salescoach.storage.migrations import MIGRATIONS

SMALL_LIMIT = 1  # every test file is "large" under this threshold


def _sound(path: Path, prospects: int = 50) -> None:
    db = open_database(path)
    db.table("prospects").insert_all(
        [{"company": f"Co {n}", "created_at": "x", "updated_at": "x"} for n in range(prospects)]
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def test_the_threshold_keeps_a_typical_database_checked_before_it_opens() -> None:
    assert 16 * 2**20 <= QUICK_CHECK_AT_OPEN_MAX_BYTES <= 64 * 2**20


def test_a_small_file_is_checked_at_open(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    _sound(path)
    assert inspect_existing(path, quick_check_max_bytes=path.stat().st_size) is True
    assert not check_left_for_later(path, quick_check_max_bytes=path.stat().st_size)


def test_a_damaged_small_file_is_refused_at_open_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    _sound(path)
    damaged = damage_an_index_nothing_reads_at_start(path)
    with pytest.raises(CorruptDatabase, match="damaged"):
        open_database(path)  # the shipped threshold: this file is far below it
    assert path.read_bytes() == damaged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["salescoach.db"]


def test_a_large_file_opens_unchecked_and_the_later_check_finds_the_damage(
    tmp_path: Path, caplog
) -> None:
    path = tmp_path / "salescoach.db"
    _sound(path)
    damage_an_index_nothing_reads_at_start(path)
    assert check_left_for_later(path, quick_check_max_bytes=SMALL_LIMIT)

    db = open_database(path, quick_check_max_bytes=SMALL_LIMIT)  # opens: the rep sees the window
    try:
        assert db.table("prospects").count == 50
        caplog.set_level(logging.INFO, logger="salescoach.storage.database")
        with pytest.raises(CorruptDatabase, match="damaged") as raised:
            check_later(path)  # while the app's connection is open, as in the running app
    finally:
        db.conn.close()
    assert str(path) in str(raised.value)
    assert re.search(
        r"quick check of salescoach\.db after start: damage found, .* in \d+ ms", caplog.text
    )


def test_a_lowered_module_threshold_applies_to_every_open(tmp_path: Path, monkeypatch) -> None:
    """How the app-level tests make a small file count as large."""
    path = tmp_path / "salescoach.db"
    _sound(path)
    damage_an_index_nothing_reads_at_start(path)
    monkeypatch.setattr(database, "QUICK_CHECK_AT_OPEN_MAX_BYTES", SMALL_LIMIT)
    open_database(path).conn.close()
    assert check_is_left_for_later(DataPaths(tmp_path))


def test_the_later_check_of_a_sound_file_says_how_long_it_took(tmp_path: Path, caplog) -> None:
    path = tmp_path / "salescoach.db"
    _sound(path)
    db = open_database(path, quick_check_max_bytes=SMALL_LIMIT)
    db.table("prospects").insert(
        {"company": "Saved a moment ago", "created_at": "x", "updated_at": "x"}
    )
    caplog.set_level(logging.INFO, logger="salescoach.storage.database")
    try:
        assert Path(f"{path}-wal").stat().st_size > 0  # the newest save is only in the log
        seconds = check_later(path)
    finally:
        db.conn.close()
    assert seconds is not None and seconds >= 0
    assert re.search(
        r"quick check of salescoach\.db after start: ok, \d+ MB in \d+ ms", caplog.text
    )


def test_the_header_and_the_version_are_still_checked_at_open_for_a_large_file(
    tmp_path: Path,
) -> None:
    newer = tmp_path / "newer.db"
    db = open_database(newer)
    db.table(MIGRATIONS.migrations_table).insert(
        {"migration_set": MIGRATIONS.name, "name": "m999_from_the_future", "applied_at": "x"}
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    with pytest.raises(NewerDatabase):
        open_database(newer, quick_check_max_bytes=SMALL_LIMIT)

    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(b"a shopping list" * 100)
    with pytest.raises(CorruptDatabase, match="not a SalesCoach database"):
        open_database(truncated, quick_check_max_bytes=SMALL_LIMIT)


def test_a_backup_is_always_checked_whatever_its_size(tmp_path: Path) -> None:
    """The threshold is for opening at start only: a restore must not pick a damaged copy."""
    path = tmp_path / "copy.db"
    _sound(path)
    damage_an_index_nothing_reads_at_start(path)
    with pytest.raises(CorruptDatabase):
        inspect_existing(path)


def test_the_later_check_stops_when_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    _sound(path, prospects=5000)
    assert check_later(path, cancelled=lambda: True) is None

    looks = itertools.count()
    assert check_later(path, cancelled=lambda: next(looks) < 0) is not None
    asked = next(looks)  # how often a whole check asks whether to stop
    assert asked > 3  # including from inside SQLite's check, not only before it

    looks = itertools.count()
    assert check_later(path, cancelled=lambda: next(looks) >= asked - 1) is None


def test_the_service_finds_the_backup_to_put_back_when_damage_is_found(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    _sound(paths.database)
    db = open_database(paths.database)
    good = BackupService(db, paths).backup_now()
    db.conn.close()
    damage_an_index_nothing_reads_at_start(paths.database)

    verdict = check_now(paths)
    assert verdict is not None
    assert "damaged" in verdict.damage
    assert verdict.rescue is not None and verdict.rescue.path == good


def test_the_service_says_a_sound_file_is_sound(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    _sound(paths.database)
    verdict = check_now(paths)
    assert verdict is not None and verdict.damage == "" and verdict.rescue is None


def test_the_guide_states_the_threshold() -> None:
    guide = (resources.docs_dir() / "data-safety.md").read_text(encoding="utf-8")
    assert f"{QUICK_CHECK_AT_OPEN_MAX_BYTES // 2**20} MB" in guide


def test_the_command_line_checks_a_large_file_before_writing(tmp_path: Path, monkeypatch) -> None:
    """No window to show first: `salescoach backup` must not copy a damaged file over a good
    backup, however large the file is."""
    from salescoach.app import build_services

    paths = DataPaths(tmp_path)
    _sound(paths.database)
    damage_an_index_nothing_reads_at_start(paths.database)
    monkeypatch.setattr(database, "QUICK_CHECK_AT_OPEN_MAX_BYTES", SMALL_LIMIT)
    build_services(paths).close()  # the window's way: the check is left for later
    with pytest.raises(CorruptDatabase, match="damaged"):
        build_services(paths, check_fully=True)
