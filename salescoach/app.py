"""Composition root: parse the command line, build paths, database and services, run.

Nothing imports this module. Qt is imported only on the way to a window, so the command-line
tools (`check`, `demo`, `--self-test`) start fast and run where no display exists.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import locale
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from salescoach import __version__, resources
from salescoach.errors import CorruptDatabase, SalesCoachError
from salescoach.paths import DataPaths, data_paths
from salescoach.services.backups import BackupService
from salescoach.services.container import Services
from salescoach.services.cycle import CycleService
from salescoach.services.fit import FitService
from salescoach.services.interviews import InterviewService
from salescoach.services.playbooks import PlaybookService
from salescoach.services.prospects import ProspectService
from salescoach.services.search import SearchService
from salescoach.services.session import SessionService
from salescoach.services.settings import SettingsService
from salescoach.services.summaries import EXPORT_FORMATS, SummaryService
from salescoach.services.trash import TrashService
from salescoach.storage.cycle_logs import CycleLogRepository
from salescoach.storage.database import open_database
from salescoach.storage.fit import FitRepository
from salescoach.storage.interviews import InterviewRepository
from salescoach.storage.meta import KeyValueStore
from salescoach.storage.progress import ProgressRepository
from salescoach.storage.prospects import ProspectRepository
from salescoach.storage.search import SearchRepository
from salescoach.storage.summaries import SummaryRepository
from salescoach.storage.trash import TrashRepository


def build_services(paths: DataPaths, check_fully: bool = False) -> Services:
    """Open the database under `paths` and wire every service to it. `check_fully`: run the
    integrity check whatever the file's size (the command line has no window to show first)."""
    db = open_database(paths.database, sys.maxsize if check_fully else None)
    meta = KeyValueStore(db, "app_meta")
    if meta.get("last_opened_by") != __version__:  # no disk sync at start when unchanged
        meta.set("last_opened_by", __version__)
    settings = SettingsService(KeyValueStore(db, "settings"), paths)
    prospects = ProspectRepository(db)
    interviews = InterviewService(InterviewRepository(db), prospects)
    cycle = CycleService(prospects, CycleLogRepository(db), ProgressRepository(db))
    interviews.on_progress = cycle.refresh
    services = Services(
        paths=paths,
        db=db,
        settings=settings,
        prospects=ProspectService(prospects),
        interviews=interviews,
        playbooks=PlaybookService(resources.playbooks_dir(), settings.playbooks_folder()),
        summaries=SummaryService(
            resources.templates_dir(),
            settings.templates_folder(),
            interviews,
            settings,
            SummaryRepository(db),
        ),
        session=SessionService(meta),
        backups=BackupService(db, paths),
        cycle=cycle,
        fit=FitService(FitRepository(db), settings.store, cycle),
        trash=TrashService(TrashRepository(db), cycle),
        search=SearchService(SearchRepository(db)),
    )
    if meta.get("steps_worked_out") is None:  # data from before steps were derived
        services.cycle.refresh_all()
        meta.set("steps_worked_out", "1")
    return services


def _parser() -> argparse.ArgumentParser:
    basedir_help = "keep all data in DIR (default: $SALESCOACH_HOME, else your data folder)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--basedir", metavar="DIR", help=basedir_help, default=argparse.SUPPRESS)

    parser = argparse.ArgumentParser(
        prog="salescoach",
        description="Guided discovery meetings and needs summaries for sales reps.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"SalesCoach {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (database, playbooks, templates) and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check",
        parents=[common],
        help="validate playbook (.yaml) and template (.j2) files",
        description="Print FILE:LINE: message for each problem; exit 1 if there is any.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", type=Path)
    commands.add_parser(
        "demo",
        parents=[common],
        help="add a few demo prospects, one with a finished discovery meeting",
    )
    commands.add_parser("backup", parents=[common], help="copy the database into backups/")
    restore = commands.add_parser(
        "restore", parents=[common], help="put a backup in place (the current data is kept)"
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    listing = commands.add_parser("list", parents=[common], help="list discovery meetings")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    export = commands.add_parser(
        "export", parents=[common], help="write a meeting's summary to a file"
    )
    export.add_argument("--interview", type=int, required=True, metavar="ID")
    export.add_argument("--template", required=True, metavar="NAME", help="e.g. client-summary")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--output", required=True, type=Path, metavar="PATH")
    export.add_argument("--attach-pdf", action="store_true", help="with --format eml")
    _add_import_export_commands(commands, common)
    return parser


def _add_import_export_commands(
    commands: argparse._SubParsersAction, common: argparse.ArgumentParser
) -> None:
    importing = commands.add_parser(
        "import-prospects",
        parents=[common],
        help="import prospects and their contacts from a CSV file (a CRM or spreadsheet export)",
        description="Print what was imported, the duplicates and the rows skipped with why; "
        "exit 1 if the file could not be used.",
    )
    importing.add_argument("file", type=Path, metavar="FILE.csv")
    importing.add_argument(
        "--dry-run",
        action="store_true",
        help="show the columns and what would happen; change nothing",
    )
    exporting = commands.add_parser(
        "export-data",
        parents=[common],
        help="write prospects, contacts, meetings and needs for a CRM, one file per kind",
    )
    exporting.add_argument("--format", required=True, choices=("csv", "json"))
    exporting.add_argument("--output", required=True, type=Path, metavar="DIR")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _keep_new_files_private()
    _use_the_reps_locale_for_dates()
    basedir = getattr(args, "basedir", None)
    try:
        if args.self_test:
            from salescoach.services.selftest import run_self_test

            return run_self_test(Path(basedir) if basedir else None, build_services, print)
        if args.command == "check":
            return _check(args.files)
        paths = data_paths(basedir)
        if args.command == "demo":
            return _demo(paths)
        if args.command in READS_EXISTING_DATA:
            _require_data(paths, basedir)
        if args.command == "backup":
            return _backup(paths)
        if args.command == "restore":
            return _restore(paths, args.file)
        if args.command in ("list", "export"):
            from salescoach.services import commands

            services = build_services(paths, check_fully=True)
            try:
                if args.command == "list":
                    return commands.list_interviews(services, as_json=args.json)
                return commands.export_summary(
                    services,
                    args.interview,
                    args.template,
                    args.format,
                    args.output,
                    attach_pdf=args.attach_pdf,
                )
            finally:
                services.close()
        if args.command in ("import-prospects", "export-data"):
            return _import_or_export(paths, args)
        return _run_gui(paths)
    except SalesCoachError as error:
        print(f"salescoach: {error}", file=sys.stderr)
        if isinstance(error, CorruptDatabase) and args.command != "restore":
            print(_damaged_database_advice(basedir), file=sys.stderr)
        return 2


READS_EXISTING_DATA = frozenset({"backup", "list", "export", "export-data"})
"""Commands that only read the data: on a folder without any, they say so rather than make an
empty database (and report a backup or an export of nothing)."""


def _require_data(paths: DataPaths, basedir: str | None) -> None:
    if paths.database.exists():
        return
    where = f"in {paths.basedir}" if basedir else f"in its usual folder ({paths.basedir})"
    raise SalesCoachError(
        f"There is no SalesCoach data {where} yet: nothing was done. If your data is "
        "elsewhere, give its folder with --basedir."
    )


def _import_or_export(paths: DataPaths, args: argparse.Namespace) -> int:
    from salescoach.services import commands
    from salescoach.ui.single_instance import exclusive_use

    services = build_services(paths, check_fully=True)
    try:
        if args.command == "import-prospects":
            if args.dry_run:
                return commands.import_prospects(services, args.file, dry_run=True)
            # A long import holds the write lock; the open app's saves would wait on it.
            with exclusive_use(paths.basedir):
                return commands.import_prospects(services, args.file, dry_run=False)
        return commands.export_data(services, args.format, args.output)
    finally:
        services.close()


def _keep_new_files_private() -> None:
    """Clients' business details: the database, its journal, logs and exports are owner-only
    (files 0600, folders 0700) on POSIX, whatever the desktop's default permissions."""
    if os.name == "posix":
        os.umask(0o077)


def _use_the_reps_locale_for_dates() -> None:
    """Month names in summaries follow the rep's language settings (LC_TIME / LANG)."""
    # An unknown locale in the environment keeps the default: English month names.
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_TIME, "")


def _check(files: list[Path]) -> int:
    from salescoach.services.checks import check_file

    reference = PlaybookService.shipped_only().get("collaborative-discovery")
    problems = [problem for path in files for problem in check_file(path, reference)]
    # A file name with undecodable bytes must not crash the report on a strict UTF-8 terminal.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    for problem in problems:
        print(problem)
    checked = len(files)
    summary = f"{checked} file{'s' if checked != 1 else ''} checked, {len(problems)} problem"
    print(summary + ("" if len(problems) == 1 else "s"), file=sys.stderr)
    return 1 if problems else 0


def _demo(paths: DataPaths) -> int:
    from salescoach.services.demo import add_demo_data
    from salescoach.ui.single_instance import exclusive_use

    with exclusive_use(paths.basedir):  # not while the app shows (and may edit) this data
        services = build_services(paths, check_fully=True)
        try:
            added = add_demo_data(services)
        finally:
            services.close()
    if added:
        print(f"Added {added} demo prospects to {paths.database}")
    else:
        print(f"The demo prospects are already in {paths.database}; nothing added.")
    return 0


def _backup(paths: DataPaths) -> int:
    services = build_services(paths, check_fully=True)
    try:
        print(f"Backed up to {services.backups.backup_now()}")
    finally:
        services.close()
    return 0


def _restore(paths: DataPaths, backup: Path) -> int:
    from salescoach.services.backups import restore
    from salescoach.ui.single_instance import exclusive_use

    with exclusive_use(paths.basedir):  # refused while SalesCoach has this data open
        kept = restore(paths, backup)
    if kept is not None:
        print(f"The data you had is kept in {kept}")
    print(f"Restored {backup} into {paths.database}")
    return 0


def _damaged_database_advice(basedir: str | None) -> str:
    """The command that puts the latest good backup back, as the app itself would offer."""
    from salescoach.services.backups import damaged_database_advice

    option = f'--basedir "{basedir}"' if basedir else ""
    return damaged_database_advice(data_paths(basedir), option)


def _run_gui(paths: DataPaths) -> int:
    from salescoach.ui.application import run  # it starts the log once the data is its own

    return run(paths, build_services)


if __name__ == "__main__":
    sys.exit(main())
