"""Helpers several test files share (on the path through pytest's `pythonpath`)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from salescoach.app import main
from salescoach.storage.backups import list_backups

T = TypeVar("T")

SAVE_WAIT_MS = 10_000
"""How long a test waits for a save the app makes by itself (the typing debounce, a retry):
each is due well within a second, but a loaded machine runs timers late. How soon the save
comes is checked in tests/ui/test_autosave.py, not by these waits."""

CHILD_TIMEOUT_S = 120
"""How long a child process (Python, the app, a tool) may take: a loaded machine starts Python and
Qt slowly, and a hung child must still fail the test rather than hold up the run."""


def finishes(seconds: float, work: Callable[[], T]) -> T:
    """`work()`, failing the test (not hanging it) if it runs past `seconds`."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the test below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_child(
    command: Sequence[str], timeout: float = CHILD_TIMEOUT_S, **options: Any
) -> subprocess.CompletedProcess[str]:
    """Run `command` to its end with its output captured as text. One still running after
    `timeout` seconds is killed and fails the test with what it had printed so far."""
    try:
        return subprocess.run(
            list(command), capture_output=True, text=True, timeout=timeout, **options
        )
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(
            f"still running after {timeout} s: {' '.join(map(str, command))}\n"
            f"--- stdout\n{_tail(expired.stdout)}\n--- stderr\n{_tail(expired.stderr)}"
        ) from None


def _tail(output: str | bytes | None, size: int = 4000) -> str:
    if isinstance(output, bytes):  # what was read before the timeout comes undecoded
        output = output.decode(errors="replace")
    return (output or "")[-size:]


def damage_an_index_nothing_reads_at_start(path: Path) -> bytes:
    """Scribble over one index page: the file still opens and migrates, only a check of every
    page finds it (the kind of damage a failing disk leaves where nobody looks)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'idx_answer_history_answer_id'"
        ).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    return path.read_bytes()


def delete_with_log(database: Path) -> None:
    """Delete a database file and its write-ahead log files, as a clean-up program would."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def answer_rows(conn: sqlite3.Connection) -> list[tuple]:
    """Every answer, note and quote, in the order they were first saved."""
    query = "SELECT interview_id, question_id, value, note, quote FROM answers ORDER BY id"
    return conn.execute(query).fetchall()


def fresh_answer_rows(database: Path) -> list[tuple]:
    """What a new connection, as at the next start, finds in the file at `database` (which must
    pass its integrity check)."""
    conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return answer_rows(conn)
    finally:
        conn.close()


def companies_in(database: Path) -> list[str]:
    """The prospects' companies in the file at `database`, read as the next start would."""
    conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT company FROM prospects ORDER BY id")]
    finally:
        conn.close()


def demo_data_with_a_backup(basedir: Path) -> Path:
    """A data folder with the demo prospects and one backup of them; returns the backup."""
    assert main(["demo", "--basedir", str(basedir)]) == 0
    assert main(["backup", "--basedir", str(basedir)]) == 0
    (backup,) = list_backups(basedir / "backups")
    return backup.path


@contextlib.contextmanager
def drive_gone(conn: sqlite3.Connection, database: Path) -> Iterator[None]:
    """The drive holding the data goes away under an open connection (Linux only: every handle
    this process has on the file is pointed at its folder, so each read fails as on a lost disk).
    The log is checkpointed and the page cache dropped first, so reads must reach the file."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA shrink_memory")
    gone = os.open(database.parent, os.O_RDONLY)
    try:
        for entry in Path("/proc/self/fd").iterdir():
            with contextlib.suppress(OSError):
                if Path(os.readlink(entry)) == database:
                    os.dup2(gone, int(entry.name))
        yield
    finally:
        os.close(gone)
