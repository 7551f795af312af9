"""Backups the rep never has to think about, and a restore that never loses the current data."""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from salescoach.errors import CorruptDatabase, DatabaseError, NewerDatabase, SalesCoachError
from salescoach.paths import DataPaths
from salescoach.storage.backups import (
    KEEP_DAILY,
    KEEP_MILESTONES,
    KEEP_RECENT,
    Backup,
    BackupContents,
    Progress,
    backup_at,
    integrity_verdict,
    list_backups,
    prune,
    read_contents,
    restore_file,
    set_aside,
    take_backup_of_file,
)
from salescoach.storage.database import inspect_existing

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rotation:
    """How many copies are kept (Settings and the docs say so to the rep)."""

    recent: int
    daily: int
    milestones: int


ROTATION = Rotation(KEEP_RECENT, KEEP_DAILY, KEEP_MILESTONES)

ChangeMarker = tuple[int, int]
"""(writes made through the app's connection, SQLite's count of commits by other connections)"""


class BackupService:
    def __init__(self, db: sqlite_utils.Database, paths: DataPaths) -> None:
        self.db = db
        self.paths = paths
        self._copying = threading.Lock()  # a periodic copy and one asked for by hand may meet
        self._backed_up: ChangeMarker | None = None
        self._contents: dict[tuple[Path, int, int], BackupContents] = {}

    @property
    def folder(self) -> Path:
        return self.paths.backups

    def backup_now(self, reason: str = "manual", progress: Progress | None = None) -> Path:
        """Copy the database now, from the thread that owns the connection."""
        return self.copy(reason, self.change_marker(), progress)

    def copy(
        self, reason: str, marker: ChangeMarker | None = None, progress: Progress | None = None
    ) -> Path:
        """Copy the database into the backups folder and prune old copies; safe from any thread.

        `marker` is `change_marker()` read on the connection's thread just before: once the copy
        is whole, `changed_since_backup()` compares against it.
        """
        try:
            with self._copying:
                path = take_backup_of_file(self.paths.database, self.folder, reason, progress)
                removed = prune(self.folder)
        except (OSError, sqlite3.Error) as error:
            raise SalesCoachError(
                f"The backup could not be written in {self.folder}: {_plain(error)}."
            ) from None
        if marker is not None:
            self._backed_up = marker
        log.info("backup %s written; %d old copies removed", path.name, len(removed))
        return path

    def change_marker(self) -> ChangeMarker:
        """Cheap to read. `total_changes` counts this connection's own writes, which SQLite's
        `data_version` does not see; `data_version` moves when another connection writes."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        return (self.db.conn.total_changes, int(version))

    def note_backed_up(self) -> None:
        """The data as it is now is in a backup already (just restored from one)."""
        self._backed_up = self.change_marker()

    def changed_since_backup(self) -> bool:
        return self._backed_up is None or self.change_marker() != self._backed_up

    def backups(self) -> list[Backup]:
        return list_backups(self.folder)

    def contents(self, backup: Backup) -> BackupContents:
        """What the copy holds; read once per file (a copy never changes), from any thread."""
        try:
            stat = backup.path.stat()
            key = (backup.path, stat.st_size, stat.st_mtime_ns)
            if key not in self._contents:
                self._contents[key] = read_contents(backup.path)
        except (OSError, sqlite3.Error) as error:
            raise SalesCoachError(f"This backup cannot be read: {_plain(error)}.") from None
        return self._contents[key]


def describe(path: Path) -> Backup | None:
    """When and why the backup file at `path` was made, from its name (None if not ours)."""
    return backup_at(path)


def check_backup(backup: Path) -> None:
    """Refuse a backup that is missing, damaged or from a newer SalesCoach; never changes it."""
    if not backup.is_file():
        raise SalesCoachError(f"There is no backup file {backup}.")
    try:
        inspect_existing(backup)  # the start-up check: header, quick check, version
        verdict = integrity_verdict(backup)  # and the full check, before it replaces anything
    except NewerDatabase:
        raise SalesCoachError(
            f"{backup} could not be restored: it was made by a newer version of SalesCoach."
        ) from None
    except (DatabaseError, sqlite3.Error) as error:
        detail = str(error).splitlines()[0]
        raise SalesCoachError(f"{backup} could not be restored: it is damaged ({detail})") from None
    if verdict != "ok":
        raise SalesCoachError(f"{backup} could not be restored: it is damaged ({verdict}).")


def restore(paths: DataPaths, backup: Path, progress: Progress | None = None) -> Path | None:
    """Replace the database with `backup`; the current data is kept first. Returns where it is
    kept: a backup made just now, or the damaged file set aside under a new name beside it.

    The backup is checked before anything is touched. Run with the database closed in this
    process (and SalesCoach closed: see the single-instance lock).
    """
    check_backup(backup)
    kept: Path | None = None
    damaged = False
    if paths.database.exists():
        try:
            inspect_existing(paths.database)
        except CorruptDatabase:  # copying a damaged file through SQLite could fail or lose more
            kept, damaged = set_aside(paths.database, "damaged"), True
        else:
            try:
                kept = take_backup_of_file(
                    paths.database, paths.backups, "before-restore", progress
                )
            except (OSError, sqlite3.Error) as error:
                raise SalesCoachError(
                    "Nothing was restored: your current data could not be kept as a backup first "
                    f"({_plain(error)})."
                ) from None
    try:
        restore_file(backup, paths.database)
    except OSError as error:
        if damaged and kept is not None and not paths.database.exists():
            kept.replace(paths.database)  # leave things as they were
            kept = None
        raise SalesCoachError(f"{backup} could not be restored: {_plain(error)}.") from None
    log.info("restored %s; the previous data is kept in %s", backup.name, kept)
    return kept


@dataclass(frozen=True)
class Rescue:
    """What can be done about a damaged database."""

    damaged: Path
    backup: Backup | None  # the newest backup that passes its own check


def find_rescue(paths: DataPaths) -> Rescue:
    return Rescue(paths.database, latest_good_backup(paths))


def latest_good_backup(paths: DataPaths) -> Backup | None:
    """The newest backup that passes the same check as the database at start-up."""
    for backup in list_backups(paths.backups):
        try:
            inspect_existing(backup.path)
        except (DatabaseError, sqlite3.Error):
            log.warning("backup %s does not pass its check; skipped", backup.path.name)
            continue
        return backup
    return None


def damaged_database_advice(paths: DataPaths, basedir_option: str = "") -> str:
    """What to do, for the command line, when the database is damaged."""
    rescue = find_rescue(paths)
    if rescue.backup is None:
        return (
            "No backup that passes its check was found in "
            f"{paths.backups}.\nKeep the damaged file {rescue.damaged} for your IT department, "
            "who may be able to recover it; move it elsewhere to start SalesCoach afresh."
        )
    when = rescue.backup.taken_at.astimezone().strftime("%d %b %Y %H:%M")
    option = f" {basedir_option}" if basedir_option else ""
    return (
        f"The latest good backup is from {when}. To put it back (the damaged file is kept "
        f"beside it, renamed), run:\n  salescoach restore{option} {_quoted(rescue.backup.path)}\n"
        "or start SalesCoach, which offers the same."
    )


def _quoted(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if " " in text else text


def _plain(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error)
