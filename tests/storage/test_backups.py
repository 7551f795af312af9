"""Backups: consistent copies, rotation, a copy before each migration, a safe restore, knowing
when anything changed, and what a copy holds, read without touching it."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from shared_helpers import companies_in

from salescoach.app import build_services, main
from salescoach.errors import SalesCoachError
from salescoach.paths import DataPaths
from salescoach.services.backups import damaged_database_advice, latest_good_backup, restore
from salescoach.storage.backups import (
    KEEP_DAILY,
    KEEP_MILESTONES,
    KEEP_RECENT,
    PARTIAL_MAX_AGE_S,
    list_backups,
    prune,
    read_contents,
    take_backup_of_file,
)
from salescoach.storage.database import open_database
from salescoach.storage.migrations import MIGRATIONS


def add_prospect(path: Path, company: str) -> None:
    db = open_database(path)
    db.table("prospects").insert({"company": company, "created_at": "x", "updated_at": "x"})
    db.conn.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- backup and restore --------------------------------------------------------------------------


def test_backup_and_restore_round_trip_keeping_the_current_data(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    assert main(["backup", "--basedir", str(tmp_path)]) == 0
    (backup,) = list_backups(tmp_path / "backups")
    with_demo = companies_in(backup.path)
    assert len(with_demo) == 6
    add_prospect(tmp_path / "salescoach.db", "Added After The Backup Ltd")
    capsys.readouterr()

    assert main(["restore", str(backup.path), "--basedir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "The data you had is kept in" in out
    assert companies_in(tmp_path / "salescoach.db") == with_demo
    (kept,) = [b for b in list_backups(tmp_path / "backups") if b.reason == "before-restore"]
    assert companies_in(kept.path) == [*with_demo, "Added After The Backup Ltd"]
    assert str(kept.path) in out


def test_restoring_over_a_damaged_file_sets_it_and_its_journal_aside(tmp_path: Path) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    assert main(["backup", "--basedir", str(tmp_path)]) == 0
    (backup,) = list_backups(tmp_path / "backups")
    (tmp_path / "salescoach.db").write_bytes(b"scrambled")
    (tmp_path / "salescoach.db-wal").write_bytes(b"a log that may hold the last edits")

    kept = restore(DataPaths(tmp_path), backup.path)

    assert kept is not None and kept.parent == tmp_path
    assert kept.name.startswith("salescoach-damaged-") and kept.suffix == ".db"
    assert kept.read_bytes() == b"scrambled"  # kept as it was, never deleted
    assert Path(f"{kept}-wal").read_bytes() == b"a log that may hold the last edits"
    assert not (tmp_path / "salescoach.db-wal").exists()
    assert len(companies_in(tmp_path / "salescoach.db")) == 6
    assert [b.reason for b in list_backups(tmp_path / "backups")] == ["manual"]


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path: Path) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = snapshot(tmp_path)
    with pytest.raises(SalesCoachError, match="could not be restored: it is damaged"):
        restore(DataPaths(tmp_path), bad)
    assert snapshot(tmp_path) == before
    assert list_backups(tmp_path / "backups") == []  # not even a needless copy


def test_a_backup_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    newer = tmp_path / "newer.db"
    db = open_database(newer)
    db.table(MIGRATIONS.migrations_table).insert(
        {"migration_set": MIGRATIONS.name, "name": "m999_from_the_future", "applied_at": "x"}
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    with pytest.raises(SalesCoachError, match="newer version of SalesCoach"):
        restore(DataPaths(tmp_path), newer)
    assert len(companies_in(tmp_path / "salescoach.db")) == 6


def test_a_failed_backup_is_explained_and_leaves_no_partial_file(tmp_path: Path) -> None:
    services = build_services(DataPaths(tmp_path))
    try:
        (tmp_path / "backups").write_text("a file where the backups folder should be")
        with pytest.raises(SalesCoachError, match="backup could not be written"):
            services.backups.backup_now("periodic")
        assert services.backups.changed_since_backup()  # still owed a backup
    finally:
        services.close()
    assert sorted(p.name for p in tmp_path.glob("*.partial")) == []


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
    assert companies_in(backup.path) == ["Acme"]
    assert companies_in(path) == ["Acme"]


# --- copying while the app writes ----------------------------------------------------------------


def test_a_copy_in_steps_is_one_snapshot_while_another_connection_writes(tmp_path: Path) -> None:
    path = tmp_path / "salescoach.db"
    db = open_database(path)
    db.table("prospects").insert_all(
        [
            {"company": f"Co {n}", "notes": "x" * 2000, "created_at": "x", "updated_at": "x"}
            for n in range(3000)
        ]
    )
    steps: list[tuple[int, int]] = []

    def write_meanwhile(done: int, total: int) -> None:
        steps.append((done, total))
        if len(steps) <= 5:  # the rep saving while the copy is under way
            db.table("prospects").insert(
                {"company": "During", "created_at": "x", "updated_at": "x"}
            )

    copy = take_backup_of_file(path, tmp_path / "backups", "periodic", write_meanwhile)
    db.conn.close()

    assert len(steps) > 3  # reported step by step
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)  # never started over
    assert steps[-1][0] == steps[-1][1]
    assert len(companies_in(copy)) == 3000  # what was there when the copy began, and only that
    assert len(companies_in(path)) == 3005


def test_a_copy_of_a_file_that_is_not_there_makes_no_file_at_all(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a data folder given as a relative path works the same
    missing = Path("data") / "salescoach.db"
    missing.parent.mkdir()

    with pytest.raises(sqlite3.OperationalError):
        take_backup_of_file(missing, Path("backups"), "manual")

    assert list((tmp_path / "data").iterdir()) == []  # no empty database made in its place
    assert not list((tmp_path / "backups").glob("*.db"))


def test_changes_since_the_last_backup_are_noticed_own_and_others(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    services = build_services(paths)
    try:
        backups = services.backups
        assert backups.changed_since_backup()  # nothing backed up yet
        backups.backup_now("start")
        assert not backups.changed_since_backup()
        services.prospects.add("Own Write Ltd")  # this connection's write
        assert backups.changed_since_backup()
        backups.copy("periodic", backups.change_marker())  # as a worker thread does
        assert not backups.changed_since_backup()

        other = sqlite3.connect(paths.database, isolation_level=None)
        other.execute(
            "INSERT INTO prospects (company, created_at, updated_at) VALUES ('Other', 'x', 'x')"
        )
        other.close()
        assert backups.changed_since_backup()  # another connection's write
    finally:
        services.close()


# --- rotation ------------------------------------------------------------------------------------


def _fake(folder: Path, taken: datetime, reason: str) -> Path:
    path = folder / f"salescoach-{taken:%Y%m%d-%H%M%S}Z-{reason}.db"
    path.write_bytes(b"")
    return path


def test_rotation_keeps_recent_copies_one_a_day_and_prunes_periodic_ones(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 11, 1, 9, 0, 0, tzinfo=UTC)
    for day in range(30):
        for minutes in range(0, 8 * 60, 5):  # a working day of copies every five minutes
            _fake(folder, start + timedelta(days=day, minutes=minutes), "periodic")
    removed = prune(folder)
    kept = list_backups(folder)
    assert len(kept) == KEEP_RECENT + KEEP_DAILY
    assert len(removed) == 30 * 96 - len(kept)
    assert kept[0].taken_at == start + timedelta(days=29, minutes=8 * 60 - 5)  # the newest stays
    assert len({backup.day for backup in kept[KEEP_RECENT:]}) == KEEP_DAILY


def test_copies_by_hand_and_before_an_upgrade_or_a_restore_outlive_routine_ones(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 11, 1, 9, 0, 0, tzinfo=UTC)
    milestones = [
        _fake(folder, start + timedelta(minutes=n), reason)
        for n, reason in enumerate(["manual", "before-migration", "before-restore"] * 3)
    ]
    for minutes in range(60, 60 + 5 * 50, 5):  # fifty routine copies later the same day
        _fake(folder, start + timedelta(minutes=minutes), "periodic")
    prune(folder)
    kept = {backup.path for backup in list_backups(folder)}
    assert set(milestones[-KEEP_MILESTONES:]) <= kept
    assert not set(milestones[:-KEEP_MILESTONES]) & kept


def test_unfinished_copies_left_by_a_crash_are_cleared_away(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    old = folder / "salescoach-20261101-090000Z-periodic.partial"
    fresh = folder / "salescoach-20261101-090500Z-periodic.partial"
    for partial in (old, fresh):
        partial.write_bytes(b"half a copy")
    an_hour_ago = time.time() - PARTIAL_MAX_AGE_S - 60
    os.utime(old, (an_hour_ago, an_hour_ago))
    prune(folder)
    assert not old.exists()
    assert fresh.exists()  # may be being written right now


def test_copies_named_in_local_time_are_still_listed_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    local = datetime(2026, 11, 1, 9, 0, 0).astimezone()
    (folder / f"salescoach-{local:%Y%m%d-%H%M%S}-start.db").write_bytes(b"")
    newer = _fake(folder, local.astimezone(UTC) + timedelta(minutes=1), "periodic")
    listed = list_backups(folder)
    assert listed[0].path == newer
    assert listed[1].taken_at == local.astimezone(UTC)


# --- what a backup holds -------------------------------------------------------------------------


def test_contents_are_read_without_touching_the_copy(tmp_path: Path) -> None:
    path = tmp_path / "copy.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")  # as copies of the app's database are
    conn.execute("CREATE TABLE prospects (id INTEGER PRIMARY KEY, company, updated_at, deleted_at)")
    conn.execute("CREATE TABLE interviews (id INTEGER PRIMARY KEY, updated_at)")
    conn.execute("CREATE TABLE summaries (id INTEGER PRIMARY KEY, edited_at)")
    conn.executemany(
        "INSERT INTO prospects (company, updated_at, deleted_at) VALUES (?, ?, ?)",
        [
            ("Acme", "2026-11-14T13:32:00.000+00:00", None),
            ("Globex", "2026-11-10T08:00:00.000+00:00", None),
            ("In The Trash", "2026-11-01T08:00:00.000+00:00", "2026-11-02T08:00:00.000+00:00"),
        ],
    )
    conn.execute("INSERT INTO interviews (updated_at) VALUES ('2026-11-12T10:00:00.000+00:00')")
    conn.execute("INSERT INTO summaries (edited_at) VALUES ('2026-11-14T13:40:00.000+00:00')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = snapshot(tmp_path)

    contents = read_contents(path)

    assert (contents.prospects, contents.meetings) == (2, 1)
    assert contents.last_edit == datetime(2026, 11, 14, 13, 40, tzinfo=UTC)
    assert snapshot(tmp_path) == before  # not a byte changed, no -wal or -shm appeared


def test_the_latest_good_backup_skips_damaged_ones(tmp_path: Path) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    assert main(["backup", "--basedir", str(tmp_path)]) == 0
    (good,) = list_backups(tmp_path / "backups")
    damaged = _fake(tmp_path / "backups", good.taken_at + timedelta(minutes=5), "periodic")
    damaged.write_bytes(good.path.read_bytes()[: good.size // 2])  # cut short
    assert list_backups(tmp_path / "backups")[0].path == damaged
    assert latest_good_backup(DataPaths(tmp_path)) == good


def test_the_command_line_says_how_to_restore_a_damaged_database(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    assert main(["backup", "--basedir", str(tmp_path)]) == 0
    (good,) = list_backups(tmp_path / "backups")
    database = tmp_path / "salescoach.db"
    database.write_bytes(database.read_bytes()[:3000])  # truncated
    capsys.readouterr()

    assert main(["list", "--basedir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err
    command = f'salescoach restore --basedir "{tmp_path}" {good.path}'
    assert command in err

    args = ["restore", "--basedir", str(tmp_path), str(good.path)]  # as printed
    assert main(args) == 0
    assert len(companies_in(database)) == 6
    assert len(list(tmp_path.glob("salescoach-damaged-*.db"))) == 1


def test_without_a_good_backup_the_advice_says_where_the_damaged_file_is(tmp_path: Path) -> None:
    advice = damaged_database_advice(DataPaths(tmp_path))
    assert "No backup" in advice and str(tmp_path / "salescoach.db") in advice
