"""The set of services one running SalesCoach uses; built by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from salescoach.paths import DataPaths
from salescoach.services.backups import BackupService
from salescoach.services.cycle import CycleService
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

    def close(self) -> None:
        self.db.conn.close()
