"""The command line: version, data folder choice, self-test, demo, and calm failures."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from shared_helpers import run_child

from salescoach import __version__
from salescoach.app import main
from salescoach.paths import DATABASE_NAME, resolve_basedir


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"SalesCoach {__version__}"


def test_python_dash_m_behaves_like_the_command() -> None:
    result = run_child([sys.executable, "-m", "salescoach", "--version"])
    assert result.returncode == 0, result.stderr
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
    conn = sqlite3.connect(tmp_path / DATABASE_NAME)
    try:  # the rep's data gains no sample prospect
        assert conn.execute("SELECT count(*) FROM prospects").fetchone()[0] == 0
    finally:
        conn.close()


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
    result = run_child([sys.executable, "-m", "salescoach", "demo", "--basedir", str(tmp_path)])
    assert result.returncode != 0
    assert "salescoach: The SalesCoach database is damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert database.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_data_and_exports_are_owner_only(tmp_path: Path) -> None:
    basedir = tmp_path / "data"
    for args in (
        ["demo"],
        [
            "export",
            "--interview",
            "1",
            "--template",
            "client-summary",
            "--format",
            "pdf",
            "--output",
            str(basedir / "exports" / "summary.pdf"),
        ],
    ):
        result = run_child(
            [sys.executable, "-m", "salescoach", *args, "--basedir", str(basedir)],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(basedir.stat().st_mode) == 0o700
    assert stat.S_IMODE((basedir / "exports").stat().st_mode) == 0o700
    for path in basedir.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_test_suite_itself_refuses_network_sockets() -> None:
    import socket

    with pytest.raises(AssertionError, match="offline"):
        socket.create_connection(("127.0.0.1", 9))
