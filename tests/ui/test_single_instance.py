"""One SalesCoach per data folder: a second start brings the first forward and exits quietly; a
first that does not answer is explained; a crashed one's lock is taken over; commands that change
the data wait for SalesCoach to close; two data folders run side by side."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from shared_helpers import run_child

from salescoach.app import main
from salescoach.ui.single_instance import (
    LOCK_NAME,
    DataFolderInUse,
    InstanceGuard,
    Outcome,
    exclusive_use,
    server_name,
)

CHILD = Path(__file__).with_name("instance_child.py")
START_TIMEOUT_S = 60


@pytest.fixture
def guard(qapp, tmp_path: Path):
    first = InstanceGuard(tmp_path / "data")
    assert first.claim() is Outcome.FIRST
    yield first
    first.release()


def test_each_data_folder_has_its_own_name(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")
    assert len(server_name(tmp_path / ("long" * 60))) < 50  # fits a socket path anywhere


# A second start, as far as the question goes: its own process, as in real use. (Asked from a
# thread of this process, the question now and then went unheard until the asker hung up.)
ASK = """
import sys
from PySide6.QtCore import QCoreApplication
from salescoach.ui.single_instance import ask_to_show
app = QCoreApplication(sys.argv[:1])
print("answered" if ask_to_show(sys.argv[1], int(sys.argv[2])) else "no answer", flush=True)
"""


def test_a_second_start_asks_the_first_to_come_forward(qtbot, guard) -> None:
    with qtbot.waitSignal(guard.showRequested, timeout=START_TIMEOUT_S * 1000):
        asking = subprocess.Popen(
            [sys.executable, "-c", ASK, guard.name, "10000"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
    try:  # the first keeps running its event loop while the second reads the answer
        qtbot.waitUntil(lambda: asking.poll() is not None, timeout=START_TIMEOUT_S * 1000)
    finally:
        if asking.poll() is None:
            asking.kill()
        out, err = asking.communicate(timeout=30)
    assert (asking.returncode, out) == (0, "answered\n"), err


def test_a_first_that_does_not_answer_is_reported(guard) -> None:
    # The first guard lives on this thread, which is busy in claim(): it cannot answer.
    second = InstanceGuard(guard.basedir)
    started = time.monotonic()
    assert second.claim(answer_timeout_ms=500) is Outcome.NOT_ANSWERING
    assert time.monotonic() - started < 5


def test_another_data_folder_is_not_blocked(guard, tmp_path: Path) -> None:
    other = InstanceGuard(tmp_path / "other")
    try:
        assert other.claim() is Outcome.FIRST
    finally:
        other.release()


def test_restore_is_refused_while_salescoach_has_the_data_open(
    guard, tmp_path: Path, capsys
) -> None:
    basedir = guard.basedir
    assert main(["restore", "--basedir", str(basedir), str(tmp_path / "any.db")]) == 2
    assert "Quit it first" in capsys.readouterr().err
    assert not (basedir / "salescoach.db").exists()  # nothing was touched
    with pytest.raises(DataFolderInUse), exclusive_use(basedir):
        pass
    guard.release()
    with exclusive_use(basedir):  # free again once SalesCoach has closed
        assert (basedir / LOCK_NAME).exists()
    assert not (basedir / LOCK_NAME).exists()


# --- for real: separate processes ----------------------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def _start(basedir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "salescoach", "--basedir", str(basedir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )


def _log(basedir: Path) -> str:
    path = basedir / "logs" / "salescoach.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _wait_for(condition, what: str, process: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: the app exited early: {process.stderr.read()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: timed out")
        time.sleep(0.05)


def _run(args: list[str], timeout: float = START_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
    return run_child([sys.executable, *args], timeout=timeout, env=_env())


def _end(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.kill()
    process.communicate(timeout=30)


@pytest.mark.slow
def test_two_processes_on_one_data_folder(tmp_path: Path) -> None:
    basedir = tmp_path / "data"
    first = _start(basedir)
    others: list[subprocess.Popen[str]] = []
    try:
        _wait_for(lambda: "SalesCoach is open" in _log(basedir), "first start", first)

        second = _run(["-m", "salescoach", "--basedir", str(basedir)])
        assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
        _wait_for(lambda: "brought forward" in _log(basedir), "the first came forward")
        assert _log(basedir).count("SalesCoach is open") == 1  # the second never opened the data
        assert first.poll() is None

        # A sync program moves the folder away, lock and all: a second start still finds the
        # first, and makes no new, empty data folder where the old one was.
        basedir.rename(tmp_path / "moved away")
        again = _run(["-m", "salescoach", "--basedir", str(basedir)])
        assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
        assert not basedir.exists()
        (tmp_path / "moved away").rename(basedir)
        assert _log(basedir).count("brought forward") == 2

        elsewhere = tmp_path / "elsewhere"  # another data folder runs side by side
        others.append(_start(elsewhere))
        _wait_for(lambda: "SalesCoach is open" in _log(elsewhere), "other folder", others[0])

        refused = _run(["-m", "salescoach", "restore", "--basedir", str(basedir), "x.db"])
        assert refused.returncode == 2 and "Quit it first" in refused.stderr

        first.send_signal(signal.SIGSTOP)  # hung: holds the lock, answers nothing
        hung = _run([str(CHILD), "--basedir", str(basedir)])
        assert hung.returncode == 1
        assert "does not answer" in hung.stderr and f"TOLD\t{basedir}" in hung.stdout

        first.kill()  # a crash leaves its lock file behind ...
        first.communicate(timeout=30)
        assert (basedir / LOCK_NAME).exists()
        others.append(_start(basedir))  # ... which the next start takes over
        _wait_for(lambda: _log(basedir).count("SalesCoach is open") == 2, "after a crash")
    finally:
        for process in (first, *others):
            _end(process)
