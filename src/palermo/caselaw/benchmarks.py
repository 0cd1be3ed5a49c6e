"""`palermo bench` figures of the case law: indexing rate and search p95, beside a bare FTS query.

A synthetic corpus (100,000 decisions of about 5 KB; 10,000 with --quick) is written to the
configured database (SQLite or PostgreSQL) inside a transaction that is rolled back at the end, so
the database is left as it was. Goals (issue 7): indexing >= 1,000 decisions/s; search p95 < 50 ms
for one- to three-word queries with two facets (country and year) applied, total and facet counts
included. Baselines, same run: the engine's own insert of the raw (unstemmed) text, and one bare
ranked FTS query without filters, facets or snippets.
"""

from __future__ import annotations

import random
import statistics
import time
from functools import lru_cache
from typing import Any

from django.db import connection, transaction

from palermo.bench import BenchResult, benchmark
from palermo.caselaw import index, queries, services
from palermo.caselaw.models import Decision, Source, Status
from palermo.reference.models import Country

DOMAIN = ["trafficking", "exploitation", "forced", "labour", "victim", "court", "appeal", "conviction", "sexual", "recruitment", "deception", "coercion", "debt", "bondage", "servitude", "smuggling", "witness", "prosecution", "sentence", "exploited", "recruited", "transported", "harboured", "organ", "removal", "begging", "criminality", "domestic", "fishing", "agriculture", "construction", "passport", "documents", "payment", "vulnerability", "child"]  # fmt: skip
SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ze",
    "pra",
    "dor",
    "mun",
    "tel",
    "vis",
)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[list[str], list[float]]:
    rng = random.Random(7)
    words = list(DOMAIN)
    while len(words) < 6000:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in words:
            words.append(w)
    weights = [1.0 / (rank + 8) for rank in range(len(words))]  # Zipf-like
    return words, weights


def synthetic_records(n: int, countries: list[int], seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    words, weights = vocabulary()
    out = []
    for i in range(n):
        body = rng.choices(words, weights, k=720)  # ~5 KB of text
        out.append({
            "ref": f"bench:{seed}:{i}", "title": " ".join(rng.choices(words, weights, k=8)),
            "country_id": rng.choice(countries), "jurisdiction": "", "court": "Court",
            "court_level": rng.choice(["first_instance", "appeal", "supreme"]), "date": None,
            "year": rng.randint(2000, 2021), "docket_number": f"B-{i}", "legal_system": "",
            "procedural_history": "", "charges": "", "verdict": rng.choice(["conviction", "acquittal"]),
            "sentences": "", "language": "en",
            "summaries": {"en": " ".join(rng.choices(words, weights, k=60))},
            "full_text": " ".join(body), "source": Source.DEMO, "source_url": "",
            "status": Status.PUBLISHED, "appeal_of": "",
            "tags": [("form", rng.choice(["forced_labour", "sexual_exploitation", "organ_removal"]))],
            "parties": [],
        })  # fmt: skip
    return out


def _countries() -> list[int]:
    ids = list(Country.objects.order_by("id").values_list("id", flat=True)[:60])
    if not ids:  # an empty database: a few countries, rolled back with the rest
        for k in range(30):
            ids.append(Country.objects.create(iso3=f"Q{k:02d}", names={"en": f"Q{k}"}).pk)
    return ids


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


class _Rollback(Exception):
    pass


def _run(quick: bool) -> dict[str, Any]:
    n = 10_000 if quick else 100_000
    out: dict[str, Any] = {"decisions": n, "database": connection.vendor}
    try:
        with transaction.atomic():
            countries = _countries()
            index_time = 0.0
            for start in range(0, n, 2000):
                batch = synthetic_records(min(2000, n - start), countries, seed=start + 1)
                began = time.perf_counter()
                services.write_records(batch, keep_status=False)
                index_time += time.perf_counter() - began
            out["index_rate"] = n / index_time
            rng = random.Random(3)
            words, _ = vocabulary()
            pool = DOMAIN + words[100:400]
            runs = 60 if quick else 150
            figures, bare = [], []
            for _ in range(runs):
                query = " ".join(rng.sample(pool, rng.randint(1, 3)))
                filters = {
                    "country": [str(rng.choice(countries))],
                    "year": [str(rng.randint(2000, 2021))],
                }
                filters["country"] = list(
                    Country.objects.filter(id=int(filters["country"][0])).values_list(
                        "iso3", flat=True
                    )
                )
                began = time.perf_counter()
                queries.search(None, query, filters, limit=20)
                figures.append(time.perf_counter() - began)
                began = time.perf_counter()
                index.bare_search(query, 20)
                bare.append(time.perf_counter() - began)
            out["search_p95_ms"], out["bare_p95_ms"] = _p95(figures) * 1000, _p95(bare) * 1000
            # Baseline of indexing: the engine's own insert of 2,000 raw (unstemmed) documents.
            sample = synthetic_records(2000, countries, seed=999_999)
            ids = list(Decision.objects.order_by("id").values_list("id", flat=True)[:2000])
            rows = [
                (pk, r["title"], r["summaries"]["en"], r["full_text"])
                for pk, r in zip(ids, sample, strict=False)
            ]
            began = time.perf_counter()
            index.index_rows(rows)
            out["bare_index_rate"] = len(rows) / (time.perf_counter() - began)
            raise _Rollback
    except _Rollback:
        pass
    return out


@lru_cache(maxsize=2)
def _measured(quick: bool) -> dict[str, Any]:
    return _run(quick)


@benchmark("caselaw.index")
def index_rate(quick: bool) -> BenchResult:
    m = _measured(quick)
    return BenchResult(
        name="caselaw.index", figure=m["index_rate"], unit="decisions/s", higher_is_better=True,
        baseline=m["bare_index_rate"], baseline_label="bare FTS insert of raw text (no stemming, tags, rows)",
        details={"decisions": m["decisions"], "database": m["database"], "goal": ">= 1000/s"},
    )  # fmt: skip


@benchmark("caselaw.search")
def search_p95(quick: bool) -> BenchResult:
    m = _measured(quick)
    return BenchResult(
        name="caselaw.search", figure=m["search_p95_ms"], unit="ms (p95)",
        baseline=m["bare_p95_ms"], baseline_label="bare ranked FTS query (no filters, facets, snippets)",
        details={"decisions": m["decisions"], "database": m["database"], "goal_ms": 50,
                 "query": "1-3 words, country + year filters, total, facet counts, snippets"},
    )  # fmt: skip
