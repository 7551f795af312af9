"""Write the data an open connection still holds back into the data folder, after its file was
deleted, moved away or replaced while SalesCoach ran.

The connection keeps everything, the write-ahead log included, until it is closed: SQLite's
backup API reads it all through the connection, so the copy is whole even when no file on disk
has that data any more. It is written exactly as a backup is (under a temporary name, synced,
renamed), and never over an existing file.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from salescoach.storage.backups import _sync_folder, set_aside, take_backup
from salescoach.storage.file_identity import OpenedDatabase, log_files

log = logging.getLogger(__name__)

RECOVERED = "recovered"
REPLACED = "replaced"


@dataclass(frozen=True)
class Placed:
    path: Path  # where the data was written: the database's name, unless taken again meanwhile
    set_aside: Path | None = None  # the file that had taken the name, kept under a new one


def put_back(source: sqlite3.Connection, opened: OpenedDatabase) -> Placed:
    """Write a whole copy of the open database at its name. `opened` tells which files the
    connection opened. Close it before the file at the database's name is opened again: two files
    under one name would share its log files.

    A file that has taken the name (a sync client's version, a copy from another laptop) is never
    overwritten nor deleted: it is renamed `salescoach-replaced-<date>-<time>.db` (with its own
    log files), so the rep carries on with the data on screen and can still open the other. Should
    the name be taken yet again meanwhile, the copy stays beside it as
    `salescoach-recovered-<date>-<time>.db`.

    The folder is never created: one that went was moved or deleted on purpose, or is on a drive
    no longer connected, and a new empty one in its place would hide that."""
    database = opened.path
    if opened.where_is_it() == "in place":  # brought back meanwhile: nothing to write
        return Placed(database)
    folder = database.parent
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(folder))
    copy = take_backup(source, folder, RECOVERED)
    other: Path | None = None
    if not _rename_unless_taken(copy, database):
        # Our own logs, still at the name if the other file came without any, must not follow
        # it; its own logs go with it. The connection keeps ours open by handle: nothing is lost.
        for log_file in opened.own_logs():
            log_file.unlink(missing_ok=True)
        other = set_aside(database, REPLACED)
        log.info("another file had the database's name; it is kept as %s", other.name)
        if not _rename_unless_taken(copy, database):
            return Placed(_keep_beside(copy, database), other)
    # A log left at the name belongs to a file that went: replayed over the copy it would undo it.
    for log_file in log_files(database):
        log_file.unlink(missing_ok=True)
    _sync_folder(folder)
    log.info("the database was put back at %s", database.name)
    return Placed(database, other)


def _keep_beside(copy: Path, database: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    counter = 0
    while True:
        suffix = f"-{counter}" if counter else ""
        beside = database.with_name(f"salescoach-{RECOVERED}-{stamp}{suffix}.db")
        if _rename_unless_taken(copy, beside):
            _sync_folder(database.parent)
            log.warning("the database's name was taken again; the data was saved as %s", beside)
            return beside
        counter += 1


def _rename_unless_taken(source: Path, target: Path) -> bool:
    """Give `source` the name `target` unless a file already has it; False when one has."""
    try:
        target.hardlink_to(source)  # refuses a taken name in one step, where renaming replaces
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links (FAT, some network shares)
        if os.path.lexists(target):
            return False
        source.rename(target)  # Windows refuses to replace here too
        return True
    source.unlink()
    return True
