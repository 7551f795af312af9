"""Prospects as the pipeline and lists see them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from salescoach.domain.pipeline import DueCounts, PipelineFilter, PipelineRow
from salescoach.errors import InvalidInput
from salescoach.services.fields import checked_fields
from salescoach.storage.database import explained_errors, write_transaction
from salescoach.storage.prospects import ProspectRepository

# What a person on a prospect may be changed to; the rest (ids, stamps) is kept by storage.
PERSON_FIELDS = frozenset({"name", "title", "role", "email", "phone"})


class ProspectService:
    def __init__(
        self, prospects: ProspectRepository, today: Callable[[], date] = date.today
    ) -> None:
        self.prospects = prospects
        self.today = today  # the rep's local calendar day: what "overdue" is measured against

    def add(self, company: str, **fields: Any) -> int:
        return self.prospects.add(company, **fields)

    def add_person(self, prospect_id: int, name: str, **fields: Any) -> int:
        if not name.strip():
            raise InvalidInput("A person needs a name.")
        with explained_errors(self.prospects.db):  # a failed write is told, not a crash
            return self.prospects.add_person(prospect_id, name.strip(), **fields)

    def people(self, prospect_id: int) -> list[dict[str, Any]]:
        """The prospect's people not in the trash, in the order they were added."""
        return self.prospects.people(prospect_id)

    def update_person(self, person_id: int, fields: dict[str, Any]) -> None:
        cleaned = checked_fields(fields, PERSON_FIELDS, "name", "A person needs a name.")
        self.prospects.update_person(person_id, cleaned)

    def create(self, company: str, contact_name: str = "", contact_email: str = "") -> int:
        """A new prospect from home's small form: a company, perhaps its first contact."""
        company, name, email = company.strip(), contact_name.strip(), contact_email.strip()
        if not company:
            raise InvalidInput("A prospect needs a company name.")
        if email and not name:
            raise InvalidInput("Give the contact's name with the email address.")
        db = self.prospects.db
        with write_transaction(db):  # the prospect and its contact arrive together
            prospect_id = self.prospects.add(company)
            if name:
                self.prospects.add_person(prospect_id, name, email=email or None)
        return prospect_id

    def get(self, prospect_id: int) -> dict[str, Any]:
        return self.prospects.get(prospect_id)

    def id_for_demo_key(self, key: str) -> int | None:
        return self.prospects.id_for_demo_key(key)

    def count(self, search: str = "", filters: PipelineFilter | None = None) -> int:
        return self.prospects.count(search, filters, self.today())

    def page(
        self,
        search: str,
        sort: str,
        descending: bool,
        offset: int,
        limit: int,
        filters: PipelineFilter | None = None,
    ) -> list[PipelineRow]:
        return self.prospects.list(
            search,
            sort,
            descending,
            limit=limit,
            offset=offset,
            filters=filters,
            today=self.today(),
        )

    def ordered_ids(
        self, filters: PipelineFilter | None = None, sort: str = "company", descending: bool = False
    ) -> list[int]:
        """The pipeline's prospects in the list's order: sorted once, then shown page by page."""
        return self.prospects.ids("", sort, descending, filters, self.today())

    def rows(self, ids: list[int]) -> list[PipelineRow]:
        """What the pipeline shows of these prospects, in the order given."""
        return self.prospects.rows(ids)

    def stage_counts(self, filters: PipelineFilter | None = None) -> dict[str, int]:
        """Prospects at each step under the other filters: the numbers on the pipeline strip."""
        return self.prospects.stage_counts(filters, self.today())

    def due_counts(self) -> DueCounts:
        return self.prospects.due_counts(self.today())
