"""The fund dashboard writes money in the reader's language: grouping, decimal mark, currency sign."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from palermo.fund import services
from palermo.fund.models import Application, Grant
from tests.fund.conftest import People

NNBSP = "\u202f"  # CLDR's French digit group separator (narrow no-break space)


def _dashboard(people: People, lang: str) -> str:
    client = Client()
    client.force_login(people.officer)
    response = client.get("/fund/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def fund_in_figures(people: People, open_call) -> None:
    donor = services.create_donor(None, people.officer, services.DonorSpec("state", "Examplia"))
    services.record_contribution(
        None, people.officer, donor, services.MoneySpec(Decimal("6700000")), dt.date(2024, 1, 10)
    )
    application = Application.objects.create(
        call=open_call,
        organisation=people.ngo,
        title="Shelter",
        theme="labour",
        requested_usd=Decimal("1234567.50"),
    )
    Grant.objects.create(
        application=application,
        number="G-1",
        amount_usd=Decimal("1234567.50"),
        starts_on=dt.date(2024, 2, 1),
        ends_on=dt.date(2025, 2, 1),
    )


@pytest.mark.django_db
def test_dashboard_money_in_english(people: People, fund_in_figures: None) -> None:
    html = _dashboard(people, "en")
    assert "$6,700,000.00" in html  # headline figures
    assert "6700000.00" not in html
    assert "6,700,000.00</td>" in html  # donor-type table
    assert "1,234,567.50</td>" in html  # grants by region and by theme


@pytest.mark.django_db
def test_dashboard_money_in_french(people: People, fund_in_figures: None) -> None:
    html = _dashboard(people, "fr")
    assert f"6{NNBSP}700{NNBSP}000,00\xa0$US" in html
    assert "6700000.00" not in html
    assert "6,700,000.00" not in html  # no English grouping left in French
    assert f"6{NNBSP}700{NNBSP}000,00</td>" in html
    assert f"1{NNBSP}234{NNBSP}567,50</td>" in html
