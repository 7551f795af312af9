"""Dates as the rep reads them: '24 November 2026', in summaries, history and search alike.

A module of its own, with no playbook model behind it, so that the search and the history can
write dates without loading pydantic at start-up."""

from __future__ import annotations

from datetime import date


def format_date(value: str) -> str:
    """An ISO date ('2026-11-24') as '24 November 2026'; anything else as it came."""
    try:
        return date.fromisoformat(value).strftime("%d %B %Y").lstrip("0")
    except ValueError:
        return value
