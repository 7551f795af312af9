"""Open the SalesCoach database safely.

Before anything is written, the file is inspected read-only: an unreadable, corrupt or truncated
file, or one written by a newer SalesCoach, is refused with a plain explanation and left exactly as
it was. Only then is it opened for writing, with the pragmas a laptop on a dying battery needs.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from salescoach.errors import (
    CorruptDatabase,
    DatabaseLocked,
    NewerDatabase,
    StorageUnavailable,
    UnreadableDatabase,
)
from salescoach.storage.backups import take_backup
from salescoach.storage.migrations import MIGRATIONS

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`."""
    existed = path.exists()
    if existed:
        inspect_existing(path)
    else:
        _ensure_folder(path.parent)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        apply_pragmas(conn)
        if existed and MIGRATIONS.pending(db):
            take_backup(conn, path.parent / "backups", "before-migration")
        MIGRATIONS.apply(db)
    except sqlite3.OperationalError as error:
        raise explain_operational(path, error) from None
    except sqlite3.DatabaseError as error:
        raise CorruptDatabase(path, f"The SalesCoach database is damaged ({error}).") from None
    except OSError as error:  # the safety copy before a migration could not be written
        raise StorageUnavailable(
            f"SalesCoach cannot write in {path.parent} ({error.strerror}); nothing was changed."
        ) from None
    return db


def apply_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def inspect_existing(path: Path) -> None:
    """Refuse, without writing a byte, a file we must not open for writing."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise UnreadableDatabase(
            path,
            f"The SalesCoach database cannot be read ({error.strerror}). "
            "Check the file's permissions, or start SalesCoach with another data folder.",
        ) from None
    if header != SQLITE_HEADER:
        what = "is empty" if not header else "is not a SalesCoach database"
        raise CorruptDatabase(
            path,
            f"The SalesCoach database {what}: it may have been truncated or overwritten. "
            "It has not been changed. Restore a backup, or move the file away to start afresh.",
        )
    # Without a pending write-ahead log the file alone is the whole truth, and `immutable`
    # reads it without creating -wal/-shm companions; with one, read both, still read-only.
    has_wal = Path(f"{path}-wal").exists()
    mode = "mode=ro" if has_wal else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True)
    except sqlite3.Error as error:
        message = f"The SalesCoach database cannot be opened ({error})."
        raise UnreadableDatabase(path, message) from None
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise CorruptDatabase(
                path,
                "The SalesCoach database is damaged (the integrity check found: "
                f"{verdict}). It has not been changed. Restore a backup.",
            )
        unknown = _unknown_migrations(conn)
        if unknown:
            raise NewerDatabase(
                path,
                "This database was written by a newer version of SalesCoach "
                f"(it has changes this version does not know: {', '.join(unknown)}). "
                "Install the newer SalesCoach to open it; the file has not been changed.",
            )
    except sqlite3.OperationalError as error:
        raise explain_operational(path, error) from None
    except sqlite3.DatabaseError as error:
        raise CorruptDatabase(
            path,
            f"The SalesCoach database is damaged ({error}). It has not been changed. "
            "Restore a backup.",
        ) from None
    finally:
        conn.close()


def _unknown_migrations(conn: sqlite3.Connection) -> list[str]:
    table = MIGRATIONS.migrations_table
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    if not exists:
        return []
    applied = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM [{table}] WHERE migration_set = ? ORDER BY rowid", [MIGRATIONS.name]
        )
    ]
    known = {migration.name for migration in MIGRATIONS._migrations}
    return [name for name in applied if name not in known]


def explain_operational(path: Path, error: sqlite3.OperationalError) -> Exception:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            path,
            "The SalesCoach database is in use by another program (perhaps another SalesCoach "
            "window). Close it and try again.",
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageUnavailable(
            f"SalesCoach cannot write to its data folder {path.parent} ({error}). "
            "Check that the folder exists and is writable, or choose another with --basedir."
        )
    if "disk" in text and "full" in text:
        return StorageUnavailable(
            f"The disk holding {path.parent} is full. Free some space and try again."
        )
    if "not a database" in text or "malformed" in text:
        return CorruptDatabase(path, f"The SalesCoach database is damaged ({error}).")
    return StorageUnavailable(f"SalesCoach cannot use its database {path} ({error}).")


def _ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageUnavailable(
            f"SalesCoach cannot create its data folder {folder} ({error.strerror}). "
            "Choose another with --basedir or the SALESCOACH_HOME variable."
        ) from None
    if not os.access(folder, os.W_OK):
        raise StorageUnavailable(
            f"SalesCoach cannot write to its data folder {folder}. "
            "Choose another with --basedir or the SALESCOACH_HOME variable."
        )


@contextmanager
def explained_errors(db: sqlite_utils.Database) -> Iterator[None]:
    """Turn SQLite's failures during a write into messages the rep can act on."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise explain_operational(_database_path(db), error) from None
    except sqlite3.DatabaseError as error:
        raise CorruptDatabase(
            _database_path(db), f"The SalesCoach database cannot be written ({error})."
        ) from None
    except OSError as error:
        raise StorageUnavailable(f"SalesCoach cannot write its data ({error.strerror}).") from None


def _database_path(db: sqlite_utils.Database) -> Path:
    try:
        return Path(db.execute("PRAGMA database_list").fetchone()[2])
    except sqlite3.Error:
        return Path("salescoach.db")
