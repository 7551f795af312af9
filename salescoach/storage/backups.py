"""Rotating copies of the database, made with SQLite's online backup API.

A copy is consistent even while the app writes, and is itself a complete SQLite file that can be
opened and checked. Names sort by time: `salescoach-20261127-143200-start.db`.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

KEEP_RECENT = 10  # the latest copies, whatever their age
KEEP_DAILY = 14  # plus the newest copy of each of this many earlier days
_NAME = re.compile(r"^salescoach-(\d{8})-(\d{6})(?:-\d+)?-([a-z-]+)\.db$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str

    @property
    def day(self) -> str:
        return self.taken_at.strftime("%Y-%m-%d")


def take_backup(source: sqlite3.Connection, folder: Path, reason: str) -> Path:
    """Copy the open database into `folder`; returns the new file."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"salescoach-{stamp}-{reason}.db"
    counter = 1
    while target.exists():  # two copies in the same second
        target = folder / f"salescoach-{stamp}-{counter}-{reason}.db"
        counter += 1
    partial = target.with_suffix(".partial")
    destination = sqlite3.connect(partial)
    try:
        source.backup(destination)
    finally:
        destination.close()
    partial.replace(target)  # a copy is either whole or absent
    return target


def list_backups(folder: Path) -> list[Backup]:
    """Newest first."""
    found = []
    for path in folder.glob("salescoach-*.db") if folder.is_dir() else []:
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
            found.append(Backup(path, taken, match.group(3)))
    return sorted(found, key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)


def prune(folder: Path) -> list[Path]:
    """Keep the latest copies and one a day for the days before; returns what was removed."""
    backups = list_backups(folder)
    keep = {backup.path for backup in backups[:KEEP_RECENT]}
    days: dict[str, Path] = {}
    for backup in backups[KEEP_RECENT:]:
        if backup.day not in days and len(days) < KEEP_DAILY:
            days[backup.day] = backup.path
    keep |= set(days.values())
    removed = [backup.path for backup in backups if backup.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def restore_file(backup: Path, database: Path) -> None:
    """Put `backup` in place of `database` (which must be closed), with its journal removed."""
    check = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if verdict != "ok":
        raise sqlite3.DatabaseError(f"the backup is damaged ({verdict})")
    for companion in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        companion.unlink(missing_ok=True)  # a stale log would be replayed over the restored copy
    partial = database.with_suffix(".restoring")
    shutil.copyfile(backup, partial)
    partial.replace(database)
