"""The demo fund reproduces the seed report's figures (A/74/127 §122-124)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from palermo.fund import ledger
from palermo.fund.demo import load_demo
from palermo.fund.models import Donor
from palermo.fund.queries import fund_summary


@pytest.mark.django_db
def test_demo_totals_equal_the_seed_figures() -> None:
    call_command("demo", "setup", "--skip-reference", "--skip-apps", stdout=StringIO())
    counts = load_demo(StringIO())
    assert counts["grants"] == 41
    summary = fund_summary(None, dt.date(2019, 3, 31))
    # "En mars 2019, ... 6,7 millions de dollars ... dont 30 États Membres, 33 organisations du
    # secteur privé et de nombreux particuliers."
    assert summary["contributions_usd_cumulative"] == "6700000.00"
    assert summary["donors_by_type"]["state"]["donors"] == 30
    assert summary["donors_by_type"]["private"]["donors"] == 33
    assert summary["donors_by_type"]["individual"]["donors"] > 1
    # "Trois appels mondiaux à propositions ont été lancés en 2011, 2014 et 2017."
    assert [c["year"] for c in summary["calls"]] == [2011, 2014, 2017]
    assert "Direct assistance in armed conflict" in summary["calls"][2]["priorities"]
    # "Plus de 40 ONG ... ont reçu des subventions."
    assert summary["ngos_funded"] > 40
    # "Chaque année, 3 000 personnes bénéficient directement du soutien..."
    assert set(summary["people_assisted"]["per_year"].values()) == {3000}
    assert summary["people_assisted"]["average_per_year"] == 3000
    assert [m["name"] for m in summary["board"] if m["chair"]] == ["Benita Ferrero-Waldner"]
    # Every demo donor is marked as such; the demo books reconcile.
    assert not Donor.objects.filter(is_demo=False).exists()
    assert ledger.check().ok
    # Idempotent.
    assert load_demo(StringIO())["grants"] == 0


@pytest.mark.django_db
def test_summary_period_and_command() -> None:
    call_command("demo", "setup", "--skip-reference", "--skip-apps", stdout=StringIO())
    load_demo(StringIO())
    period = fund_summary(dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert period["people_assisted"]["total"] == 3000
    assert period["contributions_usd"] != period["contributions_usd_cumulative"]
    out = StringIO()
    call_command("fund", "summary", "--to", "2019-03-31", stdout=out)
    assert '"contributions_usd_cumulative": "6700000.00"' in out.getvalue()
