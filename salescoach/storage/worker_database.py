"""A second connection to the open database, for work done off the GUI thread.

SQLite connections stay in the thread that opened them, so an import or an export running in a
worker opens its own. The database was already inspected and migrated when SalesCoach opened it;
this one only joins it, and never creates a file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from salescoach.errors import StorageUnavailable
from salescoach.storage.database import BUSY_TIMEOUT_MS, apply_pragmas, explain_operational


def open_worker_database(path: Path) -> sqlite_utils.Database:
    if not path.is_file():
        raise StorageUnavailable(f"The SalesCoach database {path} is not there any more.")
    try:
        conn = sqlite3.connect(
            f"{path.as_uri()}?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
        )
    except sqlite3.OperationalError as error:
        raise explain_operational(path, error) from None
    try:
        apply_pragmas(conn)
    except sqlite3.OperationalError as error:
        conn.close()
        raise explain_operational(path, error) from None
    return sqlite_utils.Database(conn, execute_plugins=False)
