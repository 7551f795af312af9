"""Benchmark: one search over everything, on a big database.

Run by hand (not collected by pytest):

    python tests/bench/bench_search.py [--basedir DIR] [--repeat N]

DIR is a data folder made by `tests/bench/make_big_db.py` (default: one is made in a temp folder,
10,000 prospects and 50,000 meetings with 600,000 answers, which takes about a minute).

Subject: `services.search.search(text)` (services from `salescoach.app.build_services`): every
full-text index queried, ranked, trash left out, snippets made. The queries are what a rep types:
a name found in a few places, a topic word found in tens of thousands of answers, two words, a
prefix on the way to a word, a very common word, and a word that is nowhere. Each query is run
`--repeat` times, the queries interleaved with the baseline so noise hits both alike.

Baseline: a trivial indexed lookup on the same connection, `SELECT company FROM prospects WHERE
id = ?` (a different id each time).

Also reported: the same search through home, as typed (the search box's debounced search run,
the results list filled and painted), for a few of the queries.

The last line printed is the median search time over all queries / the median lookup time.
Just above it, the goal: a search answers in <= 100 ms (p95 over all queries).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from salescoach.app import build_services
from salescoach.paths import DataPaths

GOAL_MS = 100.0
QUERIES = (
    ("one word, a name", "horak"),
    ("one word, a company", "northwind"),
    ("one word, a person in notes", "maria"),
    ("one word, a common topic", "planning"),
    ("two words", "late deliveries"),
    ("two words, one a prefix", "spreadsheet plan"),
    ("prefix, 2 letters", "pl"),
    ("prefix, 3 letters", "pla"),
    ("prefix, 5 letters", "deliv"),
    ("a very common word", "the"),
    ("no match", "zzqx"),
    ("typed with symbols", '"late" (deliveries) -'),
)
IN_WINDOW = ("maria", "planning", "late deliveries", "pla")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def make_database(folder: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import make_big_db

    print("making a database of 10,000 prospects and 50,000 meetings...", flush=True)
    make_big_db.write(folder, make_big_db.generate(10_000, 50_000, 12, 7))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--basedir", type=Path, help="a data folder made by make_big_db.py")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query (default 20)")
    args = parser.parse_args()
    made = None
    basedir = args.basedir
    if basedir is None:
        made = Path(tempfile.mkdtemp(prefix="salescoach-bench-search-"))
        basedir = made / "data"
        make_database(basedir)
    try:
        run(DataPaths(basedir), args.repeat)
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)


def run(paths: DataPaths, repeat: int) -> None:
    services = build_services(paths)
    db = services.db
    ids = [row[0] for row in db.execute("SELECT id FROM prospects")]
    rng = random.Random(1)

    def lookup() -> float:
        prospect_id = rng.choice(ids)
        start = time.perf_counter()
        db.execute("SELECT company FROM prospects WHERE id = ?", [prospect_id]).fetchone()
        return time.perf_counter() - start

    def search(text: str) -> tuple[float, int]:
        start = time.perf_counter()
        groups = services.search.search(text)
        return time.perf_counter() - start, sum(len(group.hits) for group in groups)

    for _label, text in QUERIES:  # warm-up: the file cache, compiled statements
        search(text)
    times: dict[str, list[float]] = {text: [] for _label, text in QUERIES}
    found: dict[str, int] = {}
    lookups: list[float] = []
    for round_no in range(repeat):
        order = QUERIES if round_no % 2 == 0 else QUERIES[::-1]
        for _label, text in order:
            seconds, found[text] = search(text)
            times[text].append(seconds)
            lookups.append(lookup())

    window_times = in_window(services, IN_WINDOW, max(3, repeat // 4))
    counts = {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("prospects", "people", "interviews", "answers", "needs", "touches")
    }
    services.close()

    print(
        f"search: {paths.database} ({paths.database.stat().st_size / 2**20:.0f} MiB); "
        + ", ".join(f"{count} {table}" for table, count in counts.items())
    )
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {repeat} runs of each query")
    print(f"{'query':<28} {'text':<22} {'median':>9} {'p95':>9} {'max':>9}  hits")
    every: list[float] = []
    for label, text in QUERIES:
        values = times[text]
        every += values
        print(
            f"{label:<28} {text!r:<22} {ms(statistics.median(values))} "
            f"{ms(percentile(values, 0.95))} {ms(max(values))}  {found[text]}"
        )
    print(
        f"{'all queries':<51} {ms(statistics.median(every))} {ms(percentile(every, 0.95))} "
        f"{ms(max(every))}"
    )
    for text, values in window_times.items():
        print(
            f"in home, typed {text!r:<26} median {ms(statistics.median(values))} ms  "
            f"max {ms(max(values))} ms (search, results listed and painted)"
        )
    print(
        f"baseline: indexed lookup by id       median {statistics.median(lookups) * 1e6:7.1f} us  "
        f"p95 {percentile(lookups, 0.95) * 1e6:7.1f} us"
    )
    p95 = percentile(every, 0.95) * 1000
    print(
        f"goal: a search answers in <= {GOAL_MS:.0f} ms: p95 over all queries {p95:.1f} ms -> "
        f"{'met' if p95 <= GOAL_MS else 'MISSED'}"
    )
    ratio = statistics.median(every) / statistics.median(lookups)
    print(f"ratio: search / indexed lookup = {ratio:.0f}x (median)")


def in_window(services, texts: tuple[str, ...], runs: int) -> dict[str, list[float]]:
    """The search as home runs it when the typing pauses: results listed and painted."""
    from PySide6.QtCore import QEvent, QObject

    from salescoach.ui.application import create_application
    from salescoach.ui.main_window import MainWindow

    app = create_application()
    window = MainWindow(services)
    window.resize(1366, 768)
    window.show()
    app.processEvents()

    class Painted(QObject):
        seen = False

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    watch = Painted()
    window.results.viewport().installEventFilter(watch)
    times: dict[str, list[float]] = {text: [] for text in texts}
    for _ in range(runs):
        for text in texts:
            window.search.blockSignals(True)  # the debounce timer is not what is measured
            window.search.setText(text)
            window.search.blockSignals(False)
            watch.seen = False
            start = time.perf_counter()
            window._apply_search()
            for _pass in range(50):
                app.processEvents()
                if watch.seen:
                    break
            times[text].append(time.perf_counter() - start)
            window.search.clear()
            window._search_timer.stop()
            window._apply_search()
            app.processEvents()
    window.close()
    return times


if __name__ == "__main__":
    main()
