"""Checking the fields a screen sends before they reach storage."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from salescoach.errors import InvalidInput


def checked_fields(
    fields: dict[str, Any], allowed: Collection[str], required: str, blank_message: str
) -> dict[str, Any]:
    """Only `allowed` names; `required` may not be blanked; blank text is stored as NULL."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise InvalidInput(f"These cannot be changed here: {', '.join(sorted(unknown))}")
    if required in fields and not str(fields[required] or "").strip():
        raise InvalidInput(blank_message)
    return {
        name: (value.strip() or None) if isinstance(value, str) else value
        for name, value in fields.items()
    }
