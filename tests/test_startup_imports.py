"""What starting SalesCoach loads: only what its first window needs.

A fresh interpreter does what the app does to show the main window (build the services on a new
data folder, create the application, open and show the window, one turn of the event loop) and
lists the modules it loaded. The editors, dialogs, the studio, meeting mode, CSV import and the
libraries behind playbooks and summaries must not be among them: each loads on first use, and
every one that creeps back into the start makes SalesCoach slower to open
(tests/bench/bench_startup.py measures by how much).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from shared_helpers import run_child

FIRST_WINDOW = """\
import json, sys
from pathlib import Path
from salescoach.app import build_services
from salescoach.paths import DataPaths
from salescoach.ui.application import create_application, open_main_window
from PySide6.QtCore import QTimer

app = create_application()
window = open_main_window(DataPaths(Path(sys.argv[1])), build_services)
if window is None:
    sys.exit("the data folder could not be opened")
window.show()
QTimer.singleShot(0, app.quit)  # one turn of the loop: what runs as the window first shows
app.exec()
window.services.close()
print(json.dumps(sorted(sys.modules)))
"""

LATER = {
    "pydantic": "the playbook model: with the first meeting, or the playbook check after show",
    "yaml": "playbook files: read after the window shows",
    "salescoach.domain.playbook": "the playbook model",
    "salescoach.playbooks.library": "reading playbook files",
    "jinja2": "summaries and letters",
    "salescoach.reports.render": "summaries and letters",
    "salescoach.ui.studio.window": "the summary studio",
    "salescoach.ui.meeting.window": "meeting mode",
    "salescoach.ui.prospect.page": "a prospect's page",
    "salescoach.ui.search_results": "the results page: built with the first search",
    "salescoach.ui.settings_dialog": "Settings",
    "salescoach.ui.scorecard_editor": "the scorecard editor (in Settings)",
    "salescoach.ui.import_dialog": "CSV import",
    "salescoach.services.imports": "CSV import",
    "salescoach.ui.export_dialog": "data export",
    "salescoach.ui.trash_dialog": "the trash",
}


@pytest.fixture(scope="module")
def loaded_at_start(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    basedir = tmp_path_factory.mktemp("startup") / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SALESCOACH_HOME": str(basedir)}
    result = run_child(
        [sys.executable, "-c", FIRST_WINDOW, str(basedir)],
        env=env,
        cwd=Path(__file__).parents[1],
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_the_child_really_opened_the_main_window(loaded_at_start: set[str]) -> None:
    # Without this, a child that failed to import anything would pass every check below.
    assert {"salescoach.ui.main_window", "sqlite_utils", "PySide6.QtWidgets"} <= loaded_at_start


@pytest.mark.parametrize("module", sorted(LATER))
def test_start_up_leaves_it_for_first_use(loaded_at_start: set[str], module: str) -> None:
    assert module not in loaded_at_start, f"{module} loads at start; it is for {LATER[module]}"
