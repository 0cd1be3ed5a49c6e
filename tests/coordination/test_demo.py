"""The demo data reproduce the seed report's figures (A/74/127)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from palermo.accounts.models import AuditLog
from palermo.coordination import demo, queries
from palermo.coordination.models import Activity, IcatMember


@pytest.fixture
def loaded(db) -> dict:  # type: ignore[no-untyped-def]
    return demo.load_demo(io.StringIO())


def test_icat_chairs_from_the_demo(loaded) -> None:  # type: ignore[no-untyped-def]
    chairs = {c.year: c.short_names for c in queries.icat_chairs(2016, 2019)}
    assert chairs == {
        2016: ["UNODC"],
        2017: ["OHCHR"],
        2018: ["UNICEF"],
        2019: ["OSCE", "UN-Women"],  # co-chairs, ordered by name
    }
    assert [c.co_chaired for c in queries.icat_chairs(2018, 2019)] == [False, True]


def test_icat_members_and_working_group(loaded) -> None:  # type: ignore[no-untyped-def]
    summary = queries.icat_summary(2019)
    assert summary["members"] == 23
    assert len(summary["working_group"]) == 10
    assert summary["chairs"] == {2019: ["OSCE", "UN-Women"]}
    # OSCE became a full member in 2018: not a member at the end of 2017.
    assert "OSCE" not in queries.icat_summary(2017)["member_names"]


def test_activity_totals_reproduce_section_iii_b(loaded) -> None:  # type: ignore[no-untyped-def]
    totals = queries.activity_totals(*demo.PERIOD)
    unodc = totals.entity("UNODC")
    assert unodc is not None
    assert unodc.by_kind["technical_assistance"] == 361
    assert unodc.participants_trained == 7000
    assert unodc.countries_reached == 79
    interpol = totals.entity("INTERPOL")
    assert interpol is not None
    assert interpol.victims_identified == 347 + 94
    assert interpol.suspects_arrested == 22 + 14
    assert interpol.participants_trained == 342
    assert interpol.by_kind["training"] == 11
    assert interpol.countries_reached == 120
    assert totals.entity("IOM").victims_assisted == 7400  # type: ignore[union-attr]
    assert totals.entity("OSCE").countries_reached == 55  # type: ignore[union-attr]
    # Operation Libertad alone, by period.
    april = queries.activity_totals(dt.date(2018, 4, 1), dt.date(2018, 4, 30)).entity("INTERPOL")
    assert april is not None
    assert april.victims_identified == 347


def test_campaigns_and_resources(loaded) -> None:  # type: ignore[no-untyped-def]
    summary = queries.campaign_summary(2016, 2019)
    themes = {d["year"]: d["themes"]["fr"] for d in summary["world_days"]}
    assert themes[2018] == "Combattre la traite des enfants et des jeunes"
    assert set(themes) == {2016, 2017, 2018}
    blue = next(c for c in summary["campaigns"] if c["code"] == "blue-heart")
    assert blue["adopters"] == 18
    assert summary["reach"] == 73_000_000
    assert summary["funds_raised_usd"] == 50_000.0
    resources = queries.resources_summary(2019, 2019)
    assert resources["by_year"][2019]["regular_budget_posts"] == 2.0


def test_demo_is_marked_idempotent_and_audited(loaded) -> None:  # type: ignore[no-untyped-def]
    again = demo.load_demo(io.StringIO())
    assert again == loaded
    assert not Activity.objects.filter(is_demo=False).exists()
    assert not IcatMember.objects.filter(is_demo=False).exists()
    assert all(a.source.startswith("A/74/127") for a in Activity.objects.all())
    assert AuditLog.objects.filter(action="coordination.demo.load").count() == 2
