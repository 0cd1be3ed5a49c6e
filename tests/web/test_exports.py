"""Table exports: CSV and XLSX of what the page shows, formula injection guarded, audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from palermo.accounts.models import AuditLog
from palermo.reference.models import Country

pytestmark = pytest.mark.django_db

PAYLOAD = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile_country(reference_data: dict[str, Country]) -> Country:
    return Country.objects.create(iso3="ZZZ", m49="999", names={"en": PAYLOAD, "fr": PAYLOAD})


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.usefixtures("hostile_country")
def test_csv_export_guards_formulas(client: Client) -> None:
    response = client.get("/countries/?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response.content)
    names = [r[0] for r in rows]
    assert "'" + PAYLOAD in names
    assert PAYLOAD not in names


@pytest.mark.usefixtures("hostile_country")
def test_xlsx_export_guards_formulas(client: Client) -> None:
    response = client.get("/countries/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    hostile = [c for c in cells if isinstance(c.value, str) and "cmd|" in c.value]
    assert len(hostile) == 1
    assert hostile[0].value == "'" + PAYLOAD
    assert hostile[0].data_type == "s"  # a string, not a formula ("f")
    assert all(c.data_type != "f" for c in cells)


@pytest.mark.usefixtures("reference_data")
def test_export_follows_filter_and_sort_and_language(client: Client) -> None:
    response = client.get(
        "/countries/?is_party=yes&sort=-name&export=csv", HTTP_ACCEPT_LANGUAGE="fr"
    )
    rows = read_csv(response.content)
    assert rows[0][0] == "Pays ou territoire"
    iso3 = [r[1] for r in rows[1:]]
    assert "IRN" not in iso3
    assert iso3[0] == "USA"  # États-Unis sorts last in French: -name puts it first
    by_iso = {r[1]: r for r in rows[1:]}
    assert by_iso["FRA"][6] == "2002-10-29"  # dates in ISO whatever the language
    assert by_iso["FRA"][8] == "66918020"  # numbers unformatted


@pytest.mark.usefixtures("reference_data")
def test_dashboard_export_of_treaty_actions(client: Client) -> None:
    response = client.get("/?date_from=2015-12-17&date_to=2019-04-15&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Country or area", "ISO3", "Action", "Date"]
    assert [v[1] for v in values[1:]] == ["MDV", "JPN", "FJI", "PSE"]
    assert values[3][3] == "2017-09-19"


@pytest.mark.usefixtures("reference_data")
def test_export_is_audited(client: Client) -> None:
    client.get("/countries/?export=csv&q=fra")
    entry = AuditLog.objects.get(log_type="export")
    assert entry.action == "countries.export"
    assert entry.metadata["format"] == "csv"
    assert entry.metadata["rows"] == 1
    assert entry.metadata["query"] == "fra"


def test_unknown_export_format_renders_the_page(client: Client) -> None:
    response = client.get("/countries/?export=pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
