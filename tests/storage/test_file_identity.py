"""The database file deleted, moved or replaced while it is open: seen for one `stat`, and the
data the open connection still holds written back whole, never over another file."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from shared_helpers import delete_with_log

from salescoach.storage.file_identity import OpenedDatabase
from salescoach.storage.put_back import put_back

ROWS = [f"Client said {n}: the trucks are late every Monday" for n in range(200)]


@dataclass
class Open:
    path: Path
    conn: sqlite3.Connection
    opened: OpenedDatabase


def _open_with_rows(path: Path, rows: list[str]) -> sqlite3.Connection:
    """A connection in write-ahead mode with `rows` saved, as SalesCoach keeps it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, said TEXT)")
    _save(conn, rows)
    return conn


def _save(conn: sqlite3.Connection, rows: list[str]) -> None:
    with conn:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO answers (said) VALUES (?)", [[row] for row in rows])


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Open]:
    path = tmp_path / "data" / "salescoach.db"
    conn = _open_with_rows(path, [])
    opened = OpenedDatabase.record(path)  # as SalesCoach does, once it has opened the file
    _save(conn, ROWS)
    yield Open(path, conn, opened)
    conn.close()


def _rows(path: Path) -> list[str]:
    """What a fresh connection, as at the next start, finds in the file at `path`."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT said FROM answers ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def another_laptop(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """`another_laptop(rows, keep_in_log=False)`: a database of its own, as a sync client brings
    it; `keep_in_log`: its rows stay in its log (its connection open until the test ends)."""
    still_open: list[sqlite3.Connection] = []

    def make(rows: int, keep_in_log: bool = False) -> Path:
        path = tmp_path / "elsewhere" / "other.db"
        conn = _open_with_rows(path, [])
        if keep_in_log:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
        _save(conn, [f"Other laptop's row {n}" for n in range(rows)])
        if keep_in_log:
            still_open.append(conn)
        else:
            conn.close()
        return path

    yield make
    for conn in still_open:
        conn.close()


def test_the_file_just_opened_is_in_place(database: Open) -> None:
    assert database.opened.where_is_it() == "in place"


def test_a_deleted_file_is_missing(database: Open) -> None:
    delete_with_log(database.path)
    assert database.opened.where_is_it() == "missing"


def test_a_folder_moved_away_and_back(database: Open, tmp_path: Path) -> None:
    database.path.parent.rename(tmp_path / "moved")
    assert database.opened.where_is_it() == "missing"
    (tmp_path / "moved").rename(database.path.parent)  # the very same file again
    assert database.opened.where_is_it() == "in place"


def test_another_file_under_the_same_name_is_replaced(database: Open, tmp_path: Path) -> None:
    other = tmp_path / "data" / "synced.tmp"
    shutil.copyfile(database.path, other)  # even the same bytes: not the file being written
    other.replace(database.path)
    assert database.opened.where_is_it() == "replaced"


def test_a_look_costs_one_stat(database: Open, monkeypatch) -> None:
    calls: list[object] = []
    real_stat = os.stat

    def counting_stat(*args, **kwargs):
        calls.append(args[0])
        return real_stat(*args, **kwargs)

    monkeypatch.setattr(os, "stat", counting_stat)
    assert database.opened.where_is_it() == "in place"
    assert len(calls) == 1


def test_the_open_connection_puts_every_row_back(database: Open) -> None:
    path = database.path
    delete_with_log(path)
    database.conn.execute("INSERT INTO answers (said) VALUES ('typed after the file went')")

    placed = put_back(database.conn, database.opened)

    assert (placed.path, placed.set_aside) == (path, None)
    assert sorted(p.name for p in path.parent.iterdir()) == ["salescoach.db"]  # nothing partial
    assert _rows(path) == [*ROWS, "typed after the file went"]


def test_a_log_left_at_the_old_name_is_not_replayed_over_the_copy(
    database: Open, another_laptop
) -> None:
    other = another_laptop(len(ROWS), keep_in_log=True)
    delete_with_log(database.path)
    shutil.copyfile(f"{other}-wal", f"{database.path}-wal")  # a stray log where ours was

    assert put_back(database.conn, database.opened).path == database.path
    database.conn.close()  # as SalesCoach does, before opening the file again
    assert _rows(database.path) == ROWS


def test_a_file_that_took_the_name_is_kept_under_a_name_of_its_own(database: Open) -> None:
    path = database.path
    delete_with_log(path)
    path.write_bytes(b"a sync client's own version")

    placed = put_back(database.conn, database.opened)

    assert placed.set_aside is not None and placed.set_aside.parent == path.parent
    assert re.fullmatch(r"salescoach-replaced-\d{8}-\d{6}\.db", placed.set_aside.name)
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        ["salescoach.db", placed.set_aside.name]
    )
    assert placed.set_aside.read_bytes() == b"a sync client's own version"  # never overwritten
    assert placed.path == path and _rows(path) == ROWS  # the rep's data, back in its place


def test_our_log_is_not_taken_along_with_the_file_that_took_the_name(
    database: Open, another_laptop
) -> None:
    database.conn.execute("PRAGMA wal_autocheckpoint = 0")  # our latest rows are in our log
    database.conn.execute("INSERT INTO answers (said) VALUES ('only in our log')")
    other = another_laptop(3)
    shutil.copyfile(other, database.path.with_name("sync.tmp"))
    database.path.with_name("sync.tmp").replace(database.path)  # our log stays at its name

    placed = put_back(database.conn, database.opened)
    database.conn.close()

    assert _rows(database.path) == [*ROWS, "only in our log"]
    assert placed.set_aside is not None
    assert _rows(placed.set_aside) == [f"Other laptop's row {n}" for n in range(3)]


def test_a_log_that_came_with_the_other_file_goes_with_it(database: Open, another_laptop) -> None:
    other = another_laptop(3, keep_in_log=True)
    path = database.path
    for suffix in ("-wal", ""):  # a whole folder copied over from another laptop
        shutil.copyfile(f"{other}{suffix}", path.with_name("sync.tmp"))
        path.with_name("sync.tmp").replace(f"{path}{suffix}")

    placed = put_back(database.conn, database.opened)
    database.conn.close()

    assert _rows(path) == ROWS
    assert placed.set_aside is not None
    assert _rows(placed.set_aside) == [f"Other laptop's row {n}" for n in range(3)]


def test_a_folder_that_went_is_not_made_again(database: Open, tmp_path: Path) -> None:
    database.path.parent.rename(tmp_path / "moved")

    with pytest.raises(FileNotFoundError):
        put_back(database.conn, database.opened)

    assert not database.path.parent.exists()
    assert database.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == len(ROWS)
    assert _rows(tmp_path / "moved" / "salescoach.db") == ROWS  # it went there, whole
