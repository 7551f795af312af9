"""Where SalesCoach keeps its data: resolved once, overridable.

Order of precedence: `--basedir` > the `SALESCOACH_HOME` environment variable > the platform's
per-user data folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from salescoach import APP_NAME

HOME_VARIABLE = "SALESCOACH_HOME"
DATABASE_NAME = "salescoach.db"


@dataclass(frozen=True)
class DataPaths:
    basedir: Path

    @property
    def database(self) -> Path:
        return self.basedir / DATABASE_NAME

    @property
    def playbooks(self) -> Path:
        """The default user playbooks folder; Settings may point elsewhere."""
        return self.basedir / "playbooks"

    @property
    def templates(self) -> Path:
        return self.basedir / "templates"

    @property
    def logs(self) -> Path:
        return self.basedir / "logs"

    @property
    def backups(self) -> Path:
        return self.basedir / "backups"


def resolve_basedir(cli_basedir: str | os.PathLike[str] | None = None) -> Path:
    if cli_basedir:
        chosen = Path(cli_basedir)
    elif os.environ.get(HOME_VARIABLE):
        chosen = Path(os.environ[HOME_VARIABLE])
    else:
        chosen = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))
    return chosen.expanduser().resolve()


def data_paths(cli_basedir: str | os.PathLike[str] | None = None) -> DataPaths:
    return DataPaths(resolve_basedir(cli_basedir))
