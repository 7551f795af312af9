"""The one place that knows where shipped resources live.

In a checkout they are in `resources/` beside the package; in a wheel they are force-included as
`salescoach/resources`; in a frozen (PyInstaller) app they sit under `sys._MEIPASS`.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def root() -> Path:
    frozen_base = getattr(sys, "_MEIPASS", None)
    candidates = [
        Path(frozen_base) / "salescoach" / "resources" if frozen_base else None,
        _PACKAGE_DIR / "resources",
        _PACKAGE_DIR.parent / "resources",
    ]
    for candidate in candidates:
        if candidate is not None and (candidate / "playbooks").is_dir():
            return candidate
    raise FileNotFoundError("SalesCoach's shipped resources are missing from this installation")


def playbooks_dir() -> Path:
    return root() / "playbooks"


def templates_dir() -> Path:
    return root() / "templates"


def docs_dir() -> Path:
    return root() / "docs"


def icon_path() -> Path:
    return root() / "icons" / "salescoach.svg"


def playbook_schema_path() -> Path:
    return playbooks_dir() / "playbook.schema.json"
