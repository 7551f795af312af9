"""The playbooks a rep can start a meeting with."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salescoach import resources
from salescoach.errors import FileProblem

# Reading playbooks needs YAML and the pydantic model: both load with the first read of the
# files, after the main window shows, not at start-up.
if TYPE_CHECKING:
    from salescoach.domain.playbook import Playbook
    from salescoach.playbooks.library import PlaybookLibrary


class PlaybookService:
    def __init__(self, shipped_dir: Path, user_dir: Path | None) -> None:
        self.shipped_dir = shipped_dir
        self.user_dir = user_dir
        self._library: PlaybookLibrary | None = None

    @classmethod
    def shipped_only(cls) -> PlaybookService:
        return cls(resources.playbooks_dir(), None)

    def library(self) -> PlaybookLibrary:
        if self._library is None:
            from salescoach.playbooks.library import load_library

            self._library = load_library(self.shipped_dir, self.user_dir)
        return self._library

    def reload(self, user_dir: Path | None = None) -> PlaybookLibrary:
        """Read the files again, from `user_dir` when the folder was changed in Settings."""
        if user_dir is not None:
            self.user_dir = user_dir
        self._library = None
        return self.library()

    def get(self, playbook_id: str) -> Playbook:
        return self.library().get(playbook_id)

    def problems(self) -> list[FileProblem]:
        return self.library().problems
