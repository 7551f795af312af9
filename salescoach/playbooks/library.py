"""All playbooks available to the rep: the shipped ones plus a user (or team) folder.

A broken user file never stops the app: it is reported and skipped. For the same playbook id the
highest version wins; on a tie the user's folder wins, so a team's edited copy replaces ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from salescoach.domain.playbook import Playbook
from salescoach.errors import FileProblem, InvalidFile
from salescoach.playbooks.loader import load_playbook_file

PLAYBOOK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedPlaybook:
    playbook: Playbook
    source: Path
    shipped: bool


@dataclass
class PlaybookLibrary:
    playbooks: dict[str, LoadedPlaybook] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)

    def get(self, playbook_id: str) -> Playbook:
        return self.playbooks[playbook_id].playbook

    def sorted(self) -> list[LoadedPlaybook]:
        return sorted(self.playbooks.values(), key=lambda item: item.playbook.title.casefold())

    def _offer(self, candidate: LoadedPlaybook) -> None:
        current = self.playbooks.get(candidate.playbook.id)
        if current is None or candidate.playbook.version >= current.playbook.version:
            self.playbooks[candidate.playbook.id] = candidate


def playbook_files(folder: Path) -> list[Path]:
    try:
        return sorted(
            path for path in folder.iterdir() if path.suffix in PLAYBOOK_SUFFIXES and path.is_file()
        )
    except OSError:
        return []


def load_library(shipped_dir: Path, user_dir: Path | None) -> PlaybookLibrary:
    library = PlaybookLibrary()
    folders = [(shipped_dir, True)] + ([(user_dir, False)] if user_dir else [])
    for folder, shipped in folders:
        for path in playbook_files(folder):
            try:
                playbook = load_playbook_file(path)
            except InvalidFile as error:
                library.problems.extend(error.problems)
                continue
            library._offer(LoadedPlaybook(playbook, path, shipped))
    return library
