"""Command-line `list` and `export`: what the app does, for scripts and a rep in a hurry."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from salescoach.domain.coverage import coverage
from salescoach.errors import SalesCoachError
from salescoach.services.container import Services

OUTCOME_WORDS = {"advance": "Advance", "continuation": "Continuation", "no_fit": "No fit"}


def list_interviews(services: Services, as_json: bool = False) -> int:
    rows = []
    for meeting in services.interviews.interviews.listing():
        loaded = services.interviews.meeting(meeting["id"])
        values = {qid: a.value for qid, a in services.interviews.answers(meeting["id"]).items()}
        rows.append(
            {
                **meeting,
                "date": meeting["started_at"][:10],
                "coverage": coverage(loaded.playbook, values).percent,
                "outcome": meeting["outcome"] or "",
            }
        )
    if as_json:
        keys = ("id", "prospect", "date", "playbook", "coverage", "status", "outcome")
        print(json.dumps([{key: row[key] for key in keys} for row in rows], indent=2))
        return 0
    if not rows:
        print("No discovery meetings yet.")
        return 0
    width = max(len(row["prospect"]) for row in rows)
    print(f"{'ID':>4}  {'PROSPECT':<{width}}  {'DATE':<10}  {'COVER':>5}  OUTCOME   PLAYBOOK")
    for row in rows:
        outcome = OUTCOME_WORDS.get(row["outcome"], row["outcome"].title()) or "(open)"
        print(
            f"{row['id']:>4}  {row['prospect']:<{width}}  {row['date']:<10}  "
            f"{row['coverage']:>4}%  {outcome:<8}  {row['playbook']}"
        )
    return 0


def export_summary(
    services: Services,
    interview_id: int,
    template: str,
    fmt: str,
    output: Path,
    attach_pdf: bool = False,
) -> int:
    try:
        written = services.summaries.export(interview_id, template, fmt, output, attach_pdf)
    except SalesCoachError as error:
        print(f"salescoach: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {written}")
    return 0


# --- import-prospects and export-data ----------------------------------------------------------


def import_prospects(services: Services, file: Path, dry_run: bool = False) -> int:
    """Exit 1 when nothing could be imported because the file is unusable."""
    from salescoach.services.imports import ImportService, UnusableFile

    importer = ImportService(services.paths.database)
    try:
        preview = importer.inspect(file)
        if dry_run:
            print("Columns:")
            for line in preview.mapping.describe():
                print(f"  {line}")
        report = importer.run(preview, dry_run=dry_run)
    except UnusableFile as error:
        print(f"salescoach: {error}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0 if report.usable else 1


def export_data(services: Services, fmt: str, output: Path) -> int:
    from salescoach.services.exports import ExportService

    try:
        written = ExportService(services.paths.database).export(output, fmt)
    except SalesCoachError as error:
        print(f"salescoach: {error}", file=sys.stderr)
        return 1
    for exported in written:
        print(f"Wrote {exported.describe()}")
    return 0
