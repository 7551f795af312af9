"""Shared test set-up: offscreen Qt, GUI tests auto-marked, a temp data folder for everyone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TESTS_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if (TESTS_DIR / "ui") in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test may touch the real data folder: SALESCOACH_HOME points at a fresh temp folder."""
    home = tmp_path_factory.mktemp("salescoach-home")
    monkeypatch.setenv("SALESCOACH_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    return home


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
