"""What an import did, row by row where it matters, in the rep's words."""

from __future__ import annotations

from dataclasses import dataclass, field

# The report keeps this many rows per list; counts stay exact. A million duplicate rows must not
# fill the memory or a window.
MAX_LISTED = 500


@dataclass
class RowList:
    """Rows (as a spreadsheet numbers them) with the reason for each."""

    entries: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0

    def add(self, row: int, reason: str) -> None:
        self.total += 1
        if len(self.entries) < MAX_LISTED:
            self.entries.append((row, reason))

    def lines(self, indent: str = "  ") -> list[str]:
        listed = [f"{indent}Row {row}: {_sentence(reason)}" for row, reason in self.entries]
        if self.total > len(self.entries):
            listed.append(f"{indent}... and {self.total - len(self.entries):,} more")
        return listed


@dataclass(frozen=True)
class RowOutcome:
    """What one row did: added a prospect and/or a contact, or nothing because of `duplicate`."""

    prospect_added: bool = False
    person_added: bool = False
    joined_existing: bool = False  # the contact went to a prospect that was there before
    duplicate: str = ""


def duplicate_email(email: str, owner: str) -> str:
    return f"{email} is already {owner}"


def duplicate_person(name: str, company: str) -> str:
    return f"{name} is already a contact at {company}"


def duplicate_company(company: str, existing: str, first_row: int | None) -> str:
    if first_row is not None:
        return f"same company as row {first_row}, and no new contact"
    if company == existing:
        return f"{company} is already a prospect, and the row has no new contact"
    return f"{company} is already a prospect (as {existing}), and the row has no new contact"


@dataclass
class ImportReport:
    file_name: str
    encoding: str  # as the rep reads it, e.g. "UTF-8"
    delimiter: str  # e.g. "commas"
    ignored_columns: tuple[str, ...] = ()
    dry_run: bool = False
    prospects_added: int = 0
    people_added: int = 0
    people_joined_existing: int = 0
    empty_rows: int = 0
    duplicates: RowList = field(default_factory=RowList)
    skipped: RowList = field(default_factory=RowList)
    notes: RowList = field(default_factory=RowList)

    def count(self, row: int, outcome: RowOutcome) -> None:
        self.prospects_added += outcome.prospect_added
        self.people_added += outcome.person_added
        self.people_joined_existing += outcome.joined_existing
        if outcome.duplicate:
            self.duplicates.add(row, outcome.duplicate)

    @property
    def added_anything(self) -> bool:
        return bool(self.prospects_added or self.people_added)

    @property
    def usable(self) -> bool:
        """False when no row could be used at all: every row skipped, none even a duplicate."""
        return self.added_anything or self.duplicates.total > 0

    def headline(self) -> str:
        if not self.added_anything:
            text = "Nothing new to import."
        else:
            verb = "Would import" if self.dry_run else "Imported"
            text = (
                f"{verb} {plural(self.prospects_added, 'new prospect')} and "
                f"{plural(self.people_added, 'contact')}."
            )
        if self.people_joined_existing:
            verb = "join" if self.people_joined_existing > 1 else "joins"
            text += (
                f" {plural(self.people_joined_existing, 'contact')} {verb} "
                "prospects you already had."
            )
        if self.dry_run:
            text += " Dry run: nothing was changed."
        return text

    def lines(self) -> list[str]:
        lines = [
            self.headline(),
            f"Read {self.file_name} as {self.encoding}, columns separated by {self.delimiter}.",
        ]
        if self.ignored_columns:
            lines.append(f"Columns not imported: {', '.join(self.ignored_columns)}.")
        if self.duplicates.total:
            lines.append(f"{plural(self.duplicates.total, 'duplicate row')} skipped:")
            lines += self.duplicates.lines()
        if self.skipped.total:
            lines.append(f"{plural(self.skipped.total, 'row')} skipped:")
            lines += self.skipped.lines()
        if self.empty_rows:
            lines.append(f"{plural(self.empty_rows, 'empty row')} ignored.")
        if self.notes.total:
            lines.append("Notes:")
            lines += self.notes.lines()
        return lines

    def text(self) -> str:
        return "\n".join(self.lines())


def plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {noun}s"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."
