"""Rotating copies of the database, made with SQLite's online backup API.

A copy is consistent even while the app writes, and is itself a complete SQLite file that can be
opened and checked. Names sort by time and say why the copy was made; the time is UTC (the `Z`),
so a rep who changes time zone still sees the copies in the order they were made:
`salescoach-20261127-143200Z-periodic.db`. Copies named in local time (no `Z`) are still read.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

KEEP_RECENT = 10  # the latest copies, whatever their age
KEEP_DAILY = 14  # plus the newest copy of each of this many earlier days
KEEP_MILESTONES = 5  # plus the latest copies made by hand, before an upgrade or before a restore
MILESTONES = frozenset({"manual", "before-migration", "before-restore"})
STEP_PAGES = 256  # pages copied between two progress reports (1 MB with 4 KB pages)
PARTIAL_MAX_AGE_S = 3600  # an unfinished copy older than this was cut short by a crash

_NAME = re.compile(r"^salescoach-(\d{8})-(\d{6})(Z?)(?:-\d+)?-([a-z-]+)\.db$")

Progress = Callable[[int, int], None]
"""Called with (pages copied so far, pages in all) while a copy is made."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # aware, in UTC
    reason: str

    @property
    def day(self) -> str:
        """The rep's local calendar day, for keeping one copy a day."""
        return self.taken_at.astimezone().strftime("%Y-%m-%d")

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


@dataclass(frozen=True)
class BackupContents:
    """What a copy holds, read without changing a byte of it."""

    prospects: int
    meetings: int
    last_edit: datetime | None  # aware, in UTC


def take_backup(
    source: sqlite3.Connection, folder: Path, reason: str, progress: Progress | None = None
) -> Path:
    """Copy the open database into `folder`; returns the new file.

    A copy is either whole or absent: it is written under a temporary name, synced, then renamed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%SZ")
    target = folder / f"salescoach-{stamp}-{reason}.db"
    counter = 1
    while target.exists():  # two copies in the same second
        target = folder / f"salescoach-{stamp}-{counter}-{reason}.db"
        counter += 1
    partial = target.with_suffix(".partial")
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination, pages=STEP_PAGES, progress=_reporter(progress))
        finally:
            destination.close()
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        Path(f"{partial}-journal").unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return target


def take_backup_of_file(
    database: Path, folder: Path, reason: str, progress: Progress | None = None
) -> Path:
    """Copy the database file through a connection of its own, from any thread.

    The copy reads one snapshot from start to end: with the write-ahead log, the app goes on
    saving meanwhile, and its saves neither wait for the copy nor make it start over. A file
    that is not there is an error, never created empty (and then copied as if it were the data).
    """
    source = sqlite3.connect(
        f"{database.absolute().as_uri()}?mode=rw", uri=True, isolation_level=None
    )
    try:
        source.execute("PRAGMA query_only = ON")
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # pins the snapshot
        return take_backup(source, folder, reason, progress)
    finally:
        source.close()


def _reporter(progress: Progress | None) -> Callable[[int, int, int], None] | None:
    if progress is None:
        return None

    def report(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    return report


def list_backups(folder: Path) -> list[Backup]:
    """Newest first."""
    paths = folder.glob("salescoach-*.db") if folder.is_dir() else []
    found = [backup for backup in map(backup_at, paths) if backup is not None]
    # Names tell the second; within one second, the file written last is the newest.
    return sorted(found, key=lambda backup: (backup.taken_at, _written(backup.path)), reverse=True)


def _written(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def backup_at(path: Path) -> Backup | None:
    """The backup a file's name describes; None for a name SalesCoach did not give."""
    match = _NAME.match(path.name)
    if not match:
        return None
    taken = datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    # Older copies were named in local time; newer ones in UTC.
    aware = taken.replace(tzinfo=UTC) if match.group(3) else taken.astimezone()
    return Backup(path, aware.astimezone(UTC), match.group(4))


def prune(folder: Path) -> list[Path]:
    """Keep the latest copies, one a day for the days before, and the latest milestones (copies
    made by hand, before an upgrade or before a restore); returns what was removed."""
    backups = list_backups(folder)
    keep = {backup.path for backup in backups[:KEEP_RECENT]}
    days: dict[str, Path] = {}
    for backup in backups[KEEP_RECENT:]:
        if backup.day not in days and len(days) < KEEP_DAILY:
            days[backup.day] = backup.path
    keep |= set(days.values())
    milestones = [backup for backup in backups if backup.reason in MILESTONES]
    keep |= {backup.path for backup in milestones[:KEEP_MILESTONES]}
    removed = [backup.path for backup in backups if backup.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    _remove_abandoned_partials(folder)
    return removed


def _remove_abandoned_partials(folder: Path) -> None:
    now = time.time()
    for partial in folder.glob("salescoach-*.partial"):
        try:
            if now - partial.stat().st_mtime > PARTIAL_MAX_AGE_S:
                partial.unlink()
        except OSError:
            pass  # being written right now, or already gone


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file, nor create journal files beside it."""
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)


def integrity_verdict(path: Path) -> str:
    """'ok' when SQLite's full integrity check finds nothing wrong with the file."""
    conn = open_read_only(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def read_contents(path: Path) -> BackupContents:
    """Count prospects and meetings, and find the latest edit, reading the file read-only."""
    conn = open_read_only(path)
    try:
        columns = _columns(conn)
        prospects = _count(conn, "prospects", columns)
        meetings = _count(conn, "interviews", columns)
        stamps = [
            conn.execute(f"SELECT max([{column}]) FROM [{table}]").fetchone()[0]
            for table, names in columns.items()
            for column in ("updated_at", "edited_at")
            if column in names
        ]
    finally:
        conn.close()
    return BackupContents(prospects, meetings, _latest(stamps))


def _columns(conn: sqlite3.Connection) -> dict[str, set[str]]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")} for table in tables
    }


def _count(conn: sqlite3.Connection, table: str, columns: dict[str, set[str]]) -> int:
    if table not in columns:
        return 0
    # Items in the trash are not part of what the rep works with.
    where = " WHERE deleted_at IS NULL" if "deleted_at" in columns[table] else ""
    return int(conn.execute(f"SELECT count(*) FROM [{table}]{where}").fetchone()[0])


def _latest(stamps: list[object]) -> datetime | None:
    parsed = []
    for stamp in stamps:
        if not isinstance(stamp, str):
            continue
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            continue
        parsed.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return max(parsed).astimezone(UTC) if parsed else None


def restore_file(backup: Path, database: Path) -> None:
    """Put `backup` in place of `database` (which must be closed), with its journal removed.

    The backup must have been checked already. The new file is synced before it replaces the
    old one, so a power cut leaves either the old database or the restored one, never half.
    """
    for companion in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        companion.unlink(missing_ok=True)  # a stale log would be replayed over the restored copy
    partial = database.with_suffix(".restoring")
    try:
        with backup.open("rb") as source, partial.open("wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
        partial.replace(database)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _sync_folder(database.parent)


def set_aside(database: Path, label: str) -> Path:
    """Rename the database (and its journal files) to `salescoach-LABEL-<time>.db` beside it,
    so the rep or IT can find it; nothing is deleted. Returns the new name of the database."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = database.with_name(f"salescoach-{label}-{stamp}.db")
    counter = 1
    while kept.exists():
        kept = database.with_name(f"salescoach-{label}-{stamp}-{counter}.db")
        counter += 1
    database.replace(kept)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{database}{suffix}")
        if companion.exists():
            companion.replace(Path(f"{kept}{suffix}"))
    _sync_folder(database.parent)
    return kept


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
