"""Case pages speak words, not codes: labels, picklist words, countries, dates, per language."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from palermo.cases.fields import TYPED_COLUMNS
from palermo.cases.labels import VALUE_LABELS
from palermo.cases.models import CaseRecord
from palermo.htcds.standard import load_standard
from palermo.reference.models import Country
from tests.cases.conftest import GOOD_ROWS, World
from tests.cases.test_pages import _upload

COUNTRIES = {
    "UA": ("UKR", "Ukraine", "Ukraine"),
    "PL": ("POL", "Poland", "Pologne"),
    "MD": ("MDA", "Republic of Moldova", "République de Moldova"),
    "RO": ("ROU", "Romania", "Roumanie"),
}


def _page(world: World, user: str, lang: str) -> str:
    for iso2, (iso3, en, fr) in COUNTRIES.items():
        Country.objects.get_or_create(
            iso3=iso3, defaults={"iso2": iso2, "names": {"en": en, "fr": fr}}
        )
    client = Client()
    client.force_login(world.users["worker_a"])
    if not CaseRecord.objects.exists():
        _upload(client, world.source_a, GOOD_ROWS)
    case = CaseRecord.objects.filter(source=world.source_a).order_by("pk").first()
    assert case is not None
    client.force_login(world.users[user])
    response = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def test_case_page_in_english_shows_words(world: World) -> None:
    page = _page(world, "worker_a", "en")
    for raw in ("prs_FirstName", "age_band", "30--38", "SexualExploitation", ">PL<", "created_at"):
        assert raw not in page, raw
    for words in ("First name", "Age band", "30-38", "Sexual exploitation", "Poland", "Ukraine"):
        assert words in page, words
    assert "Police A" in page  # the organisation's name, not its id
    assert "2 April 1990" in page  # date of birth, UN style
    today = dt.date.today()
    assert f"{today.day} {today.strftime('%B')} {today.year}" in page  # recorded on


def test_case_page_in_french(world: World) -> None:
    page = _page(world, "analyst_a", "fr")
    for words in ("Exploitation sexuelle", "Pologne", "Ukraine"):
        assert words in page, words
    assert "Tranche d&#x27;âge" in page
    assert "Olena" not in page  # the analyst still reads no identifier


def test_case_list_shows_words(world: World) -> None:
    _page(world, "worker_a", "en")
    client = Client()
    client.force_login(world.users["worker_a"])
    en = client.get(reverse("cases:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in ("Republic of Moldova", "18-20", "Forced labour, Sexual exploitation"):
        assert words in en, words
    for raw in ("ForcedLabour", "18--20"):
        assert raw not in en, raw
    fr = client.get(reverse("cases:list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for words in ("République de Moldova", "Travail forcé, Exploitation sexuelle"):
        assert words in fr, words


def test_every_catalogue_code_has_words() -> None:
    standard = load_standard()
    for column, words in VALUE_LABELS.items():
        if column == "majority":  # a CTDC extension, not in the HTCDS catalogue
            continue
        htcds = next(k for k, v in TYPED_COLUMNS.items() if v == column)
        assert set(standard.field(htcds).values) == set(words), column
