"""The raw bulk path of imports (bulk.py) and the benchmark harness that measures it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection

from palermo.caselaw import benchmarks, index, queries, services, text
from palermo.caselaw.models import Decision, DecisionTag, Party

pytestmark = pytest.mark.django_db


def test_bulk_insert_round_trips_every_field(make: Callable[..., int]) -> None:
    pk = make("rt", "Travail forcé à Marseille", language="fr", country="FRA", date="2019-03-04",
              year="2019", court_level="appeal", verdict="conviction", summary_fr="Exploités.",
              summary_en="Exploited workers.", forms="forced_labour",
              victims="female:adult:ROU:3:A.B.")  # fmt: skip
    d = Decision.objects.select_related("country").get(pk=pk)
    assert d.date == dt.date(2019, 3, 4)
    assert d.summaries == {"en": "Exploited workers.", "fr": "Exploités."}
    assert d.country.iso3 == "FRA"  # type: ignore[union-attr]
    assert None not in (d.published_at, d.created_at, d.updated_at)
    assert list(DecisionTag.objects.filter(decision=d).values_list("code", flat=True)) == [
        "forced_labour"
    ]
    assert Party.objects.get(decision=d).count == 3
    # The same record again is "unchanged": what was written reads back equal.
    record = services.record_of(d)
    assert services.write_records([record])["unchanged"] == 1
    assert [h.decision.pk for h in queries.search(None, "marseille").hits] == [pk]


def test_new_and_changed_decisions_in_one_batch_are_indexed_once(
    make: Callable[..., int],
) -> None:
    old = make("a", "Debt bondage in brick kilns")
    record = services.record_of(Decision.objects.get(pk=old))
    fresh = {**record, "ref": "b", "title": "Organ removal network"}
    counts = services.write_records([{**record, "title": "Debt bondage in farms"}, fresh])
    assert (counts["inserted"], counts["updated"]) == (1, 1)
    assert queries.search(None, "kilns").total == 0  # the old text left the index
    assert queries.search(None, "farms").total == 1
    assert queries.search(None, "organ").total == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM caselaw_fts")
            assert cursor.fetchone()[0] == 2


def test_postgres_vector_computed_in_the_insert_equals_the_reindexed_one(
    make: Callable[..., int],
) -> None:
    if not index.is_postgres():
        pytest.skip("PostgreSQL only: SQLite indexes in the FTS5 table")
    pk = make("v", "Forced criminality", summary_en="Cannabis farms.", full_text="Long text " * 50)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM caselaw_decision WHERE id = %s", [pk])
        inserted = cursor.fetchone()[0]
        index.index_decisions([Decision.objects.get(pk=pk)])
        cursor.execute("SELECT search_vector::text FROM caselaw_decision WHERE id = %s", [pk])
        assert cursor.fetchone()[0] == inserted


def test_a_failed_batch_writes_nothing(make: Callable[..., int]) -> None:
    make("a", "Existing decision")
    record = services.record_of(Decision.objects.get(ref="a"))
    twice = {**record, "ref": "y", "title": "Another decision"}
    with pytest.raises(IntegrityError):  # the second row breaks the unique ref: all rolls back
        services.write_records([twice, dict(twice)])
    assert set(Decision.objects.values_list("ref", flat=True)) == {"a"}
    assert queries.search(None, "decision").total == 1
    assert queries.search(None, "another").total == 0


def test_benchmark_reports_figures_and_baselines_and_rolls_back(countries: Any) -> None:
    before = Decision.objects.count()
    measured = benchmarks._run(True, size=40)
    assert measured["decisions"] == 40
    for key in ("index_rate", "index_rate_cpu", "bare_index_rate", "search_p95_ms", "bare_p95_ms"):
        assert measured[key] > 0, key
    assert Decision.objects.count() == before


def test_reindex_rebuilds_what_the_bulk_path_wrote(make: Callable[..., int]) -> None:
    pk = make("r", "Forced begging ring", summary_en="Children forced to beg.")
    index.clear()
    assert queries.search(None, "begging").total == 0
    call_command("caselaw", "reindex", "--json", stdout=io.StringIO())
    assert [h.decision.pk for h in queries.search(None, "begging").hits] == [pk]


def test_ascii_fast_path_splits_words_as_the_regex_does() -> None:
    for sample in ("Art. 3(a) of the Protocol_2000: V-1, 2nd appeal; x__y 12.5%",
                   "tab\tnew\nline --- é? no: plain ascii", ""):  # fmt: skip
        assert text.words_of(sample) == text.WORD.findall(sample.lower())
    assert text.words_of("Exploité à Marseille, l’affaire") == [
        "exploité",
        "à",
        "marseille",
        "l",
        "affaire",
    ]


def test_tsvector_literal_positions_and_weights() -> None:
    assert text.tsvector_literal([["b", "a"], [], ["a"]]) == "a:2A,3C b:1A"
    long = text.tsvector_literal([["t"], ["w"] * (text.MAX_POSITION + 5)], weights="AB")
    assert long.startswith("t:1A w:2B,3B,")
    assert long.endswith(f",{text.MAX_POSITION - 1}B" + f",{text.MAX_POSITION}B" * 7)
    assert "x" * 600 not in text.tsvector_literal([["x" * 600, "y"]], weights="A")


@pytest.mark.parametrize(
    ("body", "exact"),
    [
        (
            "Exploitation exploited EXPLOITÉ victims' passports, art. 3 (a); 2019-03-04 B-12 x_y",
            True,
        ),
        (" ".join(f"w{i % 997}" for i in range(17_000)), True),  # positions past 16,383
        # A stem seen more than 255 times: to_tsvector keeps 255 of its positions, the tsvector
        # input 256 (PostgreSQL's two limits differ by one); same lexemes, same matches.
        (" ".join(["debt", "bondage", "kiln"] * 400), False),
    ],
)
def test_python_tsvector_equals_the_servers_to_tsvector(body: str, exact: bool) -> None:
    """The vector sent by the bulk path is the one the server would compute from the stems."""
    if not index.is_postgres():
        pytest.skip("PostgreSQL only")
    d = Decision(title="Travail forcé: l'affaire X", language="en", full_text=body,
                 summaries={"fr": "Victimes exploitées", "en": "Exploited victims"})  # fmt: skip
    compare = "{} = {}" if exact else "strip({}) = strip({})"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + compare.format("CAST(%s AS tsvector)", index.PG_VECTOR),
            [text.tsvector_literal(index.stems_of(d)), *index.fields_of(d)],
        )
        assert cursor.fetchone()[0] is True


def test_a_large_import_is_searchable_at_once(countries: Any) -> None:
    """>= services.BULK new decisions: the bulk settings, GC pause and pending-list merge run."""
    records = benchmarks.synthetic_records(services.BULK, [countries["FRA"].pk], seed=11)
    records[7]["title"] = "Forced criminality in cannabis farms"
    assert services.write_records(records, keep_status=False)["inserted"] == services.BULK
    hits = queries.search(None, "cannabis criminality", {"country": "FRA"}).hits
    assert [h.decision.ref for h in hits] == [records[7]["ref"]]
    assert queries.search(None, "cannabis").total == 1
