"""Import prospects from a CSV file exported by a CRM or a spreadsheet.

`inspect` reads only the start of the file, for the preview; `run` streams the whole file (any
size, in bounded memory) into one transaction on its own connection, so it can run in a worker
thread. An import either completes or changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from salescoach.domain.csv_columns import ColumnMapping, missing_company_message
from salescoach.domain.csv_import import (
    DELIMITERS,
    ImportRow,
    RowInterpreter,
    SkippedRow,
    sniff_delimiter,
)
from salescoach.domain.import_report import ImportReport
from salescoach.errors import SalesCoachError
from salescoach.services.cancellable import CancelCheck, Cancelled, Progress
from salescoach.services.data_file import DataFileService
from salescoach.storage.clock import now_iso
from salescoach.storage.database import write_transaction
from salescoach.storage.imports import ImportWriter
from salescoach.storage.worker_database import open_worker_database

SAMPLE_BYTES = 64 * 1024  # what the preview reads
FULL_CHECK_BYTES = 8 * 1024 * 1024  # files up to this size get their encoding checked whole
CHUNK_BYTES = 1024 * 1024
PREVIEW_ROWS = 5
PROGRESS_STEPS = 1000


class UnusableFile(SalesCoachError):
    """The file cannot be imported as it is; nothing was changed."""


class _DryRunDone(Exception):
    """Raised at the end of a dry run so the transaction rolls back."""


@dataclass(frozen=True)
class Encoding:
    codec: str
    label: str


UTF8 = Encoding("utf-8-sig", "UTF-8")
UTF8_BOM = Encoding("utf-8-sig", "UTF-8 (with BOM)")
UTF16 = Encoding("utf-16", "UTF-16")
CP1252 = Encoding("cp1252", "Windows-1252 (the file is not UTF-8)")


@dataclass(frozen=True)
class CsvPreview:
    """What the start of a file says: how to read it, its columns and first rows."""

    path: Path
    size: int
    encoding: Encoding
    encoding_checked: bool  # False: only the start was checked; the import checks the rest
    delimiter: str
    header_row: int  # the column names' row, as a spreadsheet numbers it
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number, cells), the first few
    mapping: ColumnMapping  # the suggested one

    @property
    def delimiter_label(self) -> str:
        return DELIMITERS[self.delimiter]

    def warnings(self, mapping: ColumnMapping | None = None) -> list[str]:
        mapping = mapping or self.mapping
        warnings = [f"Read as {self.encoding.label}, columns separated by {self.delimiter_label}."]
        ignored = mapping.ignored_columns()
        if ignored:
            warnings.append(f"Columns not imported: {', '.join(ignored)}.")
        if not mapping.has_company:
            warnings.append("Choose the column that holds the company: it is needed.")
        return warnings


def preview_rows(preview: CsvPreview, mapping: ColumnMapping) -> list[ImportRow | SkippedRow]:
    """The first rows as the import will take them (empty rows left out)."""
    interpret = RowInterpreter(mapping)
    results = (interpret(cells, number) for number, cells in preview.rows)
    return [result for result in islice(results, PREVIEW_ROWS) if result is not None]


class ImportService:
    def __init__(self, database: Path, data_file: DataFileService | None = None) -> None:
        self.database = database
        self.data_file = data_file  # in the running app: the file must still be the one open

    def inspect(self, path: Path) -> CsvPreview:
        """Read the start of `path`: its encoding, separator, columns and first rows."""
        try:
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(SAMPLE_BYTES)
        except FileNotFoundError:
            raise UnusableFile(f"There is no file {path}.") from None
        except OSError as error:
            raise UnusableFile(f"{path} cannot be read ({error.strerror}).") from None
        name = path.name
        if not head.lstrip(codecs.BOM_UTF8).strip():
            raise UnusableFile(f"{name} is empty: there is nothing to import.")
        _refuse_binary(head, name)
        complete = size <= len(head)
        if complete or size <= FULL_CHECK_BYTES:
            encoding = _file_encoding(path, head)
        else:
            encoding = _sample_encoding(head)
        text = codecs.getincrementaldecoder(encoding.codec)(errors="replace").decode(
            head, final=complete
        )
        if not complete:  # the last line may be cut short
            text = text[: text.rfind("\n") + 1]
        if _looks_binary(text):
            raise UnusableFile(_binary_message(name))
        delimiter = sniff_delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            records = list(enumerate(reader, start=1))
        except csv.Error as error:
            raise UnusableFile(f"{name} cannot be read as CSV ({error}).") from None
        if not complete and records:
            records.pop()  # it may be a quoted value cut in the middle
        filled = [(number, row) for number, row in records if any(cell.strip() for cell in row)]
        if not filled:
            raise UnusableFile(f"{name} is empty: there is nothing to import.")
        header_row, headers = filled[0]
        rows = tuple((number, tuple(row)) for number, row in filled[1 : PREVIEW_ROWS + 1])
        if not rows and complete:
            raise UnusableFile(
                f"{name} has column names but no rows below them: there is nothing to import."
            )
        return CsvPreview(
            path=path,
            size=size,
            encoding=encoding,
            encoding_checked=complete or size <= FULL_CHECK_BYTES,
            delimiter=delimiter,
            header_row=header_row,
            headers=tuple(headers),
            rows=rows,
            mapping=ColumnMapping.suggest(headers),
        )

    def run(
        self,
        preview: CsvPreview,
        mapping: ColumnMapping | None = None,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,  # (bytes read, file size)
        cancelled: CancelCheck | None = None,
    ) -> ImportReport:
        """Import the whole file in one transaction. Raises Cancelled when `cancelled()`
        turns true, UnusableFile when the file cannot be read to the end; either way the
        database is left as it was."""
        mapping = mapping or preview.mapping
        if mapping.headers != preview.headers:
            raise ValueError("the mapping is for another file")
        if not mapping.has_company:
            raise UnusableFile(missing_company_message(preview.headers))
        encoding = preview.encoding
        if not preview.encoding_checked:
            encoding = _file_encoding(preview.path, b"")
        report = ImportReport(
            file_name=preview.path.name,
            encoding=encoding.label,
            delimiter=preview.delimiter_label,
            ignored_columns=tuple(mapping.ignored_columns()),
            dry_run=dry_run,
        )
        interpret = RowInterpreter(mapping)
        step = max(preview.size // PROGRESS_STEPS, 1)
        next_report = 0
        if self.data_file is not None:
            self.data_file.require_in_place()
        db = open_worker_database(self.database)
        try:
            with write_transaction(db):
                writer = ImportWriter(db, now_iso())
                writer.prepare()
                records = _records(preview.path, encoding.codec, preview.delimiter)
                with closing(records):  # the file is closed at once, even on cancel
                    for number, cells, position in records:
                        if cancelled is not None and cancelled():
                            raise Cancelled
                        if progress is not None and position >= next_report:
                            progress(position, preview.size)
                            next_report = position + step
                        if number <= preview.header_row:
                            continue
                        _import_row(interpret(cells, number), writer, report)
                if progress is not None:
                    progress(preview.size, preview.size)
                if dry_run:
                    raise _DryRunDone
        except _DryRunDone:
            pass
        finally:
            db.conn.close()
        return report


def _import_row(
    result: ImportRow | SkippedRow | None, writer: ImportWriter, report: ImportReport
) -> None:
    if result is None:
        report.empty_rows += 1
    elif isinstance(result, SkippedRow):
        report.skipped.add(result.row, result.reason)
    else:
        outcome = writer.write(result)
        report.count(result.row, outcome)
        if not outcome.duplicate:  # a note on a row that added nothing would only distract
            for note in result.notes:
                report.notes.add(result.row, note)


def _records(path: Path, codec: str, delimiter: str) -> Iterator[tuple[int, list[str], int]]:
    """(row number as a spreadsheet shows it, cells, bytes read so far) for each row."""
    number = 0
    try:
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=codec, errors="replace", newline="")
            reader = csv.reader(text, delimiter=delimiter)
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    raise UnusableFile(
                        f"Row {number + 1} of {path.name} cannot be read ({error}); perhaps a "
                        "quote is never closed. Nothing was imported."
                    ) from None
                number += 1
                yield number, cells, raw.tell()
    except OSError as error:
        raise UnusableFile(
            f"{path.name} could not be read to the end ({error.strerror}). Nothing was imported."
        ) from None


# --- encodings and binary files ---------------------------------------------------------------


def _sample_encoding(head: bytes) -> Encoding:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return CP1252
    return UTF8_BOM if head.startswith(codecs.BOM_UTF8) else UTF8


def _file_encoding(path: Path, head: bytes) -> Encoding:
    """UTF-8 when every byte of the file is valid UTF-8, else Windows-1252 (what Excel on
    Windows writes for "CSV"); UTF-16 when the file says so."""
    try:
        with path.open("rb") as handle:
            head = head or handle.read(SAMPLE_BYTES)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return UTF16
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            try:
                while chunk := handle.read(CHUNK_BYTES):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return CP1252
    except OSError as error:
        raise UnusableFile(f"{path} cannot be read ({error.strerror}).") from None
    return UTF8_BOM if head.startswith(codecs.BOM_UTF8) else UTF8


_ZIPPED = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (and other zips), old .xls


def _refuse_binary(head: bytes, name: str) -> None:
    if head.startswith(_ZIPPED):
        raise UnusableFile(
            f"{name} is a spreadsheet workbook (or another packed file), not CSV. Open it in "
            "your spreadsheet, save it as CSV (UTF-8), and import that file."
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # NUL bytes are normal in UTF-16 text
    if b"\x00" in head:
        raise UnusableFile(_binary_message(name))


def _looks_binary(text: str) -> bool:
    """Text a CSV file would not hold: control characters other than tabs and line breaks."""
    sample = text[:SAMPLE_BYTES]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f\v")
    return controls > max(len(sample) // 100, 2)


def _binary_message(name: str) -> str:
    return (
        f"{name} does not look like a CSV file: it holds binary data (an image, an archive or "
        "a database, perhaps). Choose a CSV file exported from your CRM or spreadsheet."
    )
