"""Notice when the database file is deleted, moved or replaced while SalesCoach runs, and put the
data back.

The open connection still holds every answer (its write-ahead log included) after its file has
gone, but only until it closes: the data must be written back while it is open. SalesCoach then
opens the file at the usual place again, so later saves land where the next start looks.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from salescoach.errors import SalesCoachError, StorageUnavailable
from salescoach.storage.database import explain_operational
from salescoach.storage.file_identity import OpenedDatabase, Whereabouts
from salescoach.storage.put_back import put_back

NOT_IN_PLACE = (
    "Your SalesCoach data file was moved, deleted or replaced while SalesCoach was open, so this "
    "would not reach your data. Nothing is lost: put the data back when SalesCoach offers to, "
    "then try again."
)


@dataclass(frozen=True)
class PutBack:
    path: Path  # where the data was written
    beside: bool  # the database's name was taken (twice over): the data went beside it
    set_aside: Path | None  # the file that had taken the name, under a name of its own


class DataFileService:
    """Remembers which files the database was opened from (build it right after opening)."""

    def __init__(self, db: sqlite_utils.Database, database: Path) -> None:
        self.db = db
        self.database = database
        self._opened = OpenedDatabase.record(database)

    def where_is_it(self) -> Whereabouts:
        """'in place', 'missing' or 'replaced'; one `stat`, cheap enough for a timer."""
        return self._opened.where_is_it()

    def require_in_place(self) -> None:
        """Before work that opens the database by its name (an import, an export): raises
        `StorageUnavailable` when that name no longer leads to the data open here."""
        if self.where_is_it() != "in place":
            raise StorageUnavailable(NOT_IN_PLACE)

    def folder_usable(self) -> bool:
        """The data folder is there and may be written: putting the data back can work."""
        folder = self.database.parent
        return folder.is_dir() and os.access(folder, os.W_OK)

    def put_back(self) -> PutBack:
        """Write everything the open connection holds at the database's place; a file that had
        taken the name is kept under a name of its own, never overwritten. Run on the thread that
        owns the connection; then close it and open the database again. Raises `SalesCoachError`
        with the reason when it cannot be written: the connection still holds everything."""
        folder = self.database.parent
        try:
            placed = put_back(self.db.conn, self._opened)
        except FileNotFoundError:
            if folder.is_dir():
                raise SalesCoachError(
                    f"SalesCoach cannot write in {folder} (a file went while it was written)."
                ) from None
            raise SalesCoachError(
                f"The folder {folder} is no longer there: it may have been moved, renamed or "
                "deleted, or be on a drive that is no longer connected."
            ) from None
        except OSError as error:
            raise SalesCoachError(
                f"SalesCoach cannot write in {folder} ({(error.strerror or str(error)).lower()})."
            ) from None
        except sqlite3.OperationalError as error:
            raise explain_operational(self.database, error) from None
        except sqlite3.Error as error:
            raise SalesCoachError(f"SalesCoach cannot write in {folder} ({error}).") from None
        return PutBack(placed.path, placed.path != self.database, placed.set_aside)
