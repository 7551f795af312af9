"""Benchmark: the client summary of a fully answered meeting, as HTML and as a PDF.

Run by hand (not collected by pytest):

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_summary.py [--repeat N] [--warmup N]

Data: the shipped "collaborative-discovery" playbook with every visible question answered
(`services.checks.sample_summary(playbook, 1.0)`, the view-model `salescoach check` and the
template tests use; questions whose conditions the sample answers do not meet stay hidden).

What is timed, each sample on its own:

* view-model: `sample_summary(playbook)`, i.e. sample answers + `domain.summary.build_summary`.
  Built once more, outside the timing, for the renders below.
* render: `reports.render.render(environment, "client-summary.html.j2", model)` with the shipped
  environment (StrictUndefined, autoescape) on the shipped templates folder; the template is
  compiled during warm-up, as it is after the app's first summary.
* baseline: `{{ x }}` compiled once by the same environment (`from_string`) and rendered with a
  short string: the fixed cost of a Jinja render. Summary and trivial renders are interleaved,
  the order swapped every pair, so noise hits both alike.
* pdf: `reports.pdf.html_to_pdf_bytes(html)` on the rendered summary (Qt layout + PDF writer, no
  disk), in-process on the QGuiApplication the module creates.

The last line printed is the ratio of the median summary render to the median trivial render.
Just above it: the absolute goals (render <= 30 ms, pdf <= 300 ms).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import jinja2
from PySide6 import __version__ as PYSIDE_VERSION

from salescoach import resources
from salescoach.reports.pdf import html_to_pdf_bytes
from salescoach.reports.render import render, shipped_environment
from salescoach.services.checks import sample_summary
from salescoach.services.playbooks import PlaybookService

PLAYBOOK_ID = "collaborative-discovery"
TEMPLATE = "client-summary.html.j2"
RENDER_GOAL_MS = 30.0
PDF_GOAL_MS = 300.0
PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def line(name: str, values: list[float]) -> str:
    return (
        f"  {name:<22} median {statistics.median(values) * 1000:8.3f} ms  "
        f"p95 {percentile(values, 0.95) * 1000:8.3f} ms  "
        f"min {min(values) * 1000:8.3f} ms  mean {statistics.fmean(values) * 1000:8.3f} ms"
    )


def goal(name: str, values: list[float], goal_ms: float) -> str:
    median_ms = statistics.median(values) * 1000
    verdict = "ok" if median_ms <= goal_ms else "MISSED"
    return f"{name} median {median_ms:.1f} ms (goal <= {goal_ms:g} ms): {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="renders timed (default 200)")
    parser.add_argument("--pdfs", type=int, default=30, help="PDFs timed (default 30)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs first (default 5)")
    args = parser.parse_args()
    if args.repeat < 1 or args.pdfs < 1 or args.warmup < 1:
        parser.error("need --repeat, --pdfs and --warmup >= 1")

    playbook = PlaybookService.shipped_only().get(PLAYBOOK_ID)
    questions = len(list(playbook.questions()))
    environment = shipped_environment(resources.templates_dir())
    trivial = environment.from_string("{{ x }}")

    model_times = [timed(lambda: sample_summary(playbook)) for _ in range(args.repeat)]
    model = sample_summary(playbook)
    shown = [q for section in model["sections"] for q in section["questions"]]
    answered = sum(q["answered"] for q in shown)

    for _ in range(args.warmup):
        html = render(environment, TEMPLATE, model)
        trivial.render(x="Example Manufacturing Ltd")
    summary_times: list[float] = []
    trivial_times: list[float] = []
    for index in range(args.repeat):
        pair = [
            (summary_times, lambda: render(environment, TEMPLATE, model)),
            (trivial_times, lambda: trivial.render(x="Example Manufacturing Ltd")),
        ]
        for into, action in pair if index % 2 == 0 else reversed(pair):
            into.append(timed(action))

    for _ in range(args.warmup):
        pdf = html_to_pdf_bytes(html)
    pdf_times = [timed(lambda: html_to_pdf_bytes(html)) for _ in range(args.pdfs)]
    pages = len(PAGE.findall(pdf))

    print(
        f"client summary: {PLAYBOOK_ID}, {answered}/{len(shown)} visible questions answered "
        f"({questions} in the playbook, the rest hidden by their conditions); "
        f"{args.repeat} renders + {args.repeat} trivial renders interleaved, "
        f"{args.pdfs} PDFs, after {args.warmup} warm-up runs each"
    )
    print(
        f"Python {sys.version.split()[0]}, Jinja2 {jinja2.__version__}, PySide6 {PYSIDE_VERSION} "
        f"({os.environ['QT_QPA_PLATFORM']}), {platform.machine()}, {os.cpu_count()} CPUs"
    )
    print(f"output: HTML {len(html):,} characters; PDF {len(pdf):,} bytes, {pages} A4 page(s)")
    print(line("view-model (build)", model_times))
    print(line("render summary", summary_times))
    print(line("render {{ x }}", trivial_times))
    print(line("pdf (html_to_pdf)", pdf_times))
    print(goal("render", summary_times, RENDER_GOAL_MS))
    print(goal("pdf", pdf_times, PDF_GOAL_MS))
    ratio = statistics.median(summary_times) / statistics.median(trivial_times)
    print(f"ratio: summary render / trivial render = {ratio:.2f}x (median)")


if __name__ == "__main__":
    main()
