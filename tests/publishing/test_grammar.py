"""Wording of figures in French and English: lists, dates, amounts, counts, country articles."""

from __future__ import annotations

import datetime as dt

import pytest

from palermo.publishing import grammar
from palermo.publishing.document import Link
from palermo.publishing.report_text import session_ordinal
from palermo.publishing.sections import linkify


def test_lists_dates_amounts() -> None:
    assert grammar.listing(["A", "B", "C"], "fr") == "A, B et C"
    assert grammar.listing(["A", "B", "C"], "en") == "A, B and C"  # UN English: no serial comma
    assert grammar.listing(["A"], "fr") == "A"
    assert grammar.date(dt.date(2017, 9, 19), "fr") == "19 septembre 2017"
    assert grammar.date(dt.date(2017, 9, 19), "en") == "19 September 2017"
    assert grammar.date(dt.date(2019, 3, 1), "fr") == "1er mars 2019"
    assert grammar.amount_usd(6_700_000, "fr") == "6,7 millions de dollars"
    assert grammar.amount_usd(6_700_000, "en") == "$6.7 million"
    assert grammar.amount_usd(1_200_000, "fr") == "1,2 million de dollars"
    assert grammar.amount_usd(50_000, "fr") == "50\u00a0000 dollars"
    assert grammar.amount_usd(50_000, "en") == "$50,000"


def test_counts_follow_un_style() -> None:
    assert grammar.count(3, "État", "États", "fr") == "trois États"
    assert grammar.count(1, "État", "États", "fr") == "un État"
    assert grammar.count(1, "activité", "activités", "fr", feminine=True) == "une activité"
    assert grammar.count(13, "pays", "pays", "fr") == "13 pays"
    assert grammar.count(0, "State", "States", "en") == "zero States"
    assert grammar.count(1518, "case", "cases", "en") == "1,518 cases"
    assert grammar.percent(0.15, "fr") == "15\u00a0%"


@pytest.mark.parametrize(
    ("iso3", "fr", "en"),
    [
        ("JPN", "le Japon", "Japan"),
        ("MDV", "les Maldives", "Maldives"),
        ("FJI", "Fidji", "Fiji"),  # no article in running text (A/74/127, para. 3)
        ("PSE", "l'État de Palestine", "the State of Palestine"),
        ("CZE", "la Tchéquie", "Czechia"),
        ("USA", "les États-Unis d'Amérique", "the United States of America"),
    ],
)
def test_country_articles(iso3: str, fr: str, en: str) -> None:
    assert grammar.country_phrase(iso3, "fr") == fr
    assert grammar.country_phrase(iso3, "en") == en


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language 'de'"):
        grammar.date(dt.date(2017, 1, 1), "de")


def test_session_ordinals() -> None:
    assert session_ordinal(74, "fr") == "soixante-quatorzième"
    assert session_ordinal(74, "en") == "seventy-fourth"
    assert session_ordinal(71, "fr") == "soixante et onzième"
    assert session_ordinal(80, "fr") == "quatre-vingtième"
    assert session_ordinal(81, "fr") == "quatre-vingt-unième"


def test_resolutions_become_links() -> None:
    parts = linkify("Dans ses résolutions 64/293 et 72/195, puis la résolution 2388 (2017).", "fr")
    links = [p for p in parts if isinstance(p, Link)]
    assert [link.url for link in links] == [
        "https://undocs.org/fr/A/RES/64/293",
        "https://undocs.org/fr/A/RES/72/195",
        "https://undocs.org/fr/S/RES/2388(2017)",
    ]
    assert not [p for p in linkify("24/7 hotlines", "en") if isinstance(p, Link)]
