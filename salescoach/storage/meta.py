"""Small key/value tables: app metadata and the rep's settings."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from salescoach.storage.database import with_explained_reads, write_transaction


@with_explained_reads
class KeyValueStore:
    def __init__(self, db: sqlite_utils.Database, table: str) -> None:
        self.db = db
        self.table = table

    def get(self, key: str, default: Any = None) -> Any:
        row = self.db.execute(f"SELECT value FROM [{self.table}] WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set(self, key: str, value: Any) -> None:
        with write_transaction(self.db):
            self.db.table(self.table).upsert({"key": key, "value": json.dumps(value)}, pk="key")
