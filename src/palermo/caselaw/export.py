"""Result sets of the case-law search as CSV or JSON downloads (through palermo.tabular)."""

from __future__ import annotations

import json
from typing import Any

from palermo.caselaw.queries import SearchResult
from palermo.tabular import to_csv

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
MAX_EXPORT = 10_000
HEADER = ["id", "title", "country", "year", "court", "court_level", "verdict", "date",
          "docket_number", "score", "url", "source_url"]  # fmt: skip


def rows(result: SearchResult) -> list[dict[str, Any]]:
    out = []
    for hit in result.hits:
        d = hit.decision
        row = hit.as_dict()
        row.update(court=d.court, court_level=d.court_level, verdict=d.verdict,
                   date=d.date.isoformat() if d.date else "", docket_number=d.docket_number)  # fmt: skip
        row.pop("snippet")
        out.append(row)
    return out


def render(result: SearchResult, kind: str) -> bytes:
    data = rows(result)
    if kind == "csv":
        return to_csv(HEADER, ([r[h] for h in HEADER] for r in data))
    payload = {"query": result.query, "total": result.total, "decisions": data}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
