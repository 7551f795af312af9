"""`salescoach check`: validate playbook and template files the way the app will load them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salescoach.domain.playbook import Playbook
from salescoach.domain.samples import sample_answers
from salescoach.domain.summary import build_summary
from salescoach.errors import FileProblem, InvalidFile
from salescoach.playbooks.library import PLAYBOOK_SUFFIXES
from salescoach.playbooks.loader import load_playbook_file
from salescoach.reports import TEMPLATE_SUFFIX
from salescoach.reports.render import check_template_file

SAMPLE_PROSPECT = {"company": "Example Manufacturing Ltd", "industry": "Manufacturing"}
SAMPLE_PEOPLE = [{"name": "Dana Example", "title": "Operations Director", "role": "champion"}]
SAMPLE_REP = {"name": "Sam Rep", "title": "Account Executive", "company": "Our Company"}
SAMPLE_MEETING = {"title": "Discovery", "started_at": "2026-11-20T09:30:00+00:00"}
SAMPLE_NEEDS = [
    {"statement": "Stop losing orders when the planner is away", "impact": "2 orders a week"},
    {"statement": "See stock levels without calling the warehouse", "status": "confirmed"},
]


def sample_summary(playbook: Playbook, fraction: float = 1.0) -> dict[str, Any]:
    """A complete (or partly answered) summary view-model for `playbook`."""
    answers = {
        qid: {"value": value, "note": "", "quote": ""}
        for qid, value in sample_answers(playbook, fraction).items()
    }
    return build_summary(
        playbook=playbook,
        prospect=SAMPLE_PROSPECT,
        people=SAMPLE_PEOPLE,
        rep=SAMPLE_REP,
        meeting=SAMPLE_MEETING,
        answers=answers,
        needs=SAMPLE_NEEDS,
    )


def check_file(path: Path, reference_playbook: Playbook) -> list[FileProblem]:
    if not path.exists():
        return [FileProblem(path, None, "no such file")]
    if not path.is_file():  # a folder, or a pipe that would never end
        return [FileProblem(path, None, "is not a file")]
    if path.suffix in PLAYBOOK_SUFFIXES:
        try:
            load_playbook_file(path)
        except InvalidFile as error:
            return error.problems
        return []
    if path.name.endswith(TEMPLATE_SUFFIX):
        return check_template_file(path, sample_summary(reference_playbook))
    return [FileProblem(path, None, "is neither a playbook (.yaml) nor a template (.j2)")]
