"""Try the prospect page by hand: `python tests/ui/prospect_preview.py --basedir DIR ID`.

Opens one prospect's page in a window of its own; the signals the main window would handle are
printed instead. `--step` opens a given step, `--dark` the dark colour scheme, `--add LOG`
that log's Add dialog. It lives beside the tests because it builds the services itself, which
only the composition root may do in the package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

from salescoach.app import build_services
from salescoach.domain.prospect import STAGES
from salescoach.paths import DataPaths
from salescoach.ui.prospect.page import ProspectPage


def dark_palette() -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for which, colour in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#1e1e1e"),
        (role.AlternateBase, "#262626"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e8e8e8"),
        (role.Highlight, "#3d7bd9"),
        (role.HighlightedText, "#ffffff"),
        (role.PlaceholderText, "#a0a0a0"),
        (role.Mid, "#555555"),
        (role.Light, "#505050"),
        (role.Dark, "#1a1a1a"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#e8e8e8"),
    ):
        palette.setColor(which, QColor(colour))
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, which, QColor("#7a7a7a"))
    return palette


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basedir", type=Path, required=True)
    parser.add_argument("prospect_id", type=int)
    parser.add_argument("--step", choices=STAGES)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--add", metavar="LOG", help="open the Add dialog of a log, e.g. touches")
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if args.dark:  # no desktop theme under Xvfb: give Fusion a dark palette by hand
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())
    services = build_services(DataPaths(args.basedir))
    window = QMainWindow()
    page = ProspectPage(services, args.prospect_id, window)
    for name in ("backRequested", "meetRequested", "openMeeting", "letterRequested", "changed"):
        getattr(page, name).connect(lambda *values, n=name: print(n, *values, flush=True))
    window.setCentralWidget(page)
    window.setWindowTitle("Prospect page preview")
    if args.step:
        page.show_step(args.step)
    window.setGeometry(app.primaryScreen().availableGeometry())  # no window manager to maximise
    window.show()
    if args.add:
        tables = [t for tab in page.tabs.values() for t in tab.logs if t.kind.key == args.add]
        QTimer.singleShot(300, tables[0].add)
    code = app.exec()
    page.flush()
    services.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
