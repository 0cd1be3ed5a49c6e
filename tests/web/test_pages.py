"""The pages render in English and French, the language switch works, 404 for unknown countries."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, lang: str = "en") -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Countries", "Skip to content", "Number of parties by year", "17 December 2015"]),
        ("fr", ["Pays", "Aller au contenu", "Nombre de parties par année", "17 décembre 2015"]),
    ],
)
def test_home_in_both_languages(client: Client, lang: str, expected: list[str]) -> None:
    html = get(client, "/", lang)
    assert f'<html lang="{lang}">' in html
    for text in expected:
        assert text in html


@pytest.mark.usefixtures("reference_data")
def test_home_lists_the_four_actions_of_the_seed_report(client: Client) -> None:
    html = get(client, "/?treaty=tip&date_from=2015-12-17&date_to=2019-04-15", "fr")
    for name in ("Fidji", "Japon", "Maldives", "État de Palestine"):
        assert name in html
    assert "19 septembre 2017" in html
    assert "France" not in html.split("<caption>")[-1]  # 2002: outside the period


@pytest.mark.usefixtures("reference_data")
def test_home_map_marks_parties_of_the_chosen_year(client: Client) -> None:
    html = get(client, "/?year=2010")
    # France (250) was a party in 2010, Japan (392) only from 2017.
    assert 'data-m49="250" data-year="2002" class="country party"' in html
    assert 'data-m49="392" data-year="2017" class="country"' in html
    html = get(client, "/?year=2017")
    assert 'data-m49="392" data-year="2017" class="country party"' in html
    # Without scripts the previous/next buttons send the step.
    html = get(client, "/?year=2017&step=-1")
    assert 'data-m49="392" data-year="2017" class="country"' in html


@pytest.mark.usefixtures("reference_data")
def test_home_counts_criminalisation_once_per_country(client: Client) -> None:
    html = get(client, "/")
    assert "In 2018, 1 of the 2 countries covered" in html
    assert "1 had a partial offence and 0 none." in html


@pytest.mark.usefixtures("reference_data")
def test_home_rejects_a_reversed_period(client: Client) -> None:
    html = get(client, "/?date_from=2019-01-01&date_to=2018-01-01")
    assert "The start date must not be after the end date." in html


def test_pages_render_without_any_data(client: Client) -> None:
    for url in ("/", "/countries/"):
        get(client, url)


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_country_list(client: Client, lang: str) -> None:
    html = get(client, "/countries/", lang)
    assert "/countries/FRA/" in html
    assert ("66,918,020" if lang == "en" else "66\xa0918\xa0020") in html
    assert ("<td>Yes</td>" if lang == "en" else "<td>Oui</td>") in html
    assert "59,000,000" not in html
    assert "59\xa0000\xa0000" not in html


@pytest.mark.usefixtures("reference_data")
def test_country_list_filter_and_sort(client: Client) -> None:
    html = get(client, "/countries/?is_party=no")
    assert "/countries/IRN/" in html
    assert "/countries/FRA/" not in html
    html = get(client, "/countries/?q=japan")
    assert "/countries/JPN/" in html
    assert "/countries/FRA/" not in html
    html = get(client, "/countries/?sort=-name")
    assert html.index("/countries/USA/") < html.index("/countries/FRA/")
    assert 'aria-sort="descending"' in html


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["France", "29 October 2002", "Ratification", "66,918,020", "Tier 1", "Full"]),
        (
            "fr",
            [
                "France",
                "29 octobre 2002",
                "Ratification",
                "66\xa0918\xa0020",
                "Catégorie 1",
                "Complète",
            ],
        ),
    ],
)
def test_country_page(client: Client, lang: str, expected: list[str]) -> None:
    html = get(client, "/countries/FRA/", lang)
    for text in expected:
        assert text in html, text
    # One source per series (World Bank here), projections left out.
    assert "2100" not in html
    assert "64,000,000" not in html
    assert "64\xa0000\xa0000" not in html
    assert 'class="line"' in html


@pytest.mark.usefixtures("reference_data")
def test_country_page_without_data_says_so(client: Client) -> None:
    html = get(client, "/countries/irn/")  # lower case finds the country too
    assert "No population data for this country." in html
    assert "Not a party" in html


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unknown_country_is_404(client: Client, lang: str) -> None:
    response = client.get("/countries/XXX/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 404


def test_language_switch(client: Client) -> None:
    html = get(client, "/")
    assert 'action="/i18n/setlang/"' in html
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/countries/"})
    assert response.status_code == 302
    assert response["Location"] == "/countries/"
    html = get(client, "/countries/")  # the cookie now wins over Accept-Language
    assert '<html lang="fr">' in html
    assert "Pays et territoires" in html


def test_no_inline_script_or_style(client: Client) -> None:
    """The CSP allows only same-origin scripts and styles: no inline ones may creep in."""
    html = get(client, "/")
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html
    assert " on" + "click=" not in html


def test_header_shows_sign_in_then_sign_out(client: Client, django_user_model: type) -> None:
    html = get(client, "/countries/")
    assert 'href="/accounts/login/?next=/countries/"' in html
    user = django_user_model.objects.create_user(username="ana", password="x-Very-long-pass-1")
    client.force_login(user)
    html = get(client, "/countries/")
    assert 'action="/accounts/logout/"' in html
    assert "ana" in html
    assert "/accounts/login/" not in html


@pytest.mark.usefixtures("reference_data")
def test_dashboard_table_links_keep_the_period(client: Client) -> None:
    html = get(client, "/?treaty=tip&date_from=2016-01-01&date_to=2017-08-01")
    assert "Fiji" not in html.split("<caption>Treaty actions in the period</caption>")[-1]
    sort_links = re.findall(r'href="(\?[^"]*sort=-date[^"]*)"', html)
    assert sort_links
    assert all("date_from=2016-01-01" in link and "treaty=tip" in link for link in sort_links)
    assert 'name="date_from" value="2016-01-01"' in html
