"""Shared test set-up: offscreen Qt, GUI tests auto-marked, a temp data folder for everyone."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TESTS_DIR = Path(__file__).parent
DAY_TURN_MARGIN_S = 60  # far longer than any test that compares dates takes

# The property tests check behaviour, not speed: with Hypothesis's default deadline one example
# slowed by a loaded machine fails the test as "flaky". Speed is measured in tests/bench.
settings.register_profile("salescoach", deadline=None)
settings.load_profile("salescoach")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if (TESTS_DIR / "ui") in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _not_at_the_turn_of_the_day() -> None:
    """Many tests compare what the app shows ('today 14:32', due today, a date field that starts
    on today) with a date they work out themselves, each reading the clock on its own. A test
    that would start in the last minute of the rep's day waits for the next one, so both reads
    fall on the same day."""
    now = datetime.now()
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    left = (midnight - now).total_seconds()
    if left < DAY_TURN_MARGIN_S:
        time.sleep(left + 1)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test may touch the real data folder: SALESCOACH_HOME points at a fresh temp folder."""
    home = tmp_path_factory.mktemp("salescoach-home")
    monkeypatch.setenv("SALESCOACH_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    return home


class _NoNetwork(socket.socket):
    """SalesCoach never talks to a network: any internet socket in a test is a failure."""

    def __init__(self, family: int = -1, *args, **kwargs) -> None:
        if family in (socket.AF_INET, socket.AF_INET6, -1):
            raise AssertionError("SalesCoach opened a network socket; it must work offline")
        super().__init__(family, *args, **kwargs)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _NoNetwork)


@pytest.fixture
def services(tmp_path: Path):
    from salescoach.app import build_services
    from salescoach.paths import DataPaths

    built = build_services(DataPaths(tmp_path / "data"))
    yield built
    built.close()


@pytest.fixture
def default_playbook():
    from salescoach.services.playbooks import PlaybookService

    return PlaybookService.shipped_only().get("collaborative-discovery")


# Holds the database from another process until told to let go (a line on stdin).
HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    path, how = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(path, isolation_level=None, timeout=5)
    if how == "exclusive":  # nobody else may even read: like a tool that takes the whole file
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    else:  # a writer in the middle of a transaction: another SalesCoach, a sync tool
        conn.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
    conn.close()
    """
)


@contextlib.contextmanager
def _held_by_another_program(path: Path, how: str = "immediate") -> Iterator[None]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        yield
    finally:
        if child.stdin is not None:
            child.stdin.write("\n")
            child.stdin.close()
        child.wait(timeout=10)
        if child.stdout is not None:
            child.stdout.close()


@pytest.fixture
def held_by_another_program():
    """`with held_by_another_program(path[, "exclusive"]):` another process holds the database
    (mid-transaction, or the whole file) until the block ends."""
    return _held_by_another_program
