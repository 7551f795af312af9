"""The check of a large database that start-up leaves until the window shows.

Up to a size the database is checked before it opens (see `storage.database`); a larger file
opens at once and is checked here, from a thread of its own, while the rep already works.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from salescoach.errors import CorruptDatabase
from salescoach.paths import DataPaths
from salescoach.services.backups import latest_good_backup
from salescoach.storage.backups import Backup
from salescoach.storage.database import check_later, check_left_for_later


@dataclass(frozen=True)
class Verdict:
    seconds: float
    damage: str = ""  # what the check found, in the words of the start-up check ('' when sound)
    rescue: Backup | None = None  # when damaged: the newest backup that passes its own check


def check_is_left_for_later(paths: DataPaths) -> bool:
    """True when opening the data did not check it (a large file): run `check_now` soon."""
    return check_left_for_later(paths.database)


def check_now(paths: DataPaths, cancelled: Callable[[], bool] = lambda: False) -> Verdict | None:
    """Check the database while the app uses it; safe from any thread. None when `cancelled()`
    became true first. On damage, also finds the backup that can be put back. Any other problem
    (a locked or unreadable file) raises a `SalesCoachError`."""
    started = time.perf_counter()
    try:
        seconds = check_later(paths.database, cancelled)
    except CorruptDatabase as error:
        return Verdict(time.perf_counter() - started, str(error), latest_good_backup(paths))
    return None if seconds is None else Verdict(seconds)
