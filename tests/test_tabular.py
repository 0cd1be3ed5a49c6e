"""Exports never hand a spreadsheet a formula: CSV and XLSX writers of palermo.tabular."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from palermo.tabular import safe_cell, to_csv, to_xlsx

ATTACK = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", [ATTACK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1"])
def test_formula_like_text_is_made_inert(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", [42, 3.5, -7, True, "Côte d'Ivoire", "2019-04-15"])
def test_ordinary_values_pass_unchanged(value: object) -> None:
    assert safe_cell(value) == value


def test_csv_export_writes_the_attack_as_text() -> None:
    data = to_csv(["name", "count"], [[ATTACK, 3], ["Égypte", -1]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "count"], ["'" + ATTACK, "3"], ["Égypte", "-1"]]


def test_xlsx_export_stores_the_attack_as_a_string_never_a_formula() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(["name", "count"], [[ATTACK, 3]])))
    cell = book.active["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + ATTACK
    assert book.active["B2"].value == 3
