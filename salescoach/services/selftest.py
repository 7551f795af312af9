"""`salescoach --self-test`: prove an installation works, end to end, without a window.

Creates or migrates a database (in a temporary folder unless one is given), loads every shipped
playbook, runs a sample meeting and renders every shipped template from it.
"""

from __future__ import annotations

import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from salescoach import __version__
from salescoach.domain.coverage import coverage
from salescoach.domain.samples import sample_answers
from salescoach.errors import SalesCoachError
from salescoach.paths import DataPaths
from salescoach.playbooks.library import PlaybookLibrary
from salescoach.services.checks import SAMPLE_NEEDS
from salescoach.services.container import Services


def run_self_test(
    basedir: Path | None,
    build_services: Callable[[DataPaths], Services],
    say: Callable[[str], None],
) -> int:
    say(f"SalesCoach {__version__} self-test")
    if basedir is not None:
        return _run(DataPaths(basedir.expanduser().resolve()), build_services, say)
    with tempfile.TemporaryDirectory(prefix="salescoach-self-test-") as folder:
        return _run(DataPaths(Path(folder)), build_services, say)


def _run(paths: DataPaths, build_services: Callable[[DataPaths], Services], say) -> int:
    step = "opening the database"
    try:
        services = build_services(paths)
        try:
            db = services.db
            pragmas = {
                name: db.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "synchronous", "foreign_keys")
            }
            say(f"ok    database {paths.database} ({len(db.table_names())} tables, {pragmas})")
            step = "loading the shipped playbooks"
            library = services.playbooks.library()
            shipped = [item for item in library.sorted() if item.shipped]
            if not shipped:
                raise SalesCoachError("no shipped playbook could be loaded")
            for item in shipped:
                playbook = item.playbook
                say(
                    f"ok    playbook {playbook.id} v{playbook.version}: "
                    f"{len(playbook.questions())} questions, {len(playbook.must_ask())} must-ask"
                )
            for problem in library.problems:
                say(f"warn  {problem}")
            step = "running a sample meeting and rendering the summaries"
            # The sample meeting is undone at the end: a data folder given on the command line
            # may be the rep's own, and must not gain a "Self-test Ltd".
            db.execute("SAVEPOINT self_test")
            _sample(services, library, say)
            db.execute("ROLLBACK TO self_test")
            db.execute("RELEASE self_test")
        finally:
            services.close()
    except SalesCoachError as error:
        say(f"FAIL  {step}: {error}")
        return 1
    except Exception:
        say(f"FAIL  {step}: unexpected error\n{traceback.format_exc()}")
        return 1
    say("Self-test passed.")
    return 0


def _sample(services: Services, library: PlaybookLibrary, say: Callable[[str], None]) -> None:
    """A meeting answered from the playbook's samples, and every shipped template rendered."""
    playbook = library.get(services.settings.default_playbook())
    prospect_id = services.prospects.add("Self-test Ltd", industry="Testing")
    interview_id = services.interviews.start(prospect_id, playbook, title="Self-test")
    answers = sample_answers(playbook)
    for question_id, value in answers.items():
        services.interviews.record(interview_id, question_id, "value", value)
    for need in SAMPLE_NEEDS:
        services.interviews.add_need(interview_id, need["statement"])
    cover = coverage(playbook, answers)
    say(f"ok    sample meeting saved: {len(answers)} answers, coverage {cover.percent}%")
    model = services.interviews.summary_model(interview_id, services.settings.profile())
    for name in services.summaries.template_names():
        text = services.summaries.render(name, model)
        if "Self-test Ltd" not in text:
            raise SalesCoachError(f"{name} does not name the prospect")
        say(f"ok    template {name}: {len(text):,} characters")
