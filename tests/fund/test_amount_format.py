"""Fund pages other than the dashboard write amounts in the reader's language too: donor, receipt,
donors and ledger tables, calls, applications, grants (digit grouping, decimal mark, currency)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from palermo.fund import services, workflow
from palermo.fund.models import Application, Contribution, Grant
from tests.fund.conftest import People

NNBSP = "\u202f"  # CLDR's French digit group separator (narrow no-break space)
NBSP = "\xa0"


@dataclass
class Books:
    contribution: Contribution
    application: Application
    grant: Grant


@pytest.fixture
def books(people: People) -> Books:
    """1,000,000.00 EUR at 1.1234 (1,123,400.00 USD); a 1,234,567.50 USD grant paid 234,567.50."""
    officer = people.officer
    donor = services.create_donor(None, officer, services.DonorSpec("state", "Examplia"))
    money = services.MoneySpec(
        Decimal("1000000"), "EUR", Decimal("1.1234"), dt.date(2024, 1, 2), "UN operational rate"
    )
    contribution = services.record_contribution(None, officer, donor, money, dt.date(2024, 1, 3))
    call = workflow.create_call(
        None,
        officer,
        workflow.CallSpec(
            title="Call 2026",
            year=2026,
            opens_on=dt.date(2020, 1, 1),
            closes_on=dt.date(2099, 12, 31),
            priorities=["armed conflict"],
            max_amount_usd=Decimal("2000000"),
        ),
    )
    application = workflow.submit_application(
        None,
        people.applicant,
        call,
        people.ngo,
        title="Shelter",
        requested_usd=Decimal("1234567.50"),
    )
    meeting = workflow.record_meeting(None, officer, dt.date(2026, 2, 1), "Approved.")
    workflow.decide(
        None, officer, application, meeting, approved=True, amount_usd=Decimal("1234567.50")
    )
    application.refresh_from_db()
    grant = application.grant
    services.record_payment(None, officer, grant, "234567.50", dt.date(2026, 2, 2))
    return Books(contribution, application, grant)


def _pages(people: People, books: Books, lang: str) -> dict[str, str]:
    client = Client()
    client.force_login(people.officer)
    urls = {
        "donor": reverse("fund:donor", args=[books.contribution.donor_id]),
        "receipt": reverse("fund:receipt", args=[books.contribution.pk]),
        "donors": reverse("fund:donors"),
        "ledger": reverse("fund:ledger"),
        "call": reverse("fund:call", args=[books.application.call_id]),
        "applications": reverse("fund:applications"),
        "application": reverse("fund:application", args=[books.application.pk]),
        "grant": reverse("fund:grant", args=[books.grant.pk]),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200, (name, url)
        pages[name] = response.content.decode()
    return pages


RAW = ("1000000.00", "1123400.00", "1234567.50", "234567.50", "2000000.00", "Decimal(")


def _g(text: str) -> str:
    """French grouping: "1,234.50" written the French way ("1 234,50", narrow no-break spaces)."""
    return text.replace(",", NNBSP).replace(".", ",", 1) if "." in text else text


def _expected(lang: str) -> dict[str, list[str]]:
    fr = lang == "fr"
    g = _g if fr else (lambda text: text)
    eur = f"{g('1,000,000.00')}{NBSP}€" if fr else "€1,000,000.00"
    usd_paid = f"{g('234,567.50')}{NBSP}$US" if fr else "$234,567.50"
    rate = "1,1234" if fr else "1.1234"
    words = ("moins paiements", "solde") if fr else ("minus payments", "balance")
    return {
        "donor": [f">{eur}<", f">{rate}<", f">{g('1,123,400.00')}</td>"],
        "receipt": [f">{eur}<", f">{rate} USD (", f">{g('1,123,400.00')}</dd>"],
        "donors": [f"{g('1,123,400.00')}</td>"],
        "ledger": [
            f"{g('1,123,400.00')} USD {words[0]} {g('234,567.50')} USD = {words[1]} "
            f"{g('888,832.50')} USD",
            f">{g('1,123,400.00')}</td>",
            f">-{g('234,567.50')}</td>",
        ],
        "call": [f">{g('2,000,000.00')}</dd>"],
        "applications": [f">{g('1,234,567.50')}</td>"],
        "application": [f">{g('1,234,567.50')}</dd>"],
        "grant": [
            f">{g('1,234,567.50')}</dd>",
            f">{g('234,567.50')}</dd>",
            f'class="remaining">{g("1,000,000.00")}</dd>',
            f": {usd_paid} ",
        ],
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.django_db
def test_fund_pages_format_amounts_per_language(people: People, books: Books, lang: str) -> None:
    pages = _pages(people, books, lang)
    for name, wanted in _expected(lang).items():
        # The ledger sentence wraps in the template; keep the (narrow) no-break spaces.
        html = re.sub(r"[ \t\n]+", " ", pages[name])
        for text in wanted:
            assert text in html, (lang, name, text)
        for raw in RAW:
            assert raw not in html, (lang, name, raw)
        if lang == "fr":
            assert "1,123,400" not in html, name  # no English grouping left in French
            assert "234,567" not in html, name


@pytest.mark.django_db
def test_table_exports_keep_the_stored_amounts(people: People, books: Books) -> None:
    """Spreadsheets read numbers: the CSV has the Decimal as stored, in any page language."""
    client = Client()
    client.force_login(people.officer)
    for url, value in (
        (reverse("fund:donors"), "1123400.00"),
        (reverse("fund:ledger"), "-234567.50"),
    ):
        response = client.get(url, {"export": "csv"}, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        assert value in response.content.decode("utf-8-sig")
