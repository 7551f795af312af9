"""Problems the rep can understand and act on.

A `SalesCoachError` carries a calm, complete message for the person in front of the screen.
Anything else is a bug and goes to the crash handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SalesCoachError(Exception):
    """A known problem with the environment or the user's files, explained in plain words."""


class DatabaseError(SalesCoachError):
    """The database file cannot be used as it is. The file is left untouched."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{message}\nFile: {path}")
        self.path = path


class UnreadableDatabase(DatabaseError):
    pass


class CorruptDatabase(DatabaseError):
    pass


class NewerDatabase(DatabaseError):
    pass


class DatabaseLocked(DatabaseError):
    pass


class NotFound(SalesCoachError):
    """Something asked for by id (a meeting, a prospect) does not exist."""


class InvalidInput(SalesCoachError):
    """What the rep entered cannot be kept as it is; the message says what to change."""


class StorageUnavailable(SalesCoachError):
    """The data folder cannot be created or written (read-only, full, no permission)."""


@dataclass(frozen=True)
class FileProblem:
    """One problem in a user-editable file, reported as `file:line: message`."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class InvalidFile(SalesCoachError):
    """A playbook or template file has problems; each is a `FileProblem`."""

    def __init__(self, problems: list[FileProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
