"""Facet counts and the total of a result set in ONE SQL statement, on SQLite and PostgreSQL.

The matched ids are computed once, in a materialised CTE (the full-text match, or the short list
of ids of a selective search) with the decision columns the facets need, and every facet is a
GROUP BY over it, glued with UNION ALL:
``WITH m AS MATERIALIZED (...) SELECT 'year', year, count(*) ... UNION ALL ...``. Before this, each
of the nine facets ran its own query that re-evaluated the full-text match (nine index scans of a
common word over 100,000 decisions), or counted in Python. Country and region names come in the
same rows; taxonomy labels from the taxonomy file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection

from palermo.caselaw import taxonomy

FACETS = ("country", "region", "year", "court_level", "verdict", "form", "means",
          "victim_nationality", "victim_sex")  # fmt: skip
# The columns of the matched decisions that the CTE carries, so that no branch joins the
# decisions table again (before: five joins of m to caselaw_decision, one per facet).
COLUMNS = ("id", "country_id", "year", "court_level", "verdict")
# One branch per facet: (facet, value, count, label); every value is cast to text so that the UNION
# has one column type, and the labels of countries and regions come in the same row (their names,
# JSON as text), so that no query follows. A decision counts once per value (count(DISTINCT ...)
# where a decision has several rows). "m CROSS JOIN t WHERE t.x = m.id": SQLite keeps m as the
# outer loop (a CROSS JOIN is never reordered there), so a short match probes the tables by key.
BRANCHES = (
    "SELECT 'total', '', count(*), NULL FROM m",
    "SELECT 'country', c.iso3, count(*), CAST(c.names AS TEXT) FROM m"
    " JOIN reference_country c ON c.id = m.country_id GROUP BY c.iso3, CAST(c.names AS TEXT)",
    "SELECT 'region', r.m49, count(*), CAST(r.names AS TEXT) FROM m"
    " JOIN reference_country c ON c.id = m.country_id JOIN reference_region r ON r.id = c.region_id"
    " GROUP BY r.m49, CAST(r.names AS TEXT)",
    "SELECT 'year', CAST(m.year AS TEXT), count(*), NULL FROM m GROUP BY m.year",
    "SELECT 'court_level', m.court_level, count(*), NULL FROM m GROUP BY m.court_level",
    "SELECT 'verdict', m.verdict, count(*), NULL FROM m GROUP BY m.verdict",
    "SELECT t.kind, t.code, count(DISTINCT t.decision_id), NULL FROM {tags}"
    " WHERE t.decision_id = m.id AND t.kind IN ('form', 'means') GROUP BY t.kind, t.code",
    "SELECT 'victim_nationality', c.iso3, count(DISTINCT p.decision_id), CAST(c.names AS TEXT)"
    " FROM {victims} JOIN reference_country c ON c.id = p.nationality_id"
    " WHERE p.decision_id = m.id AND p.role = 'victim' GROUP BY c.iso3, CAST(c.names AS TEXT)",
    "SELECT 'victim_sex', p.sex, count(DISTINCT p.decision_id), NULL FROM {victims}"
    " WHERE p.decision_id = m.id AND p.role = 'victim' GROUP BY p.sex",
)
SOURCES = {"tags": "m CROSS JOIN caselaw_decisiontag t", "victims": "m CROSS JOIN caselaw_party p"}
LATERAL = {
    "tags": "m CROSS JOIN LATERAL"
    " (SELECT * FROM caselaw_decisiontag x WHERE x.decision_id = m.id) t",
    "victims": "m CROSS JOIN LATERAL (SELECT * FROM caselaw_party x WHERE x.decision_id = m.id) p",
}


def _sources(short: bool) -> dict[str, str]:
    """The FROM clause of the tag and victim branches.

    A short match on PostgreSQL: ``LATERAL`` makes m the outer loop whatever the statistics say
    (a bulk import's rows have none until ANALYZE: the planner then took a hash join over every
    tag of the 100,000 decisions, 18 ms, instead of 72 index probes). Otherwise the planner picks.
    """
    return LATERAL if short and connection.vendor == "postgresql" else SOURCES


def _rows(pairs: Any, labels: dict[Any, str] | None = None) -> list[dict[str, Any]]:
    out = [
        {"value": v, "label": (labels or {}).get(v, str(v)), "count": n}
        for v, n in pairs
        if v not in (None, "")
    ]
    return sorted(out, key=lambda r: (-r["count"], str(r["value"])))


def count(
    matched_sql: str, params: Sequence[Any], *, short: bool = False
) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """(total, facets) of the decisions ``matched_sql`` selects, with the COLUMNS in that order.

    ``matched_sql`` is SQL compiled by Django from a queryset (or a list of bound ids) with its
    own parameters; nothing from the user is pasted into it. ``short``: at most a few thousand.
    """
    branches = [b.format(**_sources(short)) if "{" in b else b for b in BRANCHES]
    sql = f"WITH m AS MATERIALIZED ({matched_sql}) " + " UNION ALL ".join(branches)
    raw: dict[str, dict[str, int]] = defaultdict(dict)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        for facet, value, n, names in cursor.fetchall():
            if value is not None:
                raw[facet][value] = int(n)
                if names is not None:
                    labels[facet][value] = (json.loads(names) or {}).get("en", value)
    total = raw.pop("total", {}).get("", 0)
    out: dict[str, list[dict[str, Any]]] = {}
    for name in ("country", "region", "victim_nationality"):
        out[name] = _rows(raw[name].items(), labels[name] if name != "victim_nationality" else None)
    out["year"] = sorted(
        _rows((int(v), n) for v, n in raw["year"].items()), key=lambda r: -r["value"]
    )
    for name in ("court_level", "verdict", "victim_sex"):
        out[name] = _rows(raw[name].items())
    for kind in ("form", "means"):
        out[kind] = _rows(raw[kind].items(), {c: taxonomy.label(kind, c) for c in raw[kind]})
    return total, {name: out[name] for name in FACETS}


def of_ids(ids: Sequence[int]) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """(total, facets) of a short list of decision ids (the selective search path)."""
    if not ids:
        return 0, {name: [] for name in FACETS}
    marks = ", ".join(["%s"] * len(ids))
    columns = ", ".join(COLUMNS)
    sql = f"SELECT {columns} FROM caselaw_decision WHERE id IN ({marks})"  # noqa: S608
    return count(sql, ids, short=True)
