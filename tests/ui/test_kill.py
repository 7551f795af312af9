"""SIGKILL at any moment loses at most the last debounce window: every answer reported saved
is in the database afterwards, so is everything typed more than a debounce window before the
kill, and the database is intact."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.ui.meeting.autosave import DEBOUNCE_MS

CHILD = Path(__file__).with_name("kill_child.py")
SLACK_MS = 400  # a busy 2-core machine may run the child's timer late


def _prepare(basedir: Path) -> int:
    services = build_services(DataPaths(basedir))
    prospect = services.prospects.add("Killtest Ltd")
    interview = services.interviews.start(
        prospect, services.playbooks.get("collaborative-discovery")
    )
    services.close()
    return interview


@pytest.mark.slow
@pytest.mark.parametrize("round_number", range(3))
def test_answers_reported_saved_survive_sigkill(tmp_path: Path, round_number: int) -> None:
    interview = _prepare(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    saved: dict[tuple[str, str], str] = {}
    typed: list[tuple[str, float, str]] = []  # (question, child's monotonic time, text so far)
    chance = random.Random(round_number)
    wanted = chance.randint(4, 12)  # kill after a varying amount of work
    deadline = time.monotonic() + 60
    with subprocess.Popen(
        [sys.executable, str(CHILD), str(tmp_path), str(interview)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as child:
        try:
            for line in child.stdout:
                kind, *fields = line.rstrip("\n").split("\t")
                qid, rest = (fields[0], fields[1:]) if fields else ("", [])
                if kind == "SAVED":
                    saved[(qid, rest[0])] = json.loads(rest[1])
                elif kind == "TYPED":
                    typed.append((qid, float(rest[0]), json.loads(rest[1])))
                if len(saved) >= wanted or time.monotonic() > deadline:
                    time.sleep(chance.uniform(0, 0.6))  # a random moment mid-typing
                    break
        finally:
            killed_at = time.monotonic()
            child.send_signal(signal.SIGKILL)
            errors = child.stderr.read()
            child.wait(10)
    assert child.returncode == -signal.SIGKILL
    assert saved, errors

    conn = sqlite3.connect(tmp_path / "salescoach.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {
        qid: json.loads(value)
        for qid, value in conn.execute(
            "SELECT question_id, value FROM answers WHERE interview_id = ?", [interview]
        )
    }
    conn.close()
    for (qid, _field), value in saved.items():
        # typing only appends, so what is on disk is what was reported, or more of it
        assert stored.get(qid, "").startswith(value), qid
    # Whatever was typed a debounce window (plus scheduling slack) before the kill is on disk.
    safe_before = killed_at - (DEBOUNCE_MS + SLACK_MS) / 1000
    settled: dict[str, str] = {}
    for qid, moment, text in typed:
        if moment <= safe_before:
            settled[qid] = text
    assert settled, "the child typed nothing before the kill"
    for qid, text in settled.items():
        assert stored.get(qid, "").startswith(text), (
            f"{qid}: typed {text!r}, kept {stored.get(qid)!r}"
        )
