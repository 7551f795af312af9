"""The data-safety guide for reps and IT states what the code does: the folders, the intervals,
how many backups are kept."""

from __future__ import annotations

from platformdirs.macos import MacOS
from platformdirs.unix import Unix

from salescoach import APP_NAME, log, resources
from salescoach.paths import DATABASE_NAME, DataPaths
from salescoach.storage.backups import KEEP_DAILY, KEEP_MILESTONES, KEEP_RECENT
from salescoach.ui.backup_scheduler import PERIODIC_BACKUP_MINUTES
from salescoach.ui.single_instance import LOCK_NAME

GUIDE = (resources.docs_dir() / "data-safety.md").read_text(encoding="utf-8")


def test_the_rotation_and_interval_are_as_stated() -> None:
    assert f"every {PERIODIC_BACKUP_MINUTES} minutes while it runs" in GUIDE
    assert f"latest {KEEP_RECENT} copies" in GUIDE
    assert f"each of the {KEEP_DAILY} days before" in GUIDE
    assert f"the latest {KEEP_MILESTONES}" in GUIDE


def test_the_folders_and_files_are_named_as_they_are(monkeypatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)  # a test sets it; a rep's Mac does not
    home = MacOS(APP_NAME, appauthor=False, roaming=True).user_data_dir
    assert home.endswith("Library/Application Support/SalesCoach")
    assert "~/Library/Application Support/SalesCoach" in GUIDE
    assert Unix(APP_NAME, appauthor=False, roaming=True).user_data_dir.endswith(
        ".local/share/SalesCoach"
    )
    assert "~/.local/share/SalesCoach" in GUIDE
    assert r"%APPDATA%\SalesCoach" in GUIDE  # roaming=True: CSIDL_APPDATA, no author folder
    paths = DataPaths(resources.docs_dir())
    for name in (
        DATABASE_NAME,
        LOCK_NAME,
        f"{paths.backups.name}/",
        f"{paths.logs.name}/{log.LOG_NAME}",
    ):
        assert f"`{name}`" in GUIDE, name
