"""What an answer looks like for each question type, and how it reads in a summary.

Stored values per type: text/long_text/date(ISO `YYYY-MM-DD`)/single_choice/yes_no -> str;
multi_choice -> list[str]; scale/number -> int | float; currency -> {"amount", "currency"};
group -> list of rows, each a dict of field id -> value.
"""

from __future__ import annotations

from typing import Any

from salescoach.domain.dates import format_date
from salescoach.domain.playbook import Question, QuestionType


def is_answered(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(_row_has_content(item) for item in value)
    if isinstance(value, dict):
        return value.get("amount") not in (None, "")
    return True


def _row_has_content(item: Any) -> bool:
    if isinstance(item, dict):
        return any(is_answered(v) for v in item.values())
    return is_answered(item)


def format_answer(question: Question, value: Any) -> str:
    """A readable one-line rendering of an answer, or "" when there is none."""
    if not is_answered(value):
        return ""
    kind = question.type
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
        labels = {choice.value: choice.label for choice in question.choices or []}
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in items)
    if kind == QuestionType.YES_NO:
        return {"yes": "Yes", "no": "No"}.get(str(value), str(value))
    if kind == QuestionType.SCALE:
        return _format_scale(question, value)
    if kind == QuestionType.NUMBER:
        number = format_number(value)
        return f"{number} {question.unit}" if question.unit else number
    if kind == QuestionType.CURRENCY:
        amount = value.get("amount") if isinstance(value, dict) else value
        code = (value.get("currency") if isinstance(value, dict) else None) or question.currency
        return f"{code} {format_number(amount)}" if code else format_number(amount)
    if kind == QuestionType.DATE:
        return format_date(str(value))
    if kind == QuestionType.GROUP:
        rows = group_rows(question, value)
        return "; ".join(", ".join(cell for cell in row if cell) for row in rows)
    return str(value).strip()


def group_rows(question: Question, value: Any) -> list[list[str]]:
    """A repeatable group as a table: one list of cell texts per non-empty row."""
    rows: list[list[str]] = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict) or not _row_has_content(item):
            continue
        cells = []
        for field in question.fields or []:
            cell = item.get(field.id)
            labels = {choice.value: choice.label for choice in field.choices or []}
            text = "" if cell is None else labels.get(str(cell), str(cell))
            if field.type == "yes_no" and text:
                text = {"yes": "Yes", "no": "No"}.get(text, text)
            cells.append(text)
        rows.append(cells)
    return rows


def format_number(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _format_scale(question: Question, value: Any) -> str:
    try:
        point = int(value)
    except (TypeError, ValueError):
        return str(value)
    if question.labels and 1 <= point <= len(question.labels):
        return f"{point}/5 ({question.labels[point - 1]})"
    return f"{point}/5"
