"""Open the SalesCoach database safely.

Before anything is written, the file is inspected read-only: an unreadable, corrupt or truncated
file, or one written by a newer SalesCoach, is refused with a plain explanation and left exactly as
it was. Only then is it opened for writing, with the pragmas a laptop on a dying battery needs.

SQLite's `quick_check` reads every page, so its cost grows with the file: up to
`QUICK_CHECK_AT_OPEN_MAX_BYTES` it runs before the file is opened; a larger file opens at once and
`check_later` runs the same check on a connection of its own while the app is in use.
"""

from __future__ import annotations

import functools
import inspect
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

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

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 3000

QUICK_CHECK_AT_OPEN_MAX_BYTES = 32 * 1024 * 1024
"""A larger database is checked after the window shows, not before. Measured (file read ahead):
32 MB costs about 33 ms warm and 45 ms with an empty disk cache, a sixth of the 300 ms the home
screen may take; 64 MB costs 55 / 85 ms, and a 1.2 GB file 1 s warm, 1.5 s cold."""

READ_AHEAD_STEP = 16 * 1024 * 1024
CANCEL_POLL_STEPS = 1000  # SQLite steps between two looks at whether a later check was cancelled


def open_database(path: Path, quick_check_max_bytes: int | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`. The quick check runs first
    when the file is at most `quick_check_max_bytes` (None: `QUICK_CHECK_AT_OPEN_MAX_BYTES`);
    a larger file is left to `check_later`."""
    existed = path.exists()
    if existed:
        inspect_existing(path, quick_check_max_bytes=_limit(quick_check_max_bytes))
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


def _limit(quick_check_max_bytes: int | None) -> int:
    # Read at call time, so a test can lower the module's threshold for the whole app.
    return QUICK_CHECK_AT_OPEN_MAX_BYTES if quick_check_max_bytes is None else quick_check_max_bytes


def check_left_for_later(path: Path, quick_check_max_bytes: int | None = None) -> bool:
    """True when `open_database` did not run the quick check on `path` (too large to wait for)."""
    try:
        return path.stat().st_size > _limit(quick_check_max_bytes)
    except OSError:
        return False


def inspect_existing(path: Path, quick_check_max_bytes: int | None = None) -> bool:
    """Refuse, without writing a byte, a file we must not open for writing. The quick check is
    skipped for a file larger than `quick_check_max_bytes` (None: always checked, as a backup
    is before a restore); True when it ran."""
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
        checked = quick_check_max_bytes is None or path.stat().st_size <= quick_check_max_bytes
        if checked:
            _quick_check(conn, path, "")
        else:
            log.info(
                "quick check of %s left until after start: %.0f MB", path.name, _megabytes(path)
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
        raise _damaged(path, error) from None
    except OSError as error:  # the file went between the header and the size
        raise UnreadableDatabase(
            path, f"The SalesCoach database cannot be read ({error.strerror})."
        ) from None
    finally:
        conn.close()
    return checked


def check_later(path: Path, cancelled: Callable[[], bool] = lambda: False) -> float | None:
    """The quick check `open_database` left for later, safe from any thread while the app reads
    and writes the file: a connection of its own that cannot write, reading the latest saved
    state (write-ahead log included). Returns the seconds it took, or None when `cancelled()`
    became true first; raises `CorruptDatabase` when the file is damaged."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as error:
        raise UnreadableDatabase(
            path, f"The SalesCoach database cannot be opened ({error})."
        ) from None
    conn.set_progress_handler(lambda: int(cancelled()), CANCEL_POLL_STEPS)
    try:
        return _quick_check(conn, path, " after start", cancelled)
    except sqlite3.OperationalError as error:
        if cancelled():
            return None
        raise explain_operational(path, error) from None
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from None
    finally:
        conn.close()


def _quick_check(
    conn: sqlite3.Connection, path: Path, when: str, cancelled: Callable[[], bool] = lambda: False
) -> float | None:
    started = time.perf_counter()
    _read_ahead(path, cancelled)
    if cancelled():
        return None
    verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    seconds = time.perf_counter() - started
    log.info(
        "quick check of %s%s: %s, %.0f MB in %.0f ms",
        path.name,
        when,
        "ok" if verdict == "ok" else "damage found",
        _megabytes(path),
        seconds * 1000,
    )
    if verdict != "ok":
        raise CorruptDatabase(
            path,
            "The SalesCoach database is damaged (the integrity check found: "
            f"{verdict}). It has not been changed. Restore a backup.",
        )
    return seconds


def _damaged(path: Path, error: sqlite3.DatabaseError) -> CorruptDatabase:
    return CorruptDatabase(
        path,
        f"The SalesCoach database is damaged ({error}). It has not been changed. Restore a backup.",
    )


def _megabytes(path: Path) -> float:
    try:
        return path.stat().st_size / 1_000_000
    except OSError:
        return 0.0


def _read_ahead(path: Path, cancelled: Callable[[], bool]) -> None:
    """Bring the file into the system's cache in one pass from start to end. The check reads
    pages in the order of its trees, scattered over the disk: after a fresh boot that costs about
    five times this sequential pass. Best effort: a failure leaves the check to read the file."""
    try:
        with path.open("rb", buffering=0) as source:
            if not _read_ahead_in_kernel(source.fileno(), cancelled):
                buffer = bytearray(1024 * 1024)
                while not cancelled() and source.readinto(buffer):
                    pass
    except OSError:
        pass


def _read_ahead_in_kernel(source: int, cancelled: Callable[[], bool]) -> bool:
    """On Linux, send the file to /dev/null without copying it through Python: nearly free when
    it is cached already. False where that is not possible (the caller reads it instead)."""
    if not sys.platform.startswith("linux"):
        return False
    with Path(os.devnull).open("wb") as null:
        offset = 0
        while not cancelled():
            try:
                sent = os.sendfile(null.fileno(), source, offset, READ_AHEAD_STEP)
            except OSError:
                return offset > 0
            if sent == 0:
                break
            offset += sent
    return True


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
    if "i/o error" in text:  # a failing or removed drive, or a file size limit reached
        return StorageUnavailable(
            f"The disk holding {path.parent} could not be read or written: it may be full, "
            "failing or no longer connected. Free some space or reconnect it, then try again."
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


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """Writes that stand or fall together (nested ones become savepoints), with SQLite's
    failures explained as in `explained_errors`."""
    with explained_errors(db), db.atomic():
        yield


def _database_path(db: sqlite_utils.Database) -> Path:
    try:
        return Path(db.execute("PRAGMA database_list").fetchone()[2])
    except sqlite3.Error:
        return Path("salescoach.db")


# SQLite's primary result codes for trouble in the environment rather than in our own SQL.
_ENVIRONMENT_CODES = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CORRUPT,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
    sqlite3.SQLITE_NOTADB,
}


@contextmanager
def explained_reads(db: sqlite_utils.Database) -> Iterator[None]:
    """Turn a read that fails for reasons outside SalesCoach (locked past the busy timeout, a disk
    error or a vanished drive, a full disk for a temporary file, a damaged file) into the same
    calm messages as a failed write. A mistake in our own SQL stays a bug for the crash handler."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        code = getattr(error, "sqlite_errorcode", None)
        if code is None or code & 0xFF not in _ENVIRONMENT_CODES:
            raise
        if isinstance(error, sqlite3.OperationalError):
            raise explain_operational(_database_path(db), error) from None
        raise CorruptDatabase(
            _database_path(db),
            f"The SalesCoach database cannot be read ({error}). Restore a backup.",
        ) from None


Repository = TypeVar("Repository", bound=type)


def with_explained_reads(cls: Repository) -> Repository:
    """Class decorator for a repository keeping its connection in `self.db`: every public method
    runs inside `explained_reads`, so reads fail as calmly as writes (writes already wrapped in
    `explained_errors` pass through unchanged)."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _reads_explained(member))
    return cls


def _reads_explained(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def explained(self: Any, *args: Any, **kwargs: Any) -> Any:
        with explained_reads(self.db):
            return method(self, *args, **kwargs)

    return explained
