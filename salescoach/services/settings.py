"""The rep's settings: profile and the folders a team may share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salescoach.paths import DataPaths
from salescoach.storage.meta import KeyValueStore

PROFILE_KEYS = ("name", "title", "company", "email", "phone", "signature")
DEFAULT_PLAYBOOK = "collaborative-discovery"


class SettingsService:
    def __init__(self, store: KeyValueStore, paths: DataPaths) -> None:
        self.store = store
        self.paths = paths

    def profile(self) -> dict[str, str]:
        saved: dict[str, Any] = self.store.get("rep_profile", {}) or {}
        return {key: str(saved.get(key) or "") for key in PROFILE_KEYS}

    def set_profile(self, **fields: str) -> None:
        unknown = set(fields) - set(PROFILE_KEYS)
        if unknown:
            raise ValueError(f"unknown profile fields: {sorted(unknown)}")
        self.store.set("rep_profile", {**self.profile(), **fields})

    def playbooks_folder(self) -> Path:
        chosen = self.store.get("playbooks_folder")
        return Path(chosen) if chosen else self.paths.playbooks

    def set_playbooks_folder(self, folder: Path | None) -> None:
        self.store.set("playbooks_folder", str(folder) if folder else None)

    def templates_folder(self) -> Path:
        chosen = self.store.get("templates_folder")
        return Path(chosen) if chosen else self.paths.templates

    def set_templates_folder(self, folder: Path | None) -> None:
        self.store.set("templates_folder", str(folder) if folder else None)

    def default_playbook(self) -> str:
        return str(self.store.get("default_playbook", DEFAULT_PLAYBOOK))

    def set_default_playbook(self, playbook_id: str) -> None:
        self.store.set("default_playbook", playbook_id)
