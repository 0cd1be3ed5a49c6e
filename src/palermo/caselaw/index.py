"""The full-text index on both back ends: SQLite FTS5 table or PostgreSQL tsvector column.

The service layer calls ``index_decisions`` after every write and ``unindex`` after deletes, in the
same transaction, so the index never disagrees with the table. Both back ends receive the same
pre-stemmed text (palermo.caselaw.text): three weighted fields, title > summaries > body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

from palermo.caselaw import text
from palermo.caselaw.models import Decision

FTS_TABLE = "caselaw_fts"
# bm25 column weights (SQLite) and the matching ts_rank weights (PostgreSQL: D, C, B, A).
BM25_WEIGHTS = (10.0, 4.0, 1.0)
TS_WEIGHTS = [0.0, 0.1, 0.4, 1.0]
# The weighted vector of (title, summaries, body) computed by the server from stemmed text: the
# benchmark's baseline only. Our writes send text.tsvector_literal (same value, no server parsing).
PG_VECTOR = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') ||"
    " setweight(to_tsvector('simple', %s), 'C')"
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def bulk_load_settings() -> None:
    """Session settings for a large insert (this connection only; nothing about durability).

    SQLite: a 64 MB page cache, so FTS5's segment merges of a growing index stay in memory.
    PostgreSQL: a larger GIN pending list for this transaction, flushed in fewer, bigger batches.
    """
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SET LOCAL gin_pending_list_limit = 65536")
        else:
            cursor.execute("PRAGMA cache_size = -65536")


def stems_of(decision: Decision) -> tuple[list[str], list[str], list[str]]:
    """The stems of (title, summaries, body): each summary in its language, the body in the
    decision's."""
    lang = decision.language or "en"
    title = text.stem_words(decision.title, lang)
    summaries = [
        s for k, v in (decision.summaries or {}).items() if v for s in text.stem_words(v, k)
    ]
    body_parts = [
        decision.court,
        decision.docket_number,
        decision.charges,
        decision.sentences,
        decision.procedural_history,
        decision.full_text,
    ]
    body = text.stem_words(" ".join(p for p in body_parts if p), lang)
    return title, summaries, body


def merge_pending() -> None:
    """PostgreSQL: move the GIN index's pending list into the index proper (after a large import).

    New vectors go to the pending list (a large one during an import, see bulk_load_settings),
    and every search reads the whole pending list sequentially until it is merged: by a flush
    when it outgrows its limit, by (auto)vacuum, or here. Merging at the end of an import costs
    the import what the next searches would otherwise pay, each of them.
    """
    if is_postgres():
        # Only the index's owner may merge (as for VACUUM): a role that is not skips it, quietly,
        # and autovacuum merges later.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT gin_clean_pending_list(c.oid) FROM pg_class c"
                " WHERE c.oid = 'caselaw_decision_search_gin'::regclass"
                " AND pg_has_role(c.relowner, 'USAGE')"
            )


def fields_of(decision: Decision) -> tuple[str, str, str]:
    """(title, summaries, body) as space-separated stems: the columns of the FTS5 table."""
    title, summaries, body = stems_of(decision)
    return " ".join(title), " ".join(summaries), " ".join(body)


def index_rows(rows: Sequence[tuple[int, str, str, str]]) -> None:
    """Write pre-stemmed (id, title, summary, body) rows into the index, replacing older ones."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.executemany(
                "UPDATE caselaw_decision SET search_vector = CAST(%s AS tsvector) WHERE id = %s",
                [(text.tsvector_literal([f.split() for f in fields]), pk) for pk, *fields in rows],
            )
            return
        ids = [(pk,) for pk, *_ in rows]
        cursor.executemany("DELETE FROM caselaw_fts WHERE rowid = %s", ids)
    add_rows(rows)


def add_rows(rows: Sequence[tuple[int, str, str, str]]) -> None:
    """SQLite: INSERT index rows of decisions that have none yet (new ids), one executemany."""
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO caselaw_fts(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                list(rows),
            )


def index_decisions(decisions: Iterable[Decision]) -> int:
    rows = [(d.pk, *fields_of(d)) for d in decisions]
    index_rows(rows)
    return len(rows)


def unindex(ids: Sequence[int]) -> None:
    if not ids or is_postgres():  # on PostgreSQL the vector goes with the row
        return
    with connection.cursor() as cursor:
        cursor.executemany("DELETE FROM caselaw_fts WHERE rowid = %s", [(i,) for i in ids])


def clear() -> None:
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("UPDATE caselaw_decision SET search_vector = NULL")
        else:
            cursor.execute("DELETE FROM caselaw_fts")


def match(qs: QuerySet[Decision], parsed: text.ParsedQuery) -> QuerySet[Decision]:
    """``qs`` restricted to the decisions the query matches."""
    if is_postgres():
        return qs.filter(search_vector=_ts_query(parsed))
    # The MATCH expression is a bound parameter built from \w+ tokens only (text.to_fts5).
    sql = "SELECT rowid FROM caselaw_fts WHERE caselaw_fts MATCH %s"
    return qs.filter(id__in=RawSQL(sql, [text.to_fts5(parsed)]))  # noqa: S611


class LiteralTsQuery(SearchQuery):
    """A tsquery in PostgreSQL's input syntax, its lexemes taken as they are.

    ``CAST(... AS tsquery)`` rather than ``to_tsquery('simple', ...)``: the stems were made in
    Python, and the vector stores them verbatim (text.tsvector_literal), so the query must not run
    them through the server's parser either.
    """

    def __init__(self, value: str) -> None:
        super().__init__(value, search_type="raw")

    def as_sql(self, compiler: Any, connection: Any, function: Any = None, template: Any = None):  # type: ignore[no-untyped-def]
        return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS tsquery)")


def _ts_query(parsed: text.ParsedQuery) -> SearchQuery:
    return LiteralTsQuery(text.to_tsquery(parsed))


def ranked(
    qs: QuerySet[Decision], parsed: text.ParsedQuery, limit: int, offset: int = 0
) -> list[tuple[int, float]]:
    """(id, score) of the best matches among ``qs`` (filters only, not yet matched), best first."""
    if is_postgres():
        rows = (
            qs.filter(search_vector=_ts_query(parsed))
            .annotate(score=SearchRank(F("search_vector"), _ts_query(parsed), weights=TS_WEIGHTS))
            .order_by("-score", "id")
            .values_list("id", "score")[offset : offset + limit]
        )
        return [(pk, float(score)) for pk, score in rows]
    inner, params = qs.values("id").query.sql_with_params()
    # ``inner`` is SQL compiled by Django from the filtered queryset, with its own parameters.
    head = "SELECT rowid, -bm25(caselaw_fts, %s, %s, %s) AS score FROM caselaw_fts"
    # "+rowid": see score_ids (the rowid constraint must not reach FTS5 as a per-row probe).
    where = " WHERE caselaw_fts MATCH %s AND +rowid IN (" + inner + ")"
    sql = head + where + " ORDER BY score DESC, rowid LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*BM25_WEIGHTS, text.to_fts5(parsed), *params, limit, offset])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]


def score_ids(parsed: text.ParsedQuery, ids: Sequence[int]) -> list[tuple[int, float]]:
    """(id, score) of every decision of ``ids`` (a short list) that the query matches.

    The fast path when filters are selective: probe the index for these rows only instead of
    computing the whole match set and intersecting it.
    """
    if not ids:
        return []
    if is_postgres():
        rows = (
            Decision.objects.filter(id__in=ids, search_vector=_ts_query(parsed))
            .annotate(score=SearchRank(F("search_vector"), _ts_query(parsed), weights=TS_WEIGHTS))
            .values_list("id", "score")
        )
        return [(pk, float(score)) for pk, score in rows]
    marks = ", ".join(["%s"] * len(ids))
    head = "SELECT rowid, -bm25(caselaw_fts, %s, %s, %s) FROM caselaw_fts"
    # The unary "+" keeps the IN list away from FTS5's index: given "rowid IN (...)", SQLite
    # runs one FTS5 query per id, and bm25() recounts every term's documents in each of them
    # (measured: 1.3-3.8 s for 142 ids over 100,000 decisions). With "+rowid" FTS5 walks the
    # match once, the list filters it, and bm25() is computed for the rows kept only (33-83 ms).
    sql = head + " WHERE caselaw_fts MATCH %s AND +rowid IN (" + marks + ")"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*BM25_WEIGHTS, text.to_fts5(parsed), *ids])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]


def bare_search(query: str, limit: int = 20) -> list[Any]:
    """The baseline of the benchmarks: one FTS query, no filters, facets or snippets."""
    parsed = text.parse(query)
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT id FROM caselaw_decision WHERE search_vector @@ CAST(%s AS tsquery)"
                " ORDER BY ts_rank(search_vector, CAST(%s AS tsquery)) DESC LIMIT %s",
                [text.to_tsquery(parsed), text.to_tsquery(parsed), limit],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM caselaw_fts WHERE caselaw_fts MATCH %s ORDER BY rank LIMIT %s",
                [text.to_fts5(parsed), limit],
            )
        return cursor.fetchall()
