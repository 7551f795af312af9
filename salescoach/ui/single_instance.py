"""One SalesCoach per data folder.

A lock file in the data folder (`salescoach.lock`, QLockFile) says who is using it; a local
socket (a named pipe on Windows, a socket file on macOS and Linux; never a network connection),
named after a hash of the folder's path, lets a second start ask the first to come forward.
Two different data folders therefore run side by side.

A lock left by a SalesCoach that crashed is noticed (its process is gone) and taken over. A
SalesCoach that holds the lock but does not answer is explained to the rep instead.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QMessageBox

from salescoach import APP_NAME
from salescoach.errors import SalesCoachError

log = logging.getLogger(__name__)

LOCK_NAME = "salescoach.lock"
ANSWER_TIMEOUT_MS = 3000  # how long a second start waits for the first to answer
RETRY_MS = 100
FIRST_ASK_MS = 1000  # a running SalesCoach answers at once; no server: refused at once
SHOW = b"show\n"
SHOWN = b"shown\n"


class DataFolderInUse(SalesCoachError):
    """SalesCoach (or a salescoach command) is using the data folder right now."""


class Outcome(enum.Enum):
    FIRST = "this process now owns the data folder"
    SHOWN_ELSEWHERE = "the SalesCoach already running came forward"
    NOT_ANSWERING = "another SalesCoach holds the data folder but does not answer"
    UNGUARDED = "the lock file cannot be written; opening the data explains why"


def server_name(basedir: Path) -> str:
    """Short and safe as a socket or pipe name, and different for every data folder."""
    digest = hashlib.sha256(str(basedir.resolve()).encode("utf-8")).hexdigest()[:24]
    return f"salescoach-{digest}"


def _lock_for(basedir: Path) -> QLockFile | None:
    try:
        basedir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    lock = QLockFile(str(basedir / LOCK_NAME))
    lock.setStaleLockTime(0)  # held for hours: only a vanished process makes it stale
    return lock


class InstanceGuard(QObject):
    showRequested = Signal()
    """A second start asked this SalesCoach to bring its window forward."""

    def __init__(self, basedir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.basedir = basedir
        self.name = server_name(basedir)
        self._lock: QLockFile | None = None  # taken in `claim`, once nobody else answers
        self._server: QLocalServer | None = None

    def claim(self, answer_timeout_ms: int = ANSWER_TIMEOUT_MS) -> Outcome:
        """Own the data folder, or have the SalesCoach that owns it come forward.

        Keeps trying for `answer_timeout_ms`: the other may be starting (lock taken, not yet
        listening) or a salescoach command may be about to finish.
        """
        # The lock file lives in the data folder, so a SalesCoach whose folder was moved away
        # (by a sync program, say) holds no lock here any more: asked first, it comes forward,
        # and this start never makes a new, empty data folder of its own beside it.
        if ask_to_show(self.name, FIRST_ASK_MS):
            return Outcome.SHOWN_ELSEWHERE
        self._lock = _lock_for(self.basedir)
        if self._lock is None:
            return Outcome.UNGUARDED
        deadline = time.monotonic() + answer_timeout_ms / 1000
        while True:
            if self._lock.tryLock(0):
                self._listen()
                return Outcome.FIRST
            if self._lock.error() != QLockFile.LockError.LockFailedError:
                log.warning("cannot use the lock file in %s: %s", self.basedir, self._lock.error())
                return Outcome.UNGUARDED
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0:
                return Outcome.NOT_ANSWERING
            if ask_to_show(self.name, min(remaining_ms, 1000)):
                return Outcome.SHOWN_ELSEWHERE
            time.sleep(RETRY_MS / 1000)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None and self._lock.isLocked():
            self._lock.unlock()

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A socket file left by a crashed SalesCoach would block the name; we own the lock, so
        # no live SalesCoach can be using it.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            log.warning("a second start cannot reach this one: %s", server.errorString())
            return
        server.newConnection.connect(self._answer)
        self._server = server

    def _answer(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            connection = server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._on_request(c))
            connection.disconnected.connect(connection.deleteLater)

    def _on_request(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).startswith(SHOW.strip()):
            log.info("brought forward at the request of a second start")
            connection.write(SHOWN)
            connection.waitForBytesWritten(1000)  # now, not at the event loop's next turn
            # The second start hangs up once it has read this; hanging up first could lose it.
            self.showRequested.emit()


def ask_to_show(name: str, timeout_ms: int) -> bool:
    """Ask the SalesCoach listening on `name` to come forward; True when it said it did."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(SHOW)
        socket.flush()
        reply = b""
        deadline = time.monotonic() + timeout_ms / 1000
        # Short waits: a long waitForReadyRead may give up early ("timed out") in Qt 6.
        while SHOWN not in reply and time.monotonic() < deadline:
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                break
            socket.waitForReadyRead(RETRY_MS)
            reply += bytes(socket.readAll().data())
        return SHOWN in reply
    finally:
        socket.abort()


@contextmanager
def exclusive_use(basedir: Path) -> Iterator[None]:
    """For a command that changes the data (restore, demo...): refuse while SalesCoach (or
    another such command) uses the folder, and keep SalesCoach from starting meanwhile."""
    lock = _lock_for(basedir)
    if lock is None or not lock.tryLock(0):
        if lock is not None and lock.error() == QLockFile.LockError.LockFailedError:
            raise DataFolderInUse(
                f"SalesCoach is open with the data folder {basedir}. "
                "Quit it first, then run this command again."
            )
        yield  # a folder we cannot lock in: the database step explains what is wrong
        return
    try:
        yield
    finally:
        lock.unlock()


class AlreadyRunning:
    """What the rep sees when another SalesCoach holds the data but does not answer;
    replaceable in tests."""

    MESSAGE = (
        "SalesCoach is already open with this data folder, but it does not answer.\n\n"
        "Wait a moment and start SalesCoach again. If it still does not answer, close the "
        "other SalesCoach window; if it will not close, end it (Task Manager on Windows, "
        "Force Quit on a Mac, your system monitor on Linux), then start SalesCoach again.\n\n"
        "Your data is safe: only one SalesCoach at a time can change it."
    )

    @classmethod
    def tell(cls, basedir: Path) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, cls.MESSAGE)
        box.setDetailedText(f"Data folder: {basedir}\nLock file: {basedir / LOCK_NAME}")
        box.exec()
