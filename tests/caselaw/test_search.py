"""Search behaviour on the configured database (SQLite FTS5 or PostgreSQL): the issue's checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.accounts.models import User
from palermo.caselaw import queries, services, text
from palermo.caselaw.models import Decision

pytestmark = pytest.mark.django_db


def ids(result: queries.SearchResult) -> list[int]:
    return [h.decision.pk for h in result.hits]


def test_ranking_title_and_summary_beat_a_single_mention(make: Callable[..., int]) -> None:
    once = make("a", "Case about a bakery", summary_en="A bakery dispute.",
                full_text="Witnesses. " * 50 + "There was servitude once. " + "Other. " * 50)  # fmt: skip
    strong = make("b", "Domestic servitude of a child", summary_en="Servitude in a household.")
    result = queries.search(None, "servitude")
    assert ids(result) == [strong, once]
    assert result.hits[0].score > result.hits[1].score  # type: ignore[operator]


def test_stemming_across_languages(make: Callable[..., int]) -> None:
    hit = make("a", "Labour exploitation in agriculture", summary_en="Exploitation of workers.")
    make("b", "Unrelated fraud", summary_en="Tax fraud.")
    assert ids(queries.search(None, "exploité")) == [hit]
    assert ids(queries.search(None, "exploiting")) == [hit]
    fr = make(
        "c", "Affaire de traite", language="fr", summary_fr="Les victimes ont été exploitées."
    )
    assert set(ids(queries.search(None, "exploitation"))) == {hit, fr}


def test_filters_and_facet_counts(make: Callable[..., int]) -> None:
    make("a", "Trafficking case one", country="FRA", year="2019", forms="sexual_exploitation",
         victims="female:adult:NGA:3:A.B.;female:child:ROU:1")  # fmt: skip
    make("b", "Trafficking case two", country="FRA", year="2020", forms="forced_labour",
         means="deception", victims="male:adult:ROU:4")  # fmt: skip
    make("c", "Trafficking case three", country="NGA", year="2020",
         forms="forced_labour;sexual_exploitation")  # fmt: skip
    make("d", "Unpublished trafficking case", status="draft", country="FRA", year="2020")
    result = queries.search(None, "trafficking")
    assert result.total == 3
    facets = {name: {r["value"]: r["count"] for r in rows} for name, rows in result.facets.items()}
    assert facets["country"] == {"FRA": 2, "NGA": 1}
    assert facets["region"] == {"150": 2, "002": 1}
    assert facets["year"] == {2019: 1, 2020: 2}
    assert facets["form"] == {"forced_labour": 2, "sexual_exploitation": 2}
    assert facets["means"] == {"deception": 1}
    assert facets["victim_nationality"] == {"NGA": 1, "ROU": 2}
    assert facets["victim_sex"] == {"female": 1, "male": 1}
    # Filters that keep every match take the probe path (few candidates): same counts.
    probed = queries.search(None, "trafficking", {"country": ["FRA", "NGA"]})
    assert probed.facets == result.facets
    narrowed = queries.search(None, "trafficking", {"country": ["FRA"], "year": ["2020"]})
    assert [h.decision.ref for h in narrowed.hits] == ["b"]
    assert queries.search(None, "", {"victim_sex": "female"}).total == 1


def test_unpublished_is_invisible_to_the_public(make: Callable[..., int], editor: User) -> None:
    draft = make("d", "Secret draft decision", status="draft")
    assert queries.search(None, "secret").total == 0
    assert ids(queries.search(editor, "secret")) == [draft]
    decision = Decision.objects.get(pk=draft)
    services.set_status(None, editor, decision, "in_review")
    assert queries.search(None, "secret").total == 0
    services.set_status(None, editor, decision, "published")
    assert ids(queries.search(None, "secret")) == [draft]


def test_saved_search_alert_sent_once_per_new_match(make: Callable[..., int], editor: User) -> None:
    make("old", "Old organ removal case", forms="organ_removal")
    services.save_search(editor, "organs", "organ", {}, "alerts@example.org")
    assert services.send_alerts() == {"mails": 0, "matches": 0}  # existing matches are not news
    make("new", "New organ trafficking case")
    make("draft", "Draft organ case", status="draft")
    assert services.send_alerts() == {"mails": 1, "matches": 1}
    assert len(mail.outbox) == 1
    assert "New organ trafficking case" in mail.outbox[0].body
    assert "Draft" not in mail.outbox[0].body
    call_command("caselaw", "alerts", "--json")
    assert len(mail.outbox) == 1


def test_snippet_highlights_and_escapes() -> None:
    out = text.snippet("The <b>exploitation</b> of workers", text.parse("exploited").stems())
    assert "<mark>exploitation</mark>" in out
    assert "&lt;b&gt;" in out


NASTY = ['"', "'", "(", ")", "((", '"unbalanced', "AND", "OR", "NOT", "-", "*", "NEAR(", ":",
         "^", "col:val", "\\", ";", "--", "/*", "%", "_", "&", "|", "!", "<->", "\x00"]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), max_size=8))
def test_query_parsing_never_breaks_the_database(
    make: Callable[..., int], parts: list[str]
) -> None:
    if not Decision.objects.exists():
        make("x", "Forced labour case", summary_en="Forced labour and debt bondage.")
    query = " ".join(parts)
    result = queries.search(None, query, {"country": ["FRA", "x' OR 1=1"], "year": ["20x"]})
    assert result.total >= 0
    queries.search(None, query, sort="date")


@pytest.mark.parametrize("query", ['"forced labour', "forced) OR (", "labour -forced", "NOT", "'"])
def test_operators_and_phrases(make: Callable[..., int], query: str) -> None:
    make("x", "Forced labour case")
    queries.search(None, query)
    assert queries.search(None, '"forced labour"').total == 1
    assert queries.search(None, '"labour forced"').total == 0
    assert queries.search(None, "labour -forced").total == 0
    assert queries.search(None, "bakery OR labour").total == 1


def test_public_api_search_and_export(client: Any, make: Callable[..., int]) -> None:
    make("a", "Forced criminality case", country="GBR", year="2020")
    body = client.get("/api/caselaw/search/", {"q": 'forced ("', "country": "GBR"}).json()
    assert body["total"] == 1
    assert body["hits"][0]["country"] == "GBR"
    csv = client.get("/api/caselaw/search/", {"q": "forced", "as": "csv"})
    assert csv.status_code == 200
    assert b"Forced criminality case" in csv.content
    assert client.get("/caselaw/", {"q": "forced", "country": "GBR"}).status_code == 200
    assert client.get("/caselaw/theme/forced_criminality/").status_code == 200
    assert client.get("/caselaw/country/GBR/").status_code == 200
    assert client.get("/caselaw/stats/").status_code == 200


def test_snippet_marks_words_by_the_stems_of_their_own_language() -> None:
    stems = text.parse("exploité").stems()
    # French text, French stems: "exploitées" is a hit; in English, "Exploitation" too.
    assert "<mark>exploitées</mark>" in text.snippet(
        "Les victimes exploitées.", stems, language="fr"
    )
    assert "<mark>Exploitation</mark>" in text.snippet("Exploitation of workers", stems)
    assert "<mark>" not in text.snippet("Unrelated words only", stems)


def test_snippet_of_a_french_summary_in_the_search(make: Callable[..., int]) -> None:
    make("f", "Affaire de traite", language="fr", summary_fr="Les victimes ont été exploitées.")
    hit = queries.search(None, "exploitation").hits[0]
    assert "<mark>exploitées</mark>" in hit.snippet
