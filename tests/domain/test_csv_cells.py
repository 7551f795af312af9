"""Formula injection: CSV exports neutralise it, JSON keeps values, import undoes our mark."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescoach.domain.crm_export import EXPORT_KINDS, csv_cells, json_object
from salescoach.domain.csv_cells import neutralise, restore


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+44 20 7946 0000", "-2", "@SUM(A1:A9)", "\t=cmd", "\r=cmd", '=HYPERLINK("x")'],
)
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["Acme", "", " =not first", "'already quoted", "a=b", "10"])
def test_other_cells_are_untouched(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


@given(st.text())
def test_restore_undoes_neutralise_for_any_text(text: str) -> None:
    assert restore(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_rows_neutralise_text_but_json_keeps_it() -> None:
    prospects = next(kind for kind in EXPORT_KINDS if kind.name == "prospects")
    row = dict.fromkeys(prospects.keys)
    row.update(company="=cmd|' /C calc'!A0", employees=-3, contact_phone="+33 1 23")
    cells = dict(zip(prospects.keys, csv_cells(prospects, row), strict=True))
    assert cells["company"] == "'=cmd|' /C calc'!A0"
    assert cells["contact_phone"] == "'+33 1 23"
    assert cells["employees"] == "-3"  # a number is not a formula
    assert cells["industry"] == ""
    as_json = json_object(prospects, row)
    assert as_json["company"] == "=cmd|' /C calc'!A0"
    assert as_json["employees"] == -3
    assert as_json["industry"] is None
