"""Logging to a rotating file in the data folder. Logs never contain what a client said."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "salescoach.log"


def configure(log_dir: Path | None, verbose: bool = False) -> Path | None:
    """Send log records to `log_dir/salescoach.log`; returns the file, or None if unwritable."""
    root = logging.getLogger("salescoach")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if log_dir is None:
        return None
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            log_dir / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only data folder must not stop the app; the UI says so elsewhere
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return log_dir / LOG_NAME
