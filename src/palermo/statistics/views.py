"""Dashboard pages of the statistics app, and each figure as SVG and its data as CSV/XLSX."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo import tabular
from palermo.statistics import engine, figures
from palermo.statistics.queries import NoRelease, frame, releases
from palermo.statistics.registry import STATISTICS

LABELS = {
    "women": gettext_lazy("women"),
    "girls": gettext_lazy("girls"),
    "men": gettext_lazy("men"),
    "boys": gettext_lazy("boys"),
    "sexual_exploitation": gettext_lazy("sexual exploitation"),
    "forced_labour": gettext_lazy("forced labour"),
    "other": gettext_lazy("other forms"),
    "domestic": gettext_lazy("domestic"),
    "subregional": gettext_lazy("within the sub-region"),
    "regional": gettext_lazy("within the region"),
    "transregional": gettext_lazy("trans-regional"),
}
# engine.METHOD stays English (API, CLI, JSON); the page shows this translatable copy of it, which
# tests/web/test_french_pages.py keeps identical to the engine's text in English.
METHOD_TEXT = gettext_lazy(
    "pooled counts over the countries reporting the breakdown, each on the year asked or else its "
    "most recent year in the window (shares); unknown left out of numerator and "
    "denominator; '<5' counted as 2 (range 0-4); regional pseudo-countries in totals, not in "
    "the number of countries"
)
FIGURES = ("victims-sex-age", "victims-form", "flows", "victims-trend", "victims-map", "flow-map")


def _context(request: HttpRequest) -> tuple[engine.Frame, int]:
    try:
        f = frame(
            request.GET.get("release") or None,
            request.GET.get("source") or "glotip",
            request.GET.get("round") or None,
        )
    except NoRelease as exc:
        raise Http404(str(exc)) from None
    last = int(f.data["year"].max())
    try:
        year = int(request.GET.get("year") or last)
    except ValueError:
        raise Http404("bad year") from None
    return f, year


def figure_svg(f: engine.Frame, year: int, slug: str) -> str:
    """The SVG of one dashboard figure (an allow-listed slug)."""
    if slug == "victims-sex-age":
        shares = engine.victims_sex_age(f, year)["shares"]
        return figures.bars(
            [(str(LABELS[k]), v or 0) for k, v in shares.items()], STATISTICS[slug].title
        )
    if slug == "victims-form":
        shares = engine.victims_form(f, year)["shares"]
        return figures.bars(
            [(str(LABELS[k]), v or 0) for k, v in shares.items()], STATISTICS[slug].title
        )
    if slug == "flows":
        shares = engine.flows(f, year)["shares"]
        return figures.bars(
            [(str(LABELS[k]), v or 0) for k, v in shares.items()], STATISTICS[slug].title
        )
    if slug == "victims-trend":
        points = [(r["year"], float(r["total"])) for r in engine.totals_by_year(f)]
        return figures.trend(points, str(STATISTICS[slug].title))
    if slug == "victims-map":
        data = engine.by_country(f, year)
        values = {r.iso3: "<5" if r.under5 else int(r.value) for r in data.itertuples()}
        return figures.choropleth(values, str(STATISTICS[slug].title))
    if slug == "flow-map":
        return figures.flow_map(engine.flows(f, year)["pairs"], _("Flows of detected victims"))
    raise Http404(slug)


def dashboard(request: HttpRequest) -> HttpResponse:
    f, year = _context(request)
    years = sorted({int(y) for y in f.data["year"].unique()})
    cards = [
        {
            "slug": slug,
            "svg": figures.for_page(figure_svg(f, year, slug)),
            "title": STATISTICS.get(slug).title
            if slug in STATISTICS
            else _("Flows of detected victims"),
            "data": slug if slug in STATISTICS else "flows",
        }
        for slug in FIGURES
    ]
    context: dict[str, Any] = {
        "cards": cards, "year": year, "years": years, "release": f.release,
        "releases": releases(), "statistics": STATISTICS.values(), "method": METHOD_TEXT,
    }  # fmt: skip
    return render(request, "statistics/dashboard.html", context)


def figure(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in FIGURES:
        raise Http404(slug)
    f, year = _context(request)
    response = HttpResponse(figure_svg(f, year, slug), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{year}-{f.release}.svg"'
    return response


def data(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    statistic = STATISTICS.get(slug)
    if statistic is None or fmt not in ("csv", "xlsx"):
        raise Http404(slug)
    f, year = _context(request)
    header, rows = statistic.table(f, year)
    if fmt == "csv":
        body, kind = tabular.to_csv(header, rows), "text/csv"
    else:
        body = tabular.to_xlsx(header, rows)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{slug}-{year}-{f.release}.{fmt}"'
    return response
