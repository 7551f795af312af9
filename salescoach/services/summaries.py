"""Turn a meeting into a needs summary with the shipped or the team's templates."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salescoach.reports import TEMPLATE_SUFFIX

if TYPE_CHECKING:
    import jinja2


class SummaryService:
    """Jinja loads on the first summary, not at start-up."""

    def __init__(self, shipped_dir: Path, user_dir: Path | None) -> None:
        self.shipped_dir = shipped_dir
        self.user_dir = user_dir

    @cached_property
    def _shipped(self) -> jinja2.Environment:
        from salescoach.reports.render import shipped_environment

        return shipped_environment(self.shipped_dir)

    @cached_property
    def _user(self) -> jinja2.Environment | None:
        from salescoach.reports.render import user_environment

        return user_environment(self.user_dir) if self.user_dir else None

    def use_user_folder(self, user_dir: Path | None) -> None:
        """The templates folder changed in Settings: forget the old environment."""
        self.user_dir = user_dir
        self.__dict__.pop("_user", None)

    def template_names(self) -> list[str]:
        names = {path.name for path in self.shipped_dir.glob(f"*{TEMPLATE_SUFFIX}")}
        if self.user_dir and self.user_dir.is_dir():
            names |= {path.name for path in self.user_dir.glob(f"*{TEMPLATE_SUFFIX}")}
        return sorted(names)

    def render(self, name: str, view_model: Mapping[str, Any]) -> str:
        """A user template of the same name overrides the shipped one."""
        import jinja2

        from salescoach.reports.render import render

        if self._user is not None and self.user_dir and (self.user_dir / name).is_file():
            return render(self._user, name, view_model)
        try:
            return render(self._shipped, name, view_model)
        except jinja2.TemplateNotFound:
            raise KeyError(name) from None
