"""Export prospects, contacts, meetings and needs for a CRM: one CSV or JSON file per kind.

CSV is UTF-8 with a byte order mark (so Excel shows accents right) and never holds a formula;
JSON keeps every value as stored. Each file is written under a temporary name and renamed into
place once all of them are complete, so a failed or cancelled export replaces nothing. The
export reads on its own connection, in one snapshot, so it can run in a worker thread.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from salescoach.domain.crm_export import EXPORT_KINDS, ExportKind, csv_cells, json_object
from salescoach.domain.import_report import plural
from salescoach.errors import SalesCoachError
from salescoach.services.cancellable import CancelCheck, Cancelled, Progress
from salescoach.services.data_file import DataFileService
from salescoach.storage import exports as queries
from salescoach.storage.database import write_transaction
from salescoach.storage.worker_database import open_worker_database

FORMATS = ("csv", "json")


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    count: int
    noun: str

    def describe(self) -> str:
        return f"{plural(self.count, self.noun)} in {self.path}"


class ExportService:
    def __init__(self, database: Path, data_file: DataFileService | None = None) -> None:
        self.database = database
        self.data_file = data_file  # in the running app: the file must still be the one open

    def export(
        self,
        folder: Path,
        fmt: str,
        *,
        progress: Progress | None = None,  # (rows written, rows in all)
        cancelled: CancelCheck | None = None,
    ) -> list[ExportedFile]:
        if fmt not in FORMATS:
            raise SalesCoachError(f"Unknown export format {fmt!r}; use csv or json.")
        if self.data_file is not None:
            self.data_file.require_in_place()
        db = open_worker_database(self.database)
        pending: list[tuple[Path, Path]] = []  # (temporary, final)
        written: list[ExportedFile] = []
        try:
            with write_transaction(db):  # one snapshot for every file
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    totals = {kind.name: queries.count(db, kind.name) for kind in EXPORT_KINDS}
                    counter = _Counter(sum(totals.values()), progress, cancelled)
                    for kind in EXPORT_KINDS:
                        target = folder / f"{kind.name}.{fmt}"
                        temporary = target.with_name(
                            f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
                        )
                        pending.append((temporary, target))
                        _write_file(
                            temporary, kind, fmt, counter.counted(queries.rows(db, kind.name))
                        )
                        written.append(ExportedFile(target, totals[kind.name], kind.noun))
                except OSError as error:  # the folder's fault, not the database's
                    raise _cannot_write(folder, error) from None
            for temporary, target in pending:
                temporary.replace(target)
            pending.clear()
        except OSError as error:
            raise _cannot_write(folder, error) from None
        finally:
            for temporary, _target in pending:
                temporary.unlink(missing_ok=True)
            db.conn.close()
        return written


def _cannot_write(folder: Path, error: OSError) -> SalesCoachError:
    return SalesCoachError(f"The export to {folder} could not be written ({error.strerror}).")


class _Counter:
    """Counts rows on their way to a file: progress, and the rep's cancel, at each one."""

    def __init__(self, total: int, progress: Progress | None, cancelled: CancelCheck | None):
        self.total = total
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled
        self.step = max(total // 200, 1)

    def counted(self, rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        for row in rows:
            if self.cancelled is not None and self.cancelled():
                raise Cancelled
            yield row
            self.done += 1
            if self.progress is not None and (
                self.done % self.step == 0 or self.done == self.total
            ):
                self.progress(self.done, self.total)


def _write_file(path: Path, kind: ExportKind, fmt: str, rows: Iterable[dict[str, Any]]) -> None:
    # "x" never overwrites and, unlike tempfile, leaves the permissions to the umask.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with path.open("x", encoding=encoding, newline="") as handle:
        if fmt == "csv":
            _write_csv(handle, kind, rows)
        else:
            _write_json(handle, kind, rows)
        handle.flush()
        os.fsync(handle.fileno())


def _write_csv(handle: TextIO, kind: ExportKind, rows: Iterable[dict[str, Any]]) -> None:
    writer = csv.writer(handle)
    writer.writerow(kind.headers)
    for row in rows:
        writer.writerow(csv_cells(kind, row))


def _write_json(handle: TextIO, kind: ExportKind, rows: Iterable[dict[str, Any]]) -> None:
    """A JSON array written one object at a time."""
    handle.write("[")
    for index, row in enumerate(rows):
        handle.write(",\n  " if index else "\n  ")
        handle.write(json.dumps(json_object(kind, row), ensure_ascii=False))
    handle.write("\n]\n")
