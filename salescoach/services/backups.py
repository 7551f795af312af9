"""Backups the rep never has to think about, and a restore that never loses the current data."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

from salescoach.errors import SalesCoachError
from salescoach.paths import DataPaths
from salescoach.storage.backups import Backup, list_backups, prune, restore_file, take_backup
from salescoach.storage.database import open_database


class BackupService:
    def __init__(self, db: sqlite_utils.Database, paths: DataPaths) -> None:
        self.db = db
        self.paths = paths

    def backup_now(self, reason: str = "manual") -> Path:
        try:
            path = take_backup(self.db.conn, self.paths.backups, reason)
            prune(self.paths.backups)
        except (OSError, sqlite3.Error) as error:
            raise SalesCoachError(f"The backup could not be written: {error}") from None
        return path

    def backups(self) -> list[Backup]:
        return list_backups(self.paths.backups)


def restore(paths: DataPaths, backup: Path) -> Path | None:
    """Replace the database with `backup`; the current file is kept first. Returns that copy.

    Run with SalesCoach closed: the database must not be open elsewhere in this process.
    """
    if not backup.is_file():
        raise SalesCoachError(f"There is no backup file {backup}.")
    kept: Path | None = None
    if paths.database.exists():
        try:
            current = open_database(paths.database)
        except SalesCoachError:  # damaged: set it aside untouched rather than copy it
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = paths.database.with_name(f"salescoach-damaged-{stamp}.db")
            paths.database.replace(kept)
        else:
            try:
                kept = take_backup(current.conn, paths.backups, "before-restore")
            finally:
                current.conn.close()
    try:
        restore_file(backup, paths.database)
    except (OSError, sqlite3.Error) as error:
        raise SalesCoachError(f"{backup} could not be restored: {error}") from None
    return kept
