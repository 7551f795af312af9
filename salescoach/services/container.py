"""The set of services one running SalesCoach uses; built by the composition root."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from salescoach.paths import DataPaths
from salescoach.services.backups import BackupService
from salescoach.services.cycle import CycleService
from salescoach.services.data_file import DataFileService
from salescoach.services.fit import FitService
from salescoach.services.interviews import InterviewService
from salescoach.services.playbooks import PlaybookService
from salescoach.services.prospects import ProspectService
from salescoach.services.search import SearchService
from salescoach.services.session import SessionService
from salescoach.services.settings import SettingsService
from salescoach.services.summaries import SummaryService
from salescoach.services.trash import TrashService


@dataclass
class Services:
    paths: DataPaths
    db: sqlite_utils.Database
    settings: SettingsService
    prospects: ProspectService
    interviews: InterviewService
    playbooks: PlaybookService
    summaries: SummaryService
    session: SessionService
    backups: BackupService
    cycle: CycleService
    fit: FitService
    trash: TrashService
    search: SearchService
    data_file: DataFileService = field(init=False, repr=False)
    """Which file the data was opened from, and whether it is still there."""

    def __post_init__(self) -> None:
        # Built with the services, right after the database was opened: the file at its path
        # now is the one this connection writes to.
        self.data_file = DataFileService(self.db, self.paths.database)

    def close(self) -> None:
        self.db.conn.close()
