"""Benchmark: home (the pipeline) on a big database: opening, a filter, a sort, scrolling.

Run by hand (not collected by pytest):

    python tests/bench/bench_home.py [--basedir DIR] [--repeat N] [--services-repeat N]

DIR is a data folder made by `tests/bench/make_big_db.py` (default: one is made in a temp folder,
10,000 prospects and 50,000 meetings, which takes about a minute). In-process, with
QT_QPA_PLATFORM=offscreen unless the caller set it.

What is timed ("painted" means: Qt events processed until the prospect table's viewport has
received a paint event, at most 50 passes):

* services: `salescoach.app.build_services` on DIR (opening the database includes its integrity
  check, which reads the whole file), reported apart, a few times;
* home: `MainWindow(services)` constructed (the step counts, what is due, the first page of the
  list), shown and painted; the baseline is a bare `QMainWindow` of the same size with a
  `QTableView`, shown and painted. Home and bare opens are interleaved, the order swapped every
  pair; each window is closed and deleted outside the timing;
* filter: a step chosen on the strip (or "All steps" again), a fit tier, a due filter, each
  until the list is painted again;
* sort: a click on each column header in turn (both directions), until painted;
* scroll: the view scrolled to the bottom again and again until the whole list is loaded; the
  view asks for each page itself (`fetchMore`, timed alone) and the step is timed with its paint.

The last line printed is the median home open / the median bare window open, from the same run.
Just above it, the goal: home itself in <= 300 ms beyond the bare window.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QWidget

from salescoach.app import build_services
from salescoach.domain.pipeline import Due
from salescoach.paths import DataPaths
from salescoach.services.container import Services
from salescoach.ui.application import create_application
from salescoach.ui.main_window import MainWindow

HOME_GOAL_MS = 300.0
QUIET = ("This plugin does not support propagateSizeHints()",)


def quiet_messages(kind: QtMsgType, _context: object, message: str) -> None:
    if not any(text in message for text in QUIET):
        print(f"Qt: {message}", file=sys.stderr)


class PaintWatch(QObject):
    """Notes paint events reaching one widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def until_painted(watch: PaintWatch) -> None:
    watch.painted = False
    app = QApplication.instance()
    for _ in range(50):
        app.processEvents()
        if watch.painted:
            return
    raise SystemExit("the list was never painted")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def dispose(window: QWidget) -> None:
    window.close()
    window.deleteLater()
    app = QApplication.instance()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()


def open_home(services: Services) -> tuple[float, MainWindow]:
    holder: list[MainWindow] = []

    def run() -> None:
        window = MainWindow(services)
        watch = PaintWatch(window.table.viewport())
        window.show()
        until_painted(watch)
        window.watch = watch  # type: ignore[attr-defined]
        holder.append(window)

    return timed(run), holder[0]


def open_bare() -> float:
    holder: list[QMainWindow] = []

    def run() -> None:
        window = QMainWindow()
        window.resize(1100, 700)
        table = QTableView(window)
        window.setCentralWidget(table)
        watch = PaintWatch(table.viewport())
        window.show()
        until_painted(watch)
        holder.append(window)

    seconds = timed(run)
    dispose(holder[0])
    return seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def describe(label: str, values: list[float]) -> str:
    return (
        f"{label:<30} median {statistics.median(values) * 1000:8.1f} ms  "
        f"p95 {percentile(values, 0.95) * 1000:8.1f} ms  min {min(values) * 1000:8.1f} ms  "
        f"(n={len(values)})"
    )


def measure_filters(window: MainWindow, rounds: int) -> list[float]:
    """Steps on the strip, a fit tier, a due filter: each change until the list is painted."""
    watch: PaintWatch = window.watch  # type: ignore[attr-defined]
    changes: list[Callable[[], None]] = []
    for stage in ("explore", "", "contact", "", "assure", ""):
        changes.append(lambda s=stage: window._stage_chosen(s))
    box = window.filter_bar.tier_box
    changes += [lambda: box.setCurrentIndex(box.findData("A")), lambda: box.setCurrentIndex(0)]
    changes += [
        lambda: window.filter_bar.set_due(Due.OVERDUE),
        lambda: window.filter_bar.set_due(Due.WEEK),
        lambda: window.filter_bar.set_due(None),
    ]
    samples = []
    for _ in range(rounds):
        for change in changes:
            samples.append(timed(lambda c=change: (c(), until_painted(watch))))
    return samples


def measure_sorts(window: MainWindow, rounds: int) -> dict[str, list[float]]:
    watch: PaintWatch = window.watch  # type: ignore[attr-defined]
    model = window.model
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        for column in range(model.columnCount()):
            title = model.headerData(column, Qt.Orientation.Horizontal)
            for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
                seconds = timed(
                    lambda c=column, o=order: (
                        window.table.sortByColumn(c, o),
                        until_painted(watch),
                    )
                )
                samples.setdefault(title, []).append(seconds)
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return samples


def measure_scroll(window: MainWindow) -> tuple[list[float], list[float]]:
    """Scrolled to the bottom again and again until the whole list is loaded, as a rep dragging
    the scroll bar down would: the view asks for each page itself (`fetchMore`). Returns each
    page's fetch, and each scroll step with its paint."""
    watch: PaintWatch = window.watch  # type: ignore[attr-defined]
    model = window.model
    model.refresh()
    until_painted(watch)
    fetches: list[float] = []
    fetch_more = model.fetchMore

    def timed_fetch(parent: QModelIndex) -> None:
        fetches.append(timed(lambda: fetch_more(parent)))

    model.fetchMore = timed_fetch  # type: ignore[method-assign]
    steps = []
    try:
        while model.canFetchMore(QModelIndex()):

            def step() -> None:
                asked = len(fetches)
                window.table.scrollToBottom()
                QApplication.processEvents()
                if len(fetches) == asked:  # already at the bottom: what the view does there
                    model.fetchMore(QModelIndex())
                window.table.viewport().update()
                until_painted(watch)

            steps.append(timed(step))
    finally:
        del model.fetchMore
    return fetches, steps


def make_database(folder: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import make_big_db

    print("making a database of 10,000 prospects and 50,000 meetings...", flush=True)
    rows = make_big_db.generate(10_000, 50_000, 12, 7)
    make_big_db.write(folder, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--basedir", type=Path, help="a data folder made by make_big_db.py")
    parser.add_argument("--repeat", type=int, default=15, help="home/bare open pairs (default 15)")
    parser.add_argument("--services-repeat", type=int, default=3, help="default 3")
    parser.add_argument("--rounds", type=int, default=3, help="filter and sort rounds (default 3)")
    args = parser.parse_args()
    qInstallMessageHandler(quiet_messages)
    made = None
    basedir = args.basedir
    if basedir is None:
        made = Path(tempfile.mkdtemp(prefix="salescoach-bench-home-"))
        basedir = made / "data"
        make_database(basedir)
    try:
        run(DataPaths(basedir), args)
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)


def run(paths: DataPaths, args: argparse.Namespace) -> None:
    create_application()
    service_times = []
    services = None
    for _ in range(args.services_repeat):
        if services is not None:
            services.close()
        start = time.perf_counter()
        services = build_services(paths)
        service_times.append(time.perf_counter() - start)
    assert services is not None
    total = services.prospects.count()
    counts = services.prospects.stage_counts()
    due = services.prospects.due_counts()

    open_bare()  # warm-up: Qt's first window, fonts, styles
    dispose(open_home(services)[1])
    homes: list[float] = []
    bares: list[float] = []
    for pair in range(args.repeat):
        gc.collect()
        if pair % 2 == 0:
            seconds, window = open_home(services)
            dispose(window)
            homes.append(seconds)
            bares.append(open_bare())
        else:
            bares.append(open_bare())
            seconds, window = open_home(services)
            dispose(window)
            homes.append(seconds)

    _seconds, window = open_home(services)
    window.resize(1366, 768)
    filters = measure_filters(window, args.rounds)
    sorts = measure_sorts(window, args.rounds)
    fetches, steps = measure_scroll(window)
    rows = window.model.rowCount()
    dispose(window)
    services.close()

    print(
        f"home: {paths.database} ({paths.database.stat().st_size / 2**20:.0f} MiB), "
        f"{total} prospects outside the trash; steps {counts}; {due.overdue} overdue, "
        f"{due.today} due today"
    )
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, QT_QPA_PLATFORM="
        f"{os.environ.get('QT_QPA_PLATFORM')}"
    )
    print(describe("services (incl. integrity check)", service_times))
    print(describe("home open (window to painted)", homes))
    print(describe("bare window open", bares))
    beyond = statistics.median(homes) - statistics.median(bares)
    beyond_p95 = percentile(homes, 0.95) - statistics.median(bares)
    print(describe("filter change", filters))
    for title, values in sorts.items():
        print(describe(f"sort by {title}", values))
    all_sorts = [value for values in sorts.values() for value in values]
    print(describe("sort change (all columns)", all_sorts))
    print(describe("scroll: fetchMore of one page", fetches))
    print(describe("scroll: to the bottom, painted", steps))
    print(f"scroll: all {rows} rows in {len(fetches)} more pages, {sum(fetches) * 1000:.0f} ms")
    verdict = "met" if beyond_p95 * 1000 <= HOME_GOAL_MS else "MISSED"
    print(
        f"goal: home <= {HOME_GOAL_MS:.0f} ms beyond a bare window: median {beyond * 1000:.1f} ms, "
        f"p95 {beyond_p95 * 1000:.1f} ms -> {verdict}"
    )
    print(
        f"ratio: home open / bare window open = "
        f"{statistics.median(homes) / statistics.median(bares):.2f}x (median)"
    )


if __name__ == "__main__":
    main()
