"""The prospect's people, shown and edited like any other log."""

from __future__ import annotations

from typing import Any

from salescoach.domain.cycle_logs import Field, LogKind
from salescoach.services.container import Services

PEOPLE = LogKind(
    key="people",
    step="target",
    title="People",
    noun="person",
    fields=(
        Field("name", "Name", required=True),
        Field("title", "Job title"),
        Field("role", "Role in the decision", hint="e.g. champion, economic buyer, user"),
        Field("email", "Email"),
        Field("phone", "Phone"),
    ),
    summary_fields=("name", "title", "role", "email", "phone"),
)


class PeopleSource:
    """People through the prospect service; the step is worked out again after each change
    (a named contact is part of Target's "ready to move on")."""

    kind = PEOPLE

    def __init__(self, services: Services, prospect_id: int) -> None:
        self.services = services
        self.prospect_id = prospect_id

    def entries(self) -> list[dict[str, Any]]:
        return self.services.prospects.people(self.prospect_id)

    def needs(self) -> list[dict[str, Any]]:
        return []

    def add(self, values: dict[str, Any]) -> int:
        fields = {name: value for name, value in values.items() if value is not None}
        name = str(fields.pop("name", "") or "")
        person_id = self.services.prospects.add_person(self.prospect_id, name, **fields)
        self.services.cycle.refresh(self.prospect_id)
        return person_id

    def update(self, entry_id: int, values: dict[str, Any]) -> None:
        self.services.prospects.update_person(entry_id, values)
        self.services.cycle.refresh(self.prospect_id)

    def trash(self, entry_id: int) -> None:
        self.services.trash.move_person(entry_id)  # the trash works the step out again
