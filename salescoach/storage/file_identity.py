"""Which files a path named when the database was opened, and whether it still does.

SQLite writes through the file handles it opened, not through the names: when a sync client, a
clean-up tool or a folder moved by hand takes the file away, every later save goes into a file
nobody will open again. The file system's own identity of a file (device and inode number) tells,
for one `stat` call, whether the name still leads to the file being written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Whereabouts = Literal["in place", "missing", "replaced"]
"""'in place': the path leads to the open file; 'missing': nothing is there (deleted, or moved
away with its folder); 'replaced': another file now has its name."""


@dataclass(frozen=True)
class FileIdentity:
    device: int
    inode: int


def identity_of(path: Path) -> FileIdentity | None:
    """The identity of the file at `path` now; None when there is none to read."""
    try:
        found = path.stat()
    except OSError:
        return None
    return FileIdentity(found.st_dev, found.st_ino)


def log_files(database: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and its index, named after the database."""
    return Path(f"{database}-wal"), Path(f"{database}-shm")


@dataclass(frozen=True)
class OpenedDatabase:
    """The database file and its log files as they were just after the database was opened."""

    path: Path
    file: FileIdentity | None
    logs: tuple[FileIdentity | None, ...]

    @classmethod
    def record(cls, path: Path) -> OpenedDatabase:
        """Call once the database is open (its log files exist from then until it closes)."""
        return cls(path, identity_of(path), tuple(map(identity_of, log_files(path))))

    def where_is_it(self) -> Whereabouts:
        """Where the opened file is now, relative to its path; costs one `stat`.

        Without a recorded identity there is nothing to compare: 'in place'. A file system that
        numbers no files (inode 0, as FAT does on Windows) can only tell present from missing."""
        if self.file is None:
            return "in place"
        try:
            found = self.path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return "missing"
        except OSError:
            # Not allowed to look, or a passing disk error: no sign that the file went. A file
            # that really went is seen as missing at the next look.
            return "in place"
        if self.file.inode == 0 or found.st_ino == 0:
            return "in place"
        same = FileIdentity(found.st_dev, found.st_ino) == self.file
        return "in place" if same else "replaced"

    def own_logs(self) -> list[Path]:
        """The log files at the database's name that are still the ones opened with it. A file
        put in the database's place may bring logs of its own; these are ours, and would be
        replayed over it by the next connection to open it."""
        return [
            path
            for path, opened in zip(log_files(self.path), self.logs, strict=True)
            if opened is not None and opened.inode != 0 and identity_of(path) == opened
        ]
