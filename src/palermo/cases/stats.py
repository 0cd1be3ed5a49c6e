"""Case statistics: victims (case records) by sex, age band, form, citizenship, country, year, source.

Counts are computed in the database (GROUP BY), never by loading records. When the page is public,
every table goes through ``palermo.disclosure.suppress_small_cells``: counts 1-4 are shown "<5" and
complementary cells "x", so no hidden cell can be worked out from the total. Records are counted,
not persons: the same victim seen by two agencies is two records until linkage merges them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pycountry
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo.cases.models import CaseRecord
from palermo.disclosure import suppress_small_cells
from palermo.graphics import charts, maps

DIMENSIONS: dict[str, Any] = {
    "sex": ("gender", gettext_lazy("Sex / gender")),
    "age": ("age_band", gettext_lazy("Age band")),
    "citizenship": ("citizenship", gettext_lazy("Citizenship")),
    "country": ("exploitation_country", gettext_lazy("Country of exploitation")),
    "year": ("year", gettext_lazy("Year of registration")),
    "source": ("source__name", gettext_lazy("Source")),
}
TOP = 15  # long tables (countries) show the largest rows; the rest are summed as "other"
# HTCDS prs_Gender codes in words (the HTCDS 2.0 value labels, the same msgids as the case pages');
# the codes stay in the data, the exports and the API.
GENDER_LABELS: dict[str, Any] = {
    "Feminine": gettext_lazy("Feminine"),
    "Masculine": gettext_lazy("Masculine"),
    "TransgenderFeminine": gettext_lazy("Transgender feminine"),
    "TransgenderMasculine": gettext_lazy("Transgender masculine"),
    "NonConforming": gettext_lazy("Non-Conforming"),
    "NonSpecifiedUnknown": gettext_lazy("Not specified or unknown"),
}


@dataclass
class Breakdown:
    key: str
    title: Any
    rows: list[tuple[str, str]]  # label, count as shown ("<5", "x" when suppressed)
    total: int
    chart: charts.Chart
    hidden: int = 0
    raw: dict[str, int] = field(default_factory=dict)


def _label(value: Any, column: str = "") -> str:
    """The label a reader sees: translated gender, "0-8" for CTDC's age band "0--8"."""
    if value in ("", None):
        return _("Not recorded")
    if column == "gender" and value in GENDER_LABELS:
        return str(GENDER_LABELS[value])
    if column == "age_band":
        # CTDC writes ranges with a double hyphen (a LaTeX en dash); one hyphen reads right.
        return str(value).replace("--", "-")
    return str(value)


def counts(cases: QuerySet[CaseRecord], column: str) -> dict[str, int]:
    rows = cases.order_by().values(column).annotate(n=Count("id")).values_list(column, "n")
    out: dict[str, int] = {}
    for v, n in rows:
        label = _label(v, column)
        out[label] = out.get(label, 0) + n  # "" and None both read "Not recorded"
    return out


def _natural(label: str) -> tuple[int, str]:
    """Sort key putting "9-17" before "18-20" (and years in order); other labels last."""
    digits = re.match(r"\d+", label)
    return (int(digits.group()) if digits else 10**9, label)


def form_counts(cases: QuerySet[CaseRecord]) -> dict[str, int]:
    """Form of exploitation, one record may count in several forms (as CTDC's flags do)."""
    agg = cases.aggregate(
        fl=Count("id", filter=Q(forced_labour=True)),
        se=Count("id", filter=Q(sexual_exploitation=True)),
        other=Count(
            "id",
            filter=Q(forced_labour=False, sexual_exploitation=False),
        ),
        unknown=Count("id", filter=Q(exploitation_types="")),
    )
    return {
        _("Forced labour"): agg["fl"],
        _("Sexual exploitation"): agg["se"],
        _("Other forms"): agg["other"],
        _("Not recorded"): agg["unknown"],
    }


def _shown(raw: dict[str, int], public: bool, sort_by_label: bool) -> list[tuple[str, str]]:
    items = sorted(
        raw.items(), key=(lambda kv: _natural(kv[0])) if sort_by_label else (lambda kv: -kv[1])
    )
    if len(items) > TOP and not sort_by_label:
        rest = sum(n for _, n in items[TOP:])
        items = [*items[:TOP], (_("Other"), rest)]
    if not public:
        return [(label, str(n)) for label, n in items]
    series = pd.Series(dict(items), dtype="int64")
    table = suppress_small_cells(series)
    return [(label, _cell(table.published.iloc[i, 0])) for i, (label, _n) in enumerate(items)]


def _cell(value: Any) -> str:
    """A published cell as text: counts as integers, "<5" and "x" as they are."""
    return str(int(value)) if isinstance(value, (int, float)) else str(value)


def breakdowns(cases: QuerySet[CaseRecord], public: bool) -> list[Breakdown]:
    out = []
    tables: list[tuple[str, Any, dict[str, int], bool]] = [
        (key, title, counts(cases, column), key in ("age", "year"))
        for key, (column, title) in DIMENSIONS.items()
    ]
    tables.insert(2, ("form", gettext_lazy("Form of exploitation"), form_counts(cases), False))
    total = cases.count()
    for key, title, raw, by_label in tables:
        rows = _shown(raw, public, by_label)
        numeric = [(label, int(v)) for label, v in rows if v.isdigit()]
        out.append(
            Breakdown(
                key=key,
                title=title,
                rows=rows,
                total=total,
                chart=charts.bar_chart(numeric),
                hidden=sum(1 for _, v in rows if not v.isdigit()),
                raw=raw,
            )
        )
    return out


def _m49(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2) if len(alpha2) == 2 else None
    return country.numeric if country else ""


def country_map(cases: QuerySet[CaseRecord], public: bool) -> dict[str, Any]:
    """Shapes of the world map with a shade class per country of exploitation (0-4)."""
    raw = {k: v for k, v in counts(cases, "exploitation_country").items() if len(k) == 2}
    by_m49 = {_m49(code): n for code, n in raw.items()}
    top = max(by_m49.values(), default=0)
    shapes = []
    for shape in maps.world_shapes():
        n = by_m49.get(shape.m49, 0)
        if n and public and n < 5:
            shade, shown = 1, "<5"
        else:
            shade = 0 if not n else 1 + min(3, int(3 * n / max(top, 1)))
            shown = str(n)
        shapes.append({"name": shape.name, "path": shape.path, "shade": shade, "count": shown})
    return {"shapes": shapes, "view_box": maps.view_box()}
