"""Turn a meeting into a needs summary with the shipped or the team's templates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from salescoach.reports.render import (
    TEMPLATE_SUFFIX,
    render,
    shipped_environment,
    user_environment,
)


class SummaryService:
    def __init__(self, shipped_dir: Path, user_dir: Path | None) -> None:
        self.shipped = shipped_environment(shipped_dir)
        self.shipped_dir = shipped_dir
        self.user_dir = user_dir
        self.user = user_environment(user_dir) if user_dir else None

    def template_names(self) -> list[str]:
        names = {path.name for path in self.shipped_dir.glob(f"*{TEMPLATE_SUFFIX}")}
        if self.user_dir and self.user_dir.is_dir():
            names |= {path.name for path in self.user_dir.glob(f"*{TEMPLATE_SUFFIX}")}
        return sorted(names)

    def render(self, name: str, view_model: Mapping[str, Any]) -> str:
        """A user template of the same name overrides the shipped one."""
        if self.user is not None and self.user_dir and (self.user_dir / name).is_file():
            return render(self.user, name, view_model)
        try:
            return render(self.shipped, name, view_model)
        except jinja2.TemplateNotFound:
            raise KeyError(name) from None
