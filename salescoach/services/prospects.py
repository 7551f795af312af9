"""Prospects as the pipeline and lists see them."""

from __future__ import annotations

from typing import Any

from salescoach.domain.prospect import ProspectRow
from salescoach.storage.prospects import ProspectRepository


class ProspectService:
    def __init__(self, prospects: ProspectRepository) -> None:
        self.prospects = prospects

    def add(self, company: str, **fields: Any) -> int:
        return self.prospects.add(company, **fields)

    def add_person(self, prospect_id: int, name: str, **fields: Any) -> int:
        return self.prospects.add_person(prospect_id, name, **fields)

    def get(self, prospect_id: int) -> dict[str, Any]:
        return self.prospects.get(prospect_id)

    def id_for_demo_key(self, key: str) -> int | None:
        return self.prospects.id_for_demo_key(key)

    def count(self, search: str = "") -> int:
        return self.prospects.count(search)

    def page(
        self, search: str, sort: str, descending: bool, offset: int, limit: int
    ) -> list[ProspectRow]:
        return self.prospects.list(search, sort, descending, limit=limit, offset=offset)
