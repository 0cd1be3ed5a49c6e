"""`palermo bench` figures of the case law: indexing rate and search p95, beside a bare FTS query.

A synthetic corpus (100,000 decisions of about 5 KB; 10,000 with --quick) is written to the
configured database (SQLite or PostgreSQL) inside a transaction that is rolled back at the end, so
the database is left as it was. Goals (issue 7): indexing >= 1,000 decisions/s; search p95 < 50 ms
for one- to three-word queries with two facets (country and year) applied, total and facet counts
included. Baselines, same run: the engine's own insert of the raw (unstemmed) text, and one bare
ranked FTS query without filters, facets or snippets.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from functools import lru_cache
from typing import Any

from django.db import connection, transaction

from palermo.bench import BenchResult, benchmark
from palermo.caselaw import index, queries, services
from palermo.caselaw.models import Source, Status
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
    seen = set(words)
    while len(words) < 6000:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            words.append(w)
            seen.add(w)
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


def _server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (0 on SQLite or elsewhere).

    Read from /proc when the server runs on this machine, so that a CPU-time rate (client plus
    server) can be reported beside the wall-clock one: on a shared, overloaded machine the wall
    clock mostly measures the other jobs.
    """
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu() -> float:
    return time.process_time() + _server_cpu()


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _bare_insert(rows: list[tuple[int, str, str, str]]) -> float:
    """Seconds the engine takes to index raw rows by itself: the baseline of the indexing rate.

    SQLite: INSERT into the FTS5 table (fresh rowids; rolled back with the rest). PostgreSQL: INSERT
    into a temporary table with a GIN index, the weighted vector computed by to_tsvector.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMP TABLE caselaw_bench_bare (id int PRIMARY KEY, body text, v tsvector)"
                " ON COMMIT DROP"
            )
            cursor.execute("CREATE INDEX ON caselaw_bench_bare USING gin (v)")
            sql = "INSERT INTO caselaw_bench_bare VALUES (%s, %s, " + index.PG_VECTOR + ")"  # noqa: S608
            params = [(pk, b, t, s, b) for pk, t, s, b in rows]
            began = time.perf_counter()
            cursor.executemany(sql, params)
            return time.perf_counter() - began
        began = time.perf_counter()
        index.add_rows([(10**12 + pk, t, s, b) for pk, t, s, b in rows])
        return time.perf_counter() - began


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


class _Rollback(Exception):
    pass


def _run(quick: bool, size: int | None = None) -> dict[str, Any]:
    n = size or (10_000 if quick else 100_000)
    out: dict[str, Any] = {"decisions": n, "database": connection.vendor}
    try:
        with transaction.atomic():
            countries = _countries()
            out["load_before"] = _load()
            index_time = index_cpu = 0.0
            for start in range(0, n, 2000):
                batch = synthetic_records(min(2000, n - start), countries, seed=start + 1)
                began, cpu = time.perf_counter(), _cpu()
                services.write_records(batch, keep_status=False)
                index_time += time.perf_counter() - began
                index_cpu += _cpu() - cpu
            out["index_rate"] = n / index_time
            out["index_rate_cpu"] = n / index_cpu
            out["load_after_index"] = _load()
            rng = random.Random(3)
            words, _ = vocabulary()
            pool = DOMAIN + words[100:400]
            runs = 60 if quick or size else 150
            figures, bare, cpus = [], [], []
            for _ in range(runs):
                query = " ".join(rng.sample(pool, rng.randint(1, 3)))
                country = Country.objects.filter(id=rng.choice(countries)).values_list("iso3")
                filters = {
                    "country": [c for (c,) in country],
                    "year": [str(rng.randint(2000, 2021))],
                }
                began, cpu = time.perf_counter(), time.process_time()
                queries.search(None, query, filters, limit=20)
                figures.append(time.perf_counter() - began)
                cpus.append(time.process_time() - cpu)
                began = time.perf_counter()
                index.bare_search(query, 20)
                bare.append(time.perf_counter() - began)
            out["search_p95_ms"], out["bare_p95_ms"] = _p95(figures) * 1000, _p95(bare) * 1000
            out["search_p50_ms"] = statistics.median(figures) * 1000
            out["search_client_cpu_p95_ms"] = _p95(cpus) * 1000
            out["load_after_search"] = _load()
            # Baseline of indexing: the engine's own insert of 2,000 raw (unstemmed) documents.
            sample = synthetic_records(2000, countries, seed=999_999)
            rows = [
                (i, r["title"], r["summaries"]["en"], r["full_text"]) for i, r in enumerate(sample)
            ]
            out["bare_index_rate"] = len(rows) / _bare_insert(rows)
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
        details={"decisions": m["decisions"], "database": m["database"], "goal": ">= 1000/s",
                 "rate_per_cpu_second": round(m["index_rate_cpu"]),
                 "load_average": [m["load_before"], m["load_after_index"]]},
    )  # fmt: skip


@benchmark("caselaw.search")
def search_p95(quick: bool) -> BenchResult:
    m = _measured(quick)
    return BenchResult(
        name="caselaw.search", figure=m["search_p95_ms"], unit="ms (p95)",
        baseline=m["bare_p95_ms"], baseline_label="bare ranked FTS query (no filters, facets, snippets)",
        details={"decisions": m["decisions"], "database": m["database"], "goal_ms": 50,
                 "query": "1-3 words, country + year filters, total, facet counts, snippets",
                 "p50_ms": round(m["search_p50_ms"], 2),
                 "client_cpu_p95_ms": round(m["search_client_cpu_p95_ms"], 2),
                 "load_average": m["load_after_search"]},
    )  # fmt: skip
