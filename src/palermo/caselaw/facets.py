"""Facet counts and the total of a result set in ONE SQL statement, on SQLite and PostgreSQL.

The matched ids are computed once, in a materialised CTE (the full-text match, or the short list
of ids of a selective search), and every facet is a GROUP BY over it, glued with UNION ALL:
``WITH m AS MATERIALIZED (...) SELECT 'year', year, count(*) ... UNION ALL ...``. Before this, each
of the nine facets ran its own query that re-evaluated the full-text match (nine index scans of a
common word over 100,000 decisions), or counted in Python. Labels (country and region names,
taxonomy terms) are read afterwards for the few values present only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection

from palermo.caselaw import taxonomy
from palermo.reference.models import Country, Region

FACETS = ("country", "region", "year", "court_level", "verdict", "form", "means",
          "victim_nationality", "victim_sex")  # fmt: skip
# One branch per facet; every value is cast to text so that the UNION has one column type.
# A decision counts once per value (count(DISTINCT ...) where a decision has several rows).
# "m CROSS JOIN t WHERE t.x = m.id": SQLite keeps m as the outer loop (a CROSS JOIN is never
# reordered there), so a short match probes the tables by key instead of scanning 100,000 rows;
# PostgreSQL plans it as an ordinary join.
BRANCHES = (
    "SELECT 'total', '', count(*) FROM m",
    "SELECT 'country', CAST(d.country_id AS TEXT), count(*) FROM m CROSS JOIN caselaw_decision d"
    " WHERE d.id = m.id GROUP BY d.country_id",
    "SELECT 'region', CAST(c.region_id AS TEXT), count(*) FROM m CROSS JOIN caselaw_decision d"
    " JOIN reference_country c ON c.id = d.country_id WHERE d.id = m.id GROUP BY c.region_id",
    "SELECT 'year', CAST(d.year AS TEXT), count(*) FROM m CROSS JOIN caselaw_decision d"
    " WHERE d.id = m.id GROUP BY d.year",
    "SELECT 'court_level', d.court_level, count(*) FROM m CROSS JOIN caselaw_decision d"
    " WHERE d.id = m.id GROUP BY d.court_level",
    "SELECT 'verdict', d.verdict, count(*) FROM m CROSS JOIN caselaw_decision d"
    " WHERE d.id = m.id GROUP BY d.verdict",
    "SELECT t.kind, t.code, count(DISTINCT t.decision_id) FROM m CROSS JOIN caselaw_decisiontag t"
    " WHERE t.decision_id = m.id AND t.kind IN ('form', 'means') GROUP BY t.kind, t.code",
    "SELECT 'victim_nationality', CAST(p.nationality_id AS TEXT), count(DISTINCT p.decision_id)"
    " FROM m CROSS JOIN caselaw_party p WHERE p.decision_id = m.id AND p.role = 'victim'"
    " GROUP BY p.nationality_id",
    "SELECT 'victim_sex', p.sex, count(DISTINCT p.decision_id) FROM m CROSS JOIN caselaw_party p"
    " WHERE p.decision_id = m.id AND p.role = 'victim' GROUP BY p.sex",
)


def _rows(pairs: Any, labels: dict[Any, str] | None = None) -> list[dict[str, Any]]:
    out = [
        {"value": v, "label": (labels or {}).get(v, str(v)), "count": n}
        for v, n in pairs
        if v not in (None, "")
    ]
    return sorted(out, key=lambda r: (-r["count"], str(r["value"])))


def count(matched_sql: str, params: Sequence[Any]) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """(total, facets) of the decisions whose ids ``matched_sql`` selects (one ``id`` column).

    ``matched_sql`` is SQL compiled by Django from a queryset (or a list of bound ids) with its
    own parameters; nothing from the user is pasted into it.
    """
    sql = f"WITH m AS MATERIALIZED ({matched_sql}) " + " UNION ALL ".join(BRANCHES)
    raw: dict[str, dict[str, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        for facet, value, n in cursor.fetchall():
            if value is not None:
                raw[facet][value] = int(n)
    total = raw.pop("total", {}).get("", 0)
    ids = {int(v) for v in raw["country"]} | {int(v) for v in raw["victim_nationality"]}
    countries = {str(pk): (iso, names) for pk, iso, names in
                 Country.objects.filter(id__in=ids).values_list("id", "iso3", "names")}  # fmt: skip
    regions = {str(pk): (m49, names) for pk, m49, names in
               Region.objects.filter(id__in=[int(v) for v in raw["region"]])
               .values_list("id", "m49", "names")}  # fmt: skip
    out: dict[str, list[dict[str, Any]]] = {}
    for name, table in (("country", countries), ("region", regions)):
        pairs = [(table[k][0], n) for k, n in raw[name].items() if k in table]
        labels = {table[k][0]: (table[k][1] or {}).get("en", table[k][0]) for k in raw[name]
                  if k in table}  # fmt: skip
        out[name] = _rows(pairs, labels)
    out["year"] = sorted(
        _rows((int(v), n) for v, n in raw["year"].items()), key=lambda r: -r["value"]
    )
    for name in ("court_level", "verdict", "victim_sex"):
        out[name] = _rows(raw[name].items())
    for kind in ("form", "means"):
        out[kind] = _rows(raw[kind].items(), {c: taxonomy.label(kind, c) for c in raw[kind]})
    nationalities = [(countries[k][0], n) for k, n in raw["victim_nationality"].items()
                     if k in countries]  # fmt: skip
    out["victim_nationality"] = _rows(nationalities)
    return total, {name: out[name] for name in FACETS}


def of_ids(ids: Sequence[int]) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """(total, facets) of a short list of decision ids (the selective search path)."""
    if not ids:
        return 0, {name: [] for name in FACETS}
    marks = ", ".join(["%s"] * len(ids))
    return count(f"SELECT id FROM caselaw_decision WHERE id IN ({marks})", ids)  # noqa: S608
