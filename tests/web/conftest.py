"""Reference rows for the web tests, made through the models (no loader, no shared data needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from palermo.reference.models import (
    Country,
    LegislationStatus,
    PolicyIndex,
    Population,
    Region,
    TipTier,
    Treaty,
    TreatyAction,
)

D = dt.date

# iso3, m49, English name, French name, Trafficking Protocol consent (action, date) or None
COUNTRIES = [
    ("FJI", "242", "Fiji", "Fidji", ("accession", D(2017, 9, 19))),
    ("JPN", "392", "Japan", "Japon", ("acceptance", D(2017, 7, 11))),
    ("MDV", "462", "Maldives", "Maldives", ("accession", D(2016, 9, 14))),
    ("PSE", "275", "State of Palestine", "État de Palestine", ("accession", D(2017, 12, 29))),
    ("FRA", "250", "France", "France", ("ratification", D(2002, 10, 29))),
    (
        "USA",
        "840",
        "United States of America",
        "États-Unis d’Amérique",
        ("ratification", D(2005, 11, 3)),
    ),
    ("IRN", "364", "Iran (Islamic Republic of)", "Iran (République islamique d’)", None),
]


@pytest.fixture
def reference_data(db: None) -> dict[str, Country]:
    asia = Region.objects.create(m49="142", level="region", names={"en": "Asia", "fr": "Asie"})
    europe = Region.objects.create(
        m49="150", level="region", names={"en": "Europe", "fr": "Europe"}
    )
    treaties = {
        code: Treaty.objects.create(
            code=code,
            untc_id=untc,
            short_names={"en": en, "fr": fr},
            names={"en": en, "fr": fr},
        )
        for code, untc, en, fr in [
            (
                "untoc",
                "XVIII-12",
                "Organized Crime Convention",
                "Convention contre la criminalité organisée",
            ),
            (
                "tip",
                "XVIII-12-a",
                "Trafficking in Persons Protocol",
                "Protocole relatif à la traite des personnes",
            ),
            (
                "smuggling",
                "XVIII-12-b",
                "Smuggling of Migrants Protocol",
                "Protocole relatif au trafic illicite de migrants",
            ),
            ("firearms", "XVIII-12-c", "Firearms Protocol", "Protocole relatif aux armes à feu"),
        ]
    }
    countries = {}
    for iso3, m49, en, fr, consent in COUNTRIES:
        region = europe if iso3 == "FRA" else asia
        country = Country.objects.create(
            iso3=iso3,
            m49=m49,
            names={"en": en, "fr": fr},
            region=region,
            sids=iso3 in {"FJI", "MDV"},
        )
        countries[iso3] = country
        if consent:
            TreatyAction.objects.create(
                treaty=treaties["tip"],
                country=country,
                action=consent[0],
                date=consent[1],
                source="test",
            )
    TreatyAction.objects.create(
        treaty=treaties["tip"],
        country=countries["FRA"],
        action="signature",
        date=D(2000, 12, 12),
        source="test",
    )
    TreatyAction.objects.create(
        treaty=treaties["untoc"],
        country=countries["FRA"],
        action="ratification",
        date=D(2002, 10, 29),
        source="test",
    )
    france = countries["FRA"]
    for year, value in [(2015, 66_548_530), (2016, 66_724_104), (2017, 66_918_020)]:
        Population.objects.create(
            country=france, year=year, value=value, source="World Bank SP.POP.TOTL"
        )
    LegislationStatus.objects.create(
        country=france, year=2018, criminalisation="full", source="test"
    )
    LegislationStatus.objects.create(
        country=countries["IRN"], year=2018, criminalisation="partial", source="test"
    )
    TipTier.objects.create(country=france, report_year=2018, tier="1", source="test")
    TipTier.objects.create(country=countries["IRN"], report_year=2018, tier="3", source="test")
    PolicyIndex.objects.create(
        country=france,
        year=2014,
        prosecution=5,
        prevention=4,
        protection=4,
        total=13,
        source="test",
    )
    PolicyIndex.objects.create(
        country=france,
        year=2015,
        prosecution=5,
        prevention=5,
        protection=4,
        total=14,
        source="test",
    )
    return countries


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """French pages need the .mo catalogue; `make setup` builds it, a bare pytest run may not."""
    from django.core.management import call_command

    call_command("translations", "compile", verbosity=0)
