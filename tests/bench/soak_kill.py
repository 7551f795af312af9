"""Soak: SIGKILL a rep's meeting window mid-typing, hundreds of times, checking every save.

Run by hand (not collected by pytest):

    python tests/bench/soak_kill.py [--rounds N] [--lanes N] [--seed N] [--dir DIR] [--keep]

The rounds of tests/ui/test_kill.py, by the hundred, with the same machinery
(tests/ui/kill_harness.py): each lane keeps one database for all its rounds; each round forks a
fresh child that opens the real meeting window offscreen and types, kills it at a random moment,
reopens the folder with `build_services` and checks that every answer reported saved is on disk
(that value or one typed after it), that nothing else changed, and that the database is intact.
Unlike the test, a failure is counted and the soak goes on from the database as it is.

Printed: progress every 25 rounds; then rounds done, failures (the first ones in full),
saves reported and checked, answer fields compared, the kill moments, round times. The baseline
is a cold child start: a new interpreter importing the app and opening the same meeting window
until it is ready, the way each round would start without the fork server. The last line is the
ratio of the average round to that cold start.
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
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))  # beside test_kill.py

import kill_harness

from salescoach.app import build_services
from salescoach.paths import DataPaths

PROGRESS_EVERY = 25
COLD_STARTS = 3
FAILURES_SHOWN = 5


def cold_start(folder: Path) -> tuple[float, float]:
    """Median seconds of a cold child start to READY, and of a bare `python -c pass`."""
    services = build_services(DataPaths(folder))
    try:
        playbook = services.playbooks.get(kill_harness.PLAYBOOK)
        interview = services.interviews.start(services.prospects.add("Cold Start Ltd"), playbook)
    finally:
        services.close()
    child = [kill_harness.cold_start_seconds(folder, interview) for _ in range(COLD_STARTS)]
    bare = []
    for _ in range(COLD_STARTS):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - started)
    return statistics.median(child), statistics.median(bare)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def progress(totals: kill_harness.Totals) -> None:
    if totals.rounds % PROGRESS_EVERY == 0:
        print(
            f"  {totals.rounds} rounds, {len(totals.failures)} failures, "
            f"{totals.saves} saves checked, {totals.seconds:.0f} s",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=500, help="kill rounds (default 500)")
    parser.add_argument("--lanes", type=int, default=2, help="concurrent databases (default 2)")
    parser.add_argument("--seed", type=int, default=None, help="replay a run (default: new)")
    parser.add_argument("--dir", type=Path, default=None, help="parent of the temp folder")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args()
    if args.rounds < 1 or args.lanes < 1:
        parser.error("need --rounds >= 1 and --lanes >= 1")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    seed = kill_harness.seed_from_environment() if args.seed is None else args.seed

    folder = Path(tempfile.mkdtemp(prefix="salescoach-soak-kill-", dir=args.dir))
    try:
        print(f"kill soak: {args.rounds} rounds over {args.lanes} lanes, seed {seed}, in {folder}")
        totals = kill_harness.run_rounds(
            folder / "rounds", args.rounds, seed, args.lanes, keep_going=True, on_round=progress
        )
        child_start, bare_start = cold_start(folder / "cold")
    finally:
        if args.keep:
            print(f"databases kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    reports = totals.reports
    if not reports:
        print(f"rounds done: {totals.rounds}; failures: {len(totals.failures)}; none passed")
        return 1
    seconds = [report.seconds for report in reports]
    forked = [report.startup_s for report in reports if report.startup_s is not None] or [0.0]
    moments = Counter(report.plan.trigger for report in reports)
    print(
        f"rounds done: {totals.rounds} in {totals.seconds:.1f} s; failures: {len(totals.failures)}"
    )
    for failure in totals.failures[:FAILURES_SHOWN]:
        print(f"  FAILED {failure}")
    print(
        f"answers verified: {totals.saves} saves reported and found on disk; "
        f"{sum(report.fields_checked for report in reports)} answer fields compared; "
        f"{sum(report.edits for report in reports)} edits typed"
    )
    print("kill moments: " + ", ".join(f"after {name} {count}" for name, count in moments.items()))
    print(
        f"round: mean {statistics.fmean(seconds):.3f} s  median {statistics.median(seconds):.3f} s"
        f"  p95 {percentile(seconds, 0.95):.3f} s;  forked child to READY: median "
        f"{statistics.median(forked):.3f} s"
    )
    print(
        f"cold child start to READY: median {child_start:.3f} s "
        f"(python -c pass: {bare_start:.3f} s)"
    )
    print(
        f"ratio: average kill round / cold child start = "
        f"{statistics.fmean(seconds) / child_start:.2f}x"
    )
    return 1 if totals.failures else 0


if __name__ == "__main__":
    sys.exit(main())
