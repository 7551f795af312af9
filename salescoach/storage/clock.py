"""Timestamps as stored: ISO 8601 in UTC, to the millisecond, so they sort as text."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
