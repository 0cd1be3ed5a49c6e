"""French pages say it in French: labels, method text, region names, themes, report places, "58 %"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from palermo.accounts.models import Membership, Organisation, Role, User
from palermo.cases.models import CaseRecord, Source
from palermo.fund.models import Application, Call, Grant
from palermo.publishing.sections import registry
from palermo.reference.loaders.base import LoadError
from palermo.reference.loaders.countries import (
    REGIONS_FR_FILE,
    french_region_names,
    load_countries,
)
from palermo.reference.models import Country, Region
from palermo.reporting import services as reporting
from palermo.statistics import engine
from palermo.statistics.services import import_glotip
from palermo.statistics.views import METHOD_TEXT
from palermo.ui.formatting import percent

GLOTIP_HEADER = (
    "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,"
    "Unit of measurement,txtVALUE,Source\n"
)
GLOTIP_ROWS = [
    ("Total", "Total", "Female", "18 years or over", "20"),
    ("Total", "Total", "Female", "0 to 17 years", "8"),
    ("Total", "Total", "Male", "18 years or over", "16"),
    ("by citizenship", "Nationals", "Total", "Total", "9"),
    ("by form of exploitation", "Sexual exploitation", "Total", "Total", "30"),
    ("by form of exploitation", "Forced labour", "Total", "Total", "12"),
]


def french(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="fr">' in html
    return html


def member(name: str, org: Organisation, role: str) -> User:
    user = User.objects.create(username=name)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def test_percent_follows_the_language() -> None:
    assert percent(0.58, lang="en") == "58%"
    assert percent(0.58, lang="fr") == "58\u00a0%"
    assert percent(0.5834, 1, lang="fr") == "58,3\u00a0%"
    assert percent(None) == ""


def test_the_translated_method_is_the_engines_method() -> None:
    with translation.override("en"):
        assert str(METHOD_TEXT) == engine.METHOD


@pytest.mark.django_db
def test_statistics_dashboard_in_french(client: Client, tmp_path: Path) -> None:
    lines = [
        f"FRA,France,Europe,Western Europe,Detected trafficking victims,{d},{c},{s},{a},2022,"
        f"Counts,{v},GLOTIP\n"
        for d, c, s, a, v in GLOTIP_ROWS
    ]
    path = tmp_path / "data_glotip_release_2025-04-14.csv"
    path.write_text(GLOTIP_HEADER + "".join(lines), encoding="utf-8")
    import_glotip(path)
    html = french(client, "/statistics/?year=2022")
    for word in ("femmes", "garçons", "exploitation sexuelle", "travail forcé", "national"):
        assert word in html
    assert "comptes cumulés sur les pays" in html
    assert "pooled counts" not in html
    assert "sexual exploitation" not in html
    # 20 women of 44 victims by sex and age: "45 %" with a no-break space, never "45%"
    assert "45\u00a0%" in html
    assert "45%" not in html


@pytest.mark.django_db
def test_region_names_in_french(client: Client) -> None:
    names = french_region_names(REGIONS_FR_FILE, _overview_names())
    assert len(names) == 30
    assert names["419"] == "Amérique latine et Caraïbes"
    americas = Region.objects.create(m49="019", level="region", names={"en": "Americas"})
    latin = Region.objects.create(
        m49="419", level="intermediate", parent=americas,
        names={"en": "Latin America and the Caribbean", "fr": names["419"]},
    )  # fmt: skip
    Country.objects.create(
        iso3="BRA", m49="076", names={"en": "Brazil", "fr": "Brésil"}, region=americas,
        subregion=latin,
    )  # fmt: skip
    html = french(client, "/countries/")
    assert "Amérique latine et Caraïbes" in html
    assert "Latin America and the Caribbean" not in html


def _overview_names() -> dict[str, str]:
    import csv

    overview = REGIONS_FR_FILE.parent / "unsd_m49_overview_en.csv"
    out: dict[str, str] = {}
    with overview.open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            for level in ("Global", "Region", "Sub-region", "Intermediate Region"):
                if row[f"{level} Code"]:
                    out[row[f"{level} Code"]] = row[f"{level} Name"]
    return out


@pytest.mark.django_db
def test_the_loader_gives_every_region_its_unsd_french_name() -> None:
    load_countries()
    assert Region.objects.count() == 30
    assert not Region.objects.exclude(names__has_key="fr").exists()
    assert Region.objects.get(m49="419").name("fr") == "Amérique latine et Caraïbes"
    assert Region.objects.get(m49="053").name("fr") == "Australie et Nouvelle-Zélande"


def test_a_french_region_name_must_match_the_overview(tmp_path: Path) -> None:
    bad = tmp_path / "regions.csv"
    bad.write_text("m49,name_en,name_fr\n419,Latin America,Amérique latine\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"row 2, column 'name_en'"):
        french_region_names(bad, {"419": "Latin America and the Caribbean"})


@pytest.mark.django_db
def test_fund_dashboard_names_themes_in_french(client: Client) -> None:
    un = Organisation.objects.create(name="UN Secretariat", kind="un")
    call = Call.objects.create(
        title="Call", year=2026, opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 3, 1)
    )
    for number, theme in enumerate(["legal", "shelter", "psychosocial"]):
        ngo = Organisation.objects.create(name=f"NGO {number}", kind="ngo")
        application = Application.objects.create(
            call=call, organisation=ngo, title=f"Project {number}", theme=theme,
            requested_usd=Decimal("1000"),
        )  # fmt: skip
        Grant.objects.create(
            application=application, number=f"G-{number}", amount_usd=Decimal("1000"),
            starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 3, 31),
        )  # fmt: skip
    client.force_login(member("fundofficer", un, Role.FUND_OFFICER))
    html = french(client, "/fund/")
    for words in ("Assistance juridique et administrative", "Hébergement", "Soutien psychosocial"):
        assert words in html
    for code in ('">legal<', '">shelter<', '">psychosocial<'):
        assert code not in html


@pytest.mark.django_db
def test_case_statistics_in_french(client: Client) -> None:
    org = Organisation.objects.create(name="Police A", short_name="A", kind="state")
    source = Source.objects.create(organisation=org, name="police-a")
    for gender, band in [("Feminine", "0--8"), ("Masculine", "9--17"), ("Feminine", "18--20")]:
        for _ in range(5):
            CaseRecord.objects.create(source=source, gender=gender, age_band=band, year=2020)
    html = french(client, "/cases/statistics/")
    assert "Féminin" in html
    assert "Masculin" in html
    assert ">Feminine<" not in html
    assert ">Masculine<" not in html
    assert ">0-8<" in html
    assert "0--8" not in html
    # age bands in numeric order
    assert html.index(">0-8<") < html.index(">9-17<") < html.index(">18-20<")


@pytest.mark.django_db
def test_round_page_in_french(client: Client) -> None:
    egypt = Organisation.objects.create(name="Egypt NCCPIM", kind="state", country_iso3="EGY")
    unodc = Organisation.objects.create(name="UNODC", kind="un")
    round_ = reporting.create_round(
        None, None,
        reporting.RoundSpec(
            code="gr-2024", name="Round gr-2024", questionnaire="global-report",
            period_start=dt.date(2021, 1, 1), period_end=dt.date(2023, 12, 31),
            deadline=dt.date(2024, 6, 30), status="open",
        ),
    )  # fmt: skip
    reporting.invite(None, None, round_, [egypt])
    client.force_login(member("analyst", unodc, Role.SECRETARIAT_ANALYST))
    html = french(client, f"/rounds/{round_.pk}/")
    assert "Ont répondu (%)" in html
    assert "Answered (%)" not in html


def test_every_narrative_place_has_a_french_label() -> None:
    for section in registry():
        for key in section.narratives:
            assert key in section.narratives_fr, key


@pytest.mark.django_db
def test_report_places_in_french(client: Client) -> None:
    org = Organisation.objects.create(name="DEMO-UN", short_name="DEMO-UN", kind="un")
    client.force_login(member("analyst", org, Role.SECRETARIAT_ANALYST))
    html = french(client, "/reports/")
    assert "III A 4. Protection et assistance aux victimes de la traite de personnes" in html
    assert "Protection of and assistance" not in html
    assert "Estimations" in html  # the estimation app's navigation item
    preview = french(client, "/reports/preview/?lang=fr&period=2015-12-17:2019-04-15")
    assert "« III A 4. Protection et assistance aux victimes" in preview
    assert "Protection of and assistance" not in preview
