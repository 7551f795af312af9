"""Benchmark: cold start of SalesCoach, from launching Python to the main window shown.

Run by hand (not collected by pytest):

    python tests/bench/bench_startup.py [--repeat N] [--warmup N]

Each repetition launches two fresh interpreters, in alternating order so that machine noise hits
both alike:

* subject: what `salescoach` does for the GUI (build services on a demo data folder, create the
  QApplication, open and show the MainWindow), quitting on the first turn of the event loop;
* baseline: a bare `QApplication` + `QMainWindow`, shown, quitting on the first turn of the loop.

Three figures for each, from the same runs:

* wall: Popen to exit of the whole subprocess (interpreter start, imports, window, teardown);
* shown: Popen to the first event-loop turn after show(), i.e. what a user waits for (wall clock
  read in both processes, so it includes interpreter start but not teardown);
* in-process: the child's own first line to that first event-loop turn.

`python -c pass` is run as well, for the interpreter's own start. The warm-up runs fill the OS
file cache and compile .pyc files and are not counted: "cold" means "a new process", not "an
empty page cache". The .pyc files go to a cache of the bench's own, even where
PYTHONDONTWRITEBYTECODE is set: an installed SalesCoach starts from compiled bytecode, and
compiling every module on every run would be measured as start-up. The child gets
QT_QPA_PLATFORM=offscreen unless the caller set it.

The runs never end their session (they quit on the first turn of the loop), so each start after
the first would find an unclean exit and offer to resume the demo's unfinished meeting; the app
run asks for a normal start instead, as after a clean quit.

The last line printed is the median, over the runs, of app wall time / the wall time of the
baseline run next to it (the ratio of the median wall times is printed just above).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT_S = 60

# What salescoach.app.main() -> _run_gui() -> ui.application.run() does, minus app.exec() running
# forever: the entry point imports salescoach.app first, configures logging, then imports Qt.
APP_SNIPPET = """\
import sys, time; t0 = time.perf_counter()
from pathlib import Path
from salescoach import log
from salescoach.paths import DataPaths
from salescoach.app import build_services
paths = DataPaths(Path(sys.argv[1]))
log.configure(paths.logs)
from salescoach.ui.application import create_application, open_main_window
from PySide6.QtCore import QTimer
app = create_application()
window = open_main_window(paths, build_services, offer_resume=False)  # see the docstring
if window is None:
    sys.exit("open_main_window() returned None: the data folder could not be opened")
window.show()
model = getattr(window, "model", None)  # the prospect list, as a sanity check
rows = model.rowCount() if model is not None else -1
def done():
    print(f"{time.perf_counter() - t0!r} {time.time_ns()} {rows}")
    app.quit()
QTimer.singleShot(0, done)
sys.exit(app.exec())
"""

BARE_SNIPPET = """\
import sys, time; t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1100, 700)
window.show()
def done():
    print(f"{time.perf_counter() - t0!r} {time.time_ns()} 0")
    app.quit()
QTimer.singleShot(0, done)
sys.exit(app.exec())
"""

EMPTY_SNIPPET = "pass"


def child_env(pycache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)  # filled by the warm-up runs; the tree stays clean
    # Never let the child touch the real data folder, whatever it does.
    env.pop("SALESCOACH_HOME", None)
    return env


class Run(NamedTuple):
    wall: float  # Popen to exit, seconds
    shown: float  # Popen to the first event-loop turn after show(), seconds
    inner: float  # the child's own first line to the first event-loop turn, seconds
    rows: int  # prospect rows in the app's list (0 for the baseline)


def run_child(snippet: str, basedir: Path, env: dict[str, str]) -> Run:
    """Launch `python -c snippet basedir` and time it."""
    launched_ns = time.time_ns()  # wall clock: comparable with the child's, unlike perf_counter
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", snippet, str(basedir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        sys.exit(f"child still running after {CHILD_TIMEOUT_S} s (a modal dialog?):\n{err}")
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"child failed (exit {proc.returncode}):\n{err}")
    if snippet == EMPTY_SNIPPET:
        return Run(wall, wall, 0.0, 0)
    try:
        inner, shown_ns, rows = out.split()[-3:]
        return Run(wall, (int(shown_ns) - launched_ns) / 1e9, float(inner), int(rows))
    except ValueError:
        sys.exit(f"unexpected child output: {out!r}\nstderr: {err}")


def populate(basedir: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "salescoach", "demo", "--basedir", str(basedir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"`salescoach demo` failed (exit {done.returncode}):\n{done.stderr}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def describe(label: str, values: list[float]) -> str:
    return f"{label:<10} median {ms(statistics.median(values))} ms  min {ms(min(values))} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="measured runs of each (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured runs of each (default 2)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    workdir = Path(tempfile.mkdtemp(prefix="salescoach-bench-startup-"))
    env = child_env(workdir / "pycache")
    try:
        basedir = workdir / "data"
        populate(basedir, env)

        subjects = {"app": APP_SNIPPET, "bare": BARE_SNIPPET, "python": EMPTY_SNIPPET}
        runs: dict[str, list[Run]] = {name: [] for name in subjects}
        order = list(subjects)
        bench_start = time.perf_counter()
        for round_no in range(args.warmup + args.repeat):
            # Alternate which one goes first, so drift and bursts of noise hit both.
            for name in order if round_no % 2 == 0 else reversed(order):
                run = run_child(subjects[name], basedir, env)
                if round_no >= args.warmup:
                    runs[name].append(run)
        elapsed = time.perf_counter() - bench_start
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    def column(name: str, field: str) -> list[float]:
        return [getattr(run, field) for run in runs[name]]

    print(
        f"startup: {args.repeat} measured runs each (+{args.warmup} warm-up), interleaved; "
        f"Python {sys.version.split()[0]}, QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}, "
        f"{os.cpu_count()} CPUs; {elapsed:.1f} s in all"
    )
    print(f"prospect rows in the app's list: {sorted(set(column('app', 'rows')))}")
    print("wall = Popen to exit; shown = Popen to first event-loop turn after show();")
    print("in-process = child's first line to first event-loop turn")
    print(f"{'python -c pass':<22} {describe('wall', column('python', 'wall'))}")
    for name, label in (("bare", "bare PySide6 window"), ("app", "app (salescoach GUI)")):
        print(
            f"{label:<22} {describe('wall', column(name, 'wall'))}\n"
            f"{'':<22} {describe('shown', column(name, 'shown'))}\n"
            f"{'':<22} {describe('in-process', column(name, 'inner'))}"
        )
    medians = {
        (name, field): statistics.median(column(name, field))
        for name in ("app", "bare")
        for field in ("wall", "shown", "inner")
    }
    for field, label in (("wall", "wall"), ("shown", "shown"), ("inner", "in-process")):
        app_med, bare_med = medians["app", field], medians["bare", field]
        print(
            f"app - bare ({label}): {ms(app_med - bare_med).strip()} ms;  "
            f"ratio of medians {app_med / bare_med:.2f}x"
        )
    # Each app run is paired with the baseline run next to it, so a burst of load on the
    # machine inflates both halves of a pair: the median of the pair ratios is the steadiest.
    per_pair = sorted(
        a / b for a, b in zip(column("app", "wall"), column("bare", "wall"), strict=True)
    )
    print(
        f"per-pair wall ratio: min {per_pair[0]:.2f}x  max {per_pair[-1]:.2f}x;  "
        f"ratio of minima {min(column('app', 'wall')) / min(column('bare', 'wall')):.2f}x"
    )
    print(f"ratio: app start / bare PySide6 window = {statistics.median(per_pair):.2f}x (median)")


if __name__ == "__main__":
    main()
