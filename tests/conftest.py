"""Shared test set-up: offscreen Qt, GUI tests auto-marked, a temp data folder for everyone."""

from __future__ import annotations

import os
import socket
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
