"""The command line: version, data folder choice, self-test, demo, and calm failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from salescoach import __version__
from salescoach.app import main
from salescoach.paths import DATABASE_NAME, resolve_basedir


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"SalesCoach {__version__}"


def test_python_dash_m_behaves_like_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "salescoach", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"SalesCoach {__version__}"


def test_basedir_beats_the_environment_which_beats_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESCOACH_HOME", str(tmp_path / "from-env"))
    assert resolve_basedir(tmp_path / "from-cli") == tmp_path / "from-cli"
    assert resolve_basedir(None) == tmp_path / "from-env"
    monkeypatch.delenv("SALESCOACH_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_basedir(None) == tmp_path / "xdg" / "SalesCoach"


def test_self_test_passes_in_a_temporary_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "playbook collaborative-discovery",
        "playbook spin",
        "playbook meddpicc",
        "playbook bant",
        "template client-summary.html.j2",
        "Self-test passed.",
    ):
        assert expected in out


def test_self_test_with_a_basedir_leaves_a_migrated_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--self-test", "--basedir", str(tmp_path)]) == 0
    assert (tmp_path / DATABASE_NAME).exists()
    assert main(["--self-test", "--basedir", str(tmp_path)]) == 0  # again, on the same file


def test_self_test_fails_with_a_reason_on_a_corrupt_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / DATABASE_NAME).write_bytes(b"garbage" * 100)
    assert main(["--self-test", "--basedir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "not a SalesCoach database" in out
    assert "Traceback" not in out


def test_demo_twice_adds_nothing_the_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    assert "Added 6 demo prospects" in capsys.readouterr().out
    assert main(["demo", "--basedir", str(tmp_path)]) == 0
    assert "nothing added" in capsys.readouterr().out


def test_demo_uses_salescoach_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SALESCOACH_HOME", str(tmp_path / "team"))
    assert main(["demo"]) == 0
    assert (tmp_path / "team" / DATABASE_NAME).exists()


def test_a_corrupt_database_gives_a_message_and_a_failing_exit_code(tmp_path: Path) -> None:
    database = tmp_path / DATABASE_NAME
    database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    before = database.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "salescoach", "demo", "--basedir", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "salescoach: The SalesCoach database is damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert database.read_bytes() == before
