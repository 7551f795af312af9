"""Privacy: SalesCoach makes no network connection at all, through a whole run of its GUI flows.

The suite's own guard (conftest.py) refuses internet sockets made through Python in this
process only; it cannot see a socket Qt opens in C++. So the flows run in a child process
(offline_flow.py) where nothing hides a socket: the app started as `salescoach` starts it, demo
data, the pipeline and its search, a prospect's six steps, a new prospect, a discovery meeting
answered with the keyboard, the summary studio's hand-offs, Settings > Backups, File > Export
data and the guides. offline_watch.py records every socket two ways (a Python audit hook, and
the process's descriptors read from /proc every few milliseconds), and strace, when installed,
is a third way. Each way is shown to report a deliberate connection to a server of the child's
own on 127.0.0.1, so a quiet report means something.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

CHILD = Path(__file__).with_name("offline_flow.py")
REPORT_PREFIX = "OFFLINE-REPORT "  # offline_watch.REPORT_PREFIX
TIMEOUT_S = 150  # the child gives up (and still reports) after 100 s
FLOW_STEPS = [
    "start",
    "demo data",
    "pipeline",
    "search",
    "prospect page",
    "new prospect",
    "discovery meeting",
    "summary studio",
    "settings backup",
    "export data",
    "guides",
]
COMPANY = "Offline Freight"  # the prospect the flow adds, meets and writes to
INTERNET_IN_STRACE = re.compile(r"\bsocket\((AF_INET6?|AF_PACKET)\b|sa_family=(AF_INET6?)\b")


@dataclass
class ChildRun:
    report: dict[str, Any]
    basedir: Path
    work: Path
    stderr: str


def run_child(root: Path, *options: str, prefix: tuple[str, ...] = ()) -> ChildRun:
    """offline_flow.py in a process of its own, with a temp data folder and home."""
    basedir, work, home = root / "data", root / "work", root / "home"
    work.mkdir(parents=True)
    home.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SALESCOACH_HOME": str(basedir),
        "HOME": str(home),  # the Documents folder the studio and export offer is in here
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    command = [*prefix, sys.executable, str(CHILD), "--basedir", str(basedir), "--work", str(work)]
    done = subprocess.run(
        [*command, *options], capture_output=True, text=True, env=env, timeout=TIMEOUT_S
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(REPORT_PREFIX)]
    assert lines, f"the child reported nothing (exit {done.returncode}):\n{done.stderr[-4000:]}"
    report = json.loads(lines[-1].removeprefix(REPORT_PREFIX))
    return ChildRun(report, basedir, work, done.stderr)


def steps_done(run: ChildRun) -> list[str]:
    return [step["name"] for step in run.report["steps"] if step["ok"]]


def network_calls(report: dict[str, Any]) -> list[str]:
    """Layer 1: what Python code asked of the network, and in which step."""
    return [
        f"{event['event']} {event.get('family', '')} {event['detail']} in step {event['step']!r}"
        for event in report["python_events"]
        if not event["allowed"]
    ]


def network_sockets(report: dict[str, Any]) -> list[str]:
    """Layer 2: internet (or any non-local) sockets the process held, and in which step."""
    return [
        f"{found['family']} socket {found.get('table', '')} {found.get('address', '')} -> "
        f"{found.get('peer', '')} in step {found['step']!r}"
        for found in report["native"]["sockets"]
        if not found["allowed"]
    ]


def assert_finished(run: ChildRun, steps: list[str]) -> None:
    report = run.report
    assert steps_done(run) == steps, f"{report['error']}\n{run.stderr[-4000:]}"
    assert report["error"] == ""
    assert report["exit_code"] == 0  # the app's own main() returned after its shut-down
    assert report["crashes"] == []


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> ChildRun:
    return run_child(tmp_path_factory.mktemp("offline-flow"))


# --- the whole run ----------------------------------------------------------------------------


def test_every_flow_ran_to_the_end_through_the_real_windows(flow: ChildRun) -> None:
    assert_finished(flow, FLOW_STEPS)
    details = {step["name"]: step["detail"] for step in flow.report["steps"]}
    assert re.fullmatch(r"[1-9]\d* hits for Northwind", details["search"])
    assert details["prospect page"].endswith("confirm, assure")
    assert details["settings backup"].startswith("Backed up")


def test_the_flows_left_their_work_on_disk(flow: ChildRun) -> None:
    """Checked from outside the child: its own report is not proof that anything ran."""
    assert_finished(flow, FLOW_STEPS)
    facts = flow.report["facts"]
    database = flow.basedir / "salescoach.db"
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        company, status, next_step = db.execute(
            "SELECT p.company, i.status, i.next_step FROM interviews i "
            "JOIN prospects p ON p.id = i.prospect_id WHERE i.id = ?",
            (facts["interview_id"],),
        ).fetchone()
        answers = dict(
            db.execute(
                "SELECT question_id, value FROM answers WHERE interview_id = ?",
                (facts["interview_id"],),
            )
        )
        needs = [
            row[0]
            for row in db.execute(
                "SELECT statement FROM needs WHERE interview_id = ?", (facts["interview_id"],)
            )
        ]
        demo = db.execute("SELECT count(*) FROM prospects WHERE company = 'Northwind Logistics'")
        assert demo.fetchone()[0] == 1
    assert (company, status) == (COMPANY, "ended")
    assert next_step.endswith("Send the summary to Dana")
    assert len(facts["answered"]) == 6
    assert set(facts["answered"]) <= set(answers)
    assert json.loads(answers["meeting_purpose"]) == "Offline answer to meeting_purpose"
    assert all(
        json.loads(answers[question]) not in ("", None, []) for question in facts["answered"]
    )
    assert needs == ["Plans ready by 2pm, even when a planner is away"]

    assert list((flow.basedir / "backups").glob("salescoach-*-manual.db"))
    html, pdf, eml = (Path(path) for path in facts["saved"])
    assert COMPANY in html.read_text(encoding="utf-8")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Subject:" in eml.read_text(encoding="utf-8")
    exported = Path(facts["export_folder"])
    assert COMPANY in (exported / "prospects.csv").read_text(encoding="utf-8")


def test_no_python_code_asked_for_the_network(flow: ChildRun) -> None:
    assert network_calls(flow.report) == []
    # The hook was on: it saw the local socket pair the child opens as a self-check.
    assert any(
        event["step"] == "self-check" and event["family"] == "AF_UNIX"
        for event in flow.report["python_events"]
    )


def test_no_socket_opened_anywhere_in_the_process_reached_for_the_network(flow: ChildRun) -> None:
    native = flow.report["native"]
    if not native["available"]:
        pytest.skip(f"the native layer reads /proc (Linux): {native['why_not']}")
    assert network_sockets(flow.report) == []
    # The layer sees what Qt opens in C++: the single-instance guard's local server.
    assert any(
        found["family"] == "AF_UNIX" and found["step"] == "start" and found.get("path")
        for found in native["sockets"]
    ), native["sockets"]
    assert native["samples"] > 10 * len(FLOW_STEPS)


def test_nothing_was_handed_to_a_browser_or_a_mail_program(flow: ChildRun) -> None:
    opened = flow.report["opened_urls"]
    assert [entry["by"] for entry in opened] == ["studio", "studio"], opened
    mailto, draft = (entry["url"] for entry in opened)
    assert mailto.startswith("mailto:dana@example.com?subject=")
    assert draft.startswith("file://") and draft.endswith(".eml")
    assert Path(draft.removeprefix("file://")).is_file()


def test_the_guides_fetch_no_remote_picture_or_page(flow: ChildRun) -> None:
    """The watch above covers the guides step; here, that the step met remote content at all."""
    facts = flow.report["facts"]
    assert len(facts["guides"]) == 3
    assert all(not shown["images"] for shown in facts["guides"].values())
    assert facts["remote_guide"]["images"] == ["http://127.0.0.1:9/logo.png"]
    followed = {entry["link"] for entry in facts["followed_links"]}
    assert "http://127.0.0.1:9/page" in followed
    assert "https://jinja.palletsprojects.com/templates/" in followed
    assert not [entry for entry in flow.report["opened_urls"] if entry["step"] == "guides"]


def test_the_flows_raise_no_qt_warning(flow: ChildRun) -> None:
    warnings = [f"{m['step']}: {m['message']}" for m in flow.report["qt_messages"]]
    assert warnings == []


# --- each layer reports a deliberate connection ------------------------------------------------

LEAK_STEPS = ["start", "python leak", "qt leak"]


@pytest.fixture(scope="module")
def leaks(tmp_path_factory: pytest.TempPathFactory) -> ChildRun:
    """The child connects to a server of its own on 127.0.0.1 through Python, then through Qt."""
    run = run_child(tmp_path_factory.mktemp("offline-leaks"), "--leak")
    assert_finished(run, LEAK_STEPS)
    return run


def test_the_python_layer_reports_a_connection_made_through_python(leaks: ChildRun) -> None:
    calls = network_calls(leaks.report)
    in_python_step = [call for call in calls if call.endswith("in step 'python leak'")]
    assert any(call.startswith("socket.__new__ AF_INET ") for call in in_python_step), calls
    assert any(call.startswith("socket.connect AF_INET (('127.0.0.1'") for call in in_python_step)
    assert in_python_step == calls  # and Qt's connection is invisible to it: see the next test


def test_the_native_layer_reports_connections_made_through_python_and_by_qt_in_cpp(
    leaks: ChildRun,
) -> None:
    native = leaks.report["native"]
    if not native["available"]:
        pytest.skip(f"the native layer reads /proc (Linux): {native['why_not']}")
    sockets = network_sockets(leaks.report)
    for step in LEAK_STEPS[1:]:
        port = next(s["detail"] for s in leaks.report["steps"] if s["name"] == step).split(":")[-1]
        listening = f"AF_INET socket tcp 127.0.0.1:{port} -> 0.0.0.0:0 in step {step!r}"
        assert listening in sockets, sockets
        assert any(s.endswith(f"-> 127.0.0.1:{port} in step {step!r}") for s in sockets), sockets
    assert all(s.endswith(("in step 'python leak'", "in step 'qt leak'")) for s in sockets)


# --- strace, where it is installed -------------------------------------------------------------


@pytest.fixture(scope="module")
def strace(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """strace following every thread and child, tracing socket() and connect() only."""
    found = shutil.which("strace")
    if found is None:
        pytest.skip("strace is not installed: the optional third way is skipped")
    probe_trace = tmp_path_factory.mktemp("strace-probe") / "trace"
    for fast in (["--seccomp-bpf"], []):  # seccomp: only traced calls stop the process
        command = [found, "-f", "-qq", *fast, "-e", "trace=socket,connect"]
        probe = subprocess.run(
            [*command, "-o", str(probe_trace), sys.executable, "-c", "pass"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if probe.returncode == 0:
            return command
    pytest.skip(f"strace cannot trace here (ptrace refused?): {probe.stderr.strip()[:200]}")


@pytest.mark.parametrize(
    ("options", "steps", "expect_internet"),
    [
        ((), FLOW_STEPS, False),
        (("--leak",), LEAK_STEPS, True),
    ],
    ids=["whole-flow", "deliberate-connections"],
)
def test_strace_sees_no_internet_socket_unless_one_is_made(
    tmp_path: Path,
    strace: list[str],
    options: tuple[str, ...],
    steps: list[str],
    expect_internet: bool,
) -> None:
    trace = tmp_path / "strace.txt"
    run = run_child(tmp_path, *options, prefix=(*strace, "-o", str(trace)))
    assert_finished(run, steps)
    calls = trace.read_text(encoding="utf-8", errors="replace").splitlines()
    assert any("socket(AF_UNIX" in call for call in calls)  # strace saw sockets at all
    internet = [call for call in calls if INTERNET_IN_STRACE.search(call)]
    if expect_internet:
        assert any("socket(AF_INET" in call for call in internet), calls
        assert any("sa_family=AF_INET" in call for call in internet), calls
    else:
        assert internet == []
