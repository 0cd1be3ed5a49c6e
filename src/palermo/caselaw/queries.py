"""Reads of the case law: who sees what, the search with filters, facets, ranking and snippets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from palermo.accounts.models import Role
from palermo.accounts.permissions import has_role
from palermo.caselaw import index, taxonomy, text
from palermo.caselaw.models import Decision, DecisionTag, Party, PartyRole, Status

EDITOR_ROLES = (Role.PLATFORM_ADMIN, Role.SECRETARIAT_ANALYST)
SORTS = {
    "relevance": None,
    "date": ("-year", "-date", "id"),
    "oldest": ("year", "date", "id"),
    "title": ("title", "id"),
}
# Filters a request may use: name -> how it narrows the decisions (an allow-list: nothing else).
TAG_FILTERS = {"form": "form", "means": "means", "act": "act", "purpose": "purpose",
               "sector": "sector", "keyword": "keyword"}  # fmt: skip
FILTER_NAMES = (
    "country", "region", "year", "year_from", "year_to", "court_level", "verdict",
    "victim_nationality", "victim_sex", *TAG_FILTERS,
)  # fmt: skip
FACETS = ("country", "region", "year", "court_level", "verdict", "form", "means",
          "victim_nationality", "victim_sex")  # fmt: skip
MAX_LIMIT = 1000
SELECTIVE = 2000  # filters leaving at most this many decisions take the probe path


def is_editor(user: Any) -> bool:
    return has_role(user, *EDITOR_ROLES)


def decisions_visible_to(user: Any) -> QuerySet[Decision]:
    """Editors see every decision; everyone else (and anonymous) only the published ones."""
    qs = Decision.objects.all()
    return qs if is_editor(user) else qs.filter(status=Status.PUBLISHED)


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.strip().lstrip("-").isdigit()][:50]


def apply_filters(qs: QuerySet[Decision], filters: dict[str, Any]) -> QuerySet[Decision]:
    """Narrow ``qs`` by the allowed filters; each value may be one string or a list (OR)."""

    def values(name: str) -> list[str]:
        raw = filters.get(name)
        items = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
        return [str(v) for v in items if str(v).strip()][:50]

    if iso3 := values("country"):
        qs = qs.filter(country__iso3__in=[v.upper() for v in iso3])
    if m49 := values("region"):
        qs = qs.filter(Q(country__region__m49__in=m49) | Q(country__subregion__m49__in=m49))
    if years := _ints(values("year")):
        qs = qs.filter(year__in=years)
    if start := _ints(values("year_from")):
        qs = qs.filter(year__gte=start[0])
    if end := _ints(values("year_to")):
        qs = qs.filter(year__lte=end[0])
    if levels := values("court_level"):
        qs = qs.filter(court_level__in=levels)
    if verdicts := values("verdict"):
        qs = qs.filter(verdict__in=verdicts)
    for name, kind in TAG_FILTERS.items():
        if wanted := values(name):
            tagged = DecisionTag.objects.filter(kind=kind, code__in=wanted)
            qs = qs.filter(id__in=tagged.values("decision_id"))
    victims = Party.objects.filter(role=PartyRole.VICTIM)
    if nat := values("victim_nationality"):
        victims_of = victims.filter(nationality__iso3__in=[v.upper() for v in nat])
        qs = qs.filter(id__in=victims_of.values("decision_id"))
    if sexes := values("victim_sex"):
        qs = qs.filter(id__in=victims.filter(sex__in=sexes).values("decision_id"))
    return qs


@dataclass
class Hit:
    decision: Decision
    score: float | None
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        d = self.decision
        return {
            "id": d.pk,
            "title": d.title,
            "country": d.country.iso3 if d.country_id else d.jurisdiction,  # type: ignore[union-attr]
            "year": d.year,
            "score": None if self.score is None else round(self.score, 6),
            "snippet": self.snippet,
            "url": f"/caselaw/decision/{d.pk}/",
            "source_url": d.source_url,
        }


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.as_dict() for h in self.hits],
            "facets": self.facets,
        }


def search(
    user: Any,
    query: str = "",
    filters: dict[str, Any] | None = None,
    *,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
) -> SearchResult:
    """Ranked decisions matching ``query`` within ``filters``, with snippets and facet counts."""
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    parsed = text.parse(query)
    filtered = apply_filters(decisions_visible_to(user), filters or {})
    selective = None
    if not parsed.empty and any(filters.get(k) for k in FILTER_NAMES if filters):
        candidates = list(filtered.values_list("id", flat=True)[: SELECTIVE + 1])
        if len(candidates) <= SELECTIVE:
            # Few rows pass the filters: score just those (see index.score_ids).
            selective = sorted(index.score_ids(parsed, candidates), key=lambda r: (-r[1], r[0]))
    if selective is not None:
        matched = Decision.objects.filter(id__in=[pk for pk, _ in selective])
        total = len(selective)
    else:
        matched = filtered if parsed.empty else index.match(filtered, parsed)
        total = matched.count()
    if selective is not None and SORTS.get(sort) is None:
        scored = selective[offset : offset + limit]
    elif not parsed.empty and SORTS.get(sort) is None:
        scored = index.ranked(filtered, parsed, limit, offset)
    else:
        ordering = SORTS.get(sort) or SORTS["date"]
        ids = matched.order_by(*ordering).values_list("id", flat=True)[offset : offset + limit]
        scored = [(pk, None) for pk in ids]  # type: ignore[misc]
    by_id = Decision.objects.select_related("country").in_bulk([pk for pk, _ in scored])
    stems = parsed.stems()
    hits = []
    for pk, score in scored:
        decision = by_id[pk]
        source = decision.summary() or decision.full_text[:20000] or decision.title
        hits.append(Hit(decision, score, text.snippet(source, stems)))
    if not facets:
        return SearchResult(query, total, hits, {})
    if selective is not None:
        return SearchResult(query, total, hits, facets_of_ids([pk for pk, _ in selective]))
    return SearchResult(query, total, hits, facet_counts(matched))


def matching_ids(query: str, filters: dict[str, Any]) -> list[int]:
    """Ids of the PUBLISHED decisions a saved search matches (alerts never leak drafts)."""
    parsed = text.parse(query)
    qs = apply_filters(Decision.objects.filter(status=Status.PUBLISHED), filters)
    if not parsed.empty:
        qs = index.match(qs, parsed)
    return list(qs.order_by("id").values_list("id", flat=True))


def _rows(pairs: Any, labels: dict[Any, str] | None = None) -> list[dict[str, Any]]:
    out = [
        {"value": v, "label": (labels or {}).get(v, str(v)), "count": n}
        for v, n in pairs
        if v not in (None, "")
    ]
    return sorted(out, key=lambda r: (-r["count"], str(r["value"])))


def facets_of_ids(ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """The facet counts of a short list of decisions, in three queries (the selective path)."""
    cols = ("country__iso3", "country__names", "country__region__m49", "country__region__names",
            "year", "court_level", "verdict")  # fmt: skip
    counters: dict[str, Counter[Any]] = {name: Counter() for name in FACETS}
    labels: dict[str, dict[Any, str]] = {"country": {}, "region": {}}
    for iso, names, m49, rnames, year, level, verdict in Decision.objects.filter(
        id__in=ids
    ).values_list(*cols):
        counters["country"][iso] += 1
        labels["country"][iso] = (names or {}).get("en", iso)
        counters["region"][m49] += 1
        labels["region"][m49] = (rnames or {}).get("en", m49)
        counters["year"][year] += 1
        counters["court_level"][level] += 1
        counters["verdict"][verdict] += 1
    tags = DecisionTag.objects.filter(decision_id__in=ids, kind__in=("form", "means"))
    for kind, code, _decision in set(tags.values_list("kind", "code", "decision_id")):
        counters[kind][code] += 1
    victims = Party.objects.filter(decision_id__in=ids, role=PartyRole.VICTIM)
    rows = list(victims.values_list("decision_id", "nationality__iso3", "sex"))
    # A decision counts once per value, however many victim groups share it.
    seen_nat = {(d, n) for d, n, _ in rows}
    seen_sex = {(d, x) for d, _, x in rows}
    counters["victim_nationality"].update(n for _, n in seen_nat)
    counters["victim_sex"].update(x for _, x in seen_sex)
    out = {}
    for name in FACETS:
        tag_labels = (
            {c: taxonomy.label(name, c) for c in counters[name]}
            if name in ("form", "means")
            else None
        )
        out[name] = _rows(counters[name].items(), labels.get(name) or tag_labels)
    out["year"] = sorted(out["year"], key=lambda r: -r["value"])
    return out


def facet_counts(matched: QuerySet[Decision]) -> dict[str, list[dict[str, Any]]]:
    """Number of matched decisions per value of each facet (a decision counts once per value)."""
    ids = matched.values("id")
    base = Decision.objects.filter(id__in=ids)
    out: dict[str, list[dict[str, Any]]] = {}
    countries = base.values_list("country__iso3", "country__names").annotate(n=Count("id"))
    names = {iso: (n or {}).get("en", iso) for iso, n, _ in countries}
    out["country"] = _rows([(iso, n) for iso, _, n in countries], names)
    regions = base.values_list("country__region__m49", "country__region__names").annotate(
        n=Count("id")
    )
    out["region"] = _rows(
        [(m, n) for m, _, n in regions], {m: (nm or {}).get("en", m) for m, nm, _ in regions}
    )
    years = base.values_list("year").annotate(n=Count("id"))
    out["year"] = sorted(_rows(years), key=lambda r: -r["value"])
    for name in ("court_level", "verdict"):
        out[name] = _rows(base.values_list(name).annotate(n=Count("id")))
    tags = (
        DecisionTag.objects.filter(decision_id__in=ids, kind__in=("form", "means"))
        .values_list("kind", "code")
        .annotate(n=Count("decision_id", distinct=True))
    )
    for kind in ("form", "means"):
        pairs = [(c, n) for k, c, n in tags if k == kind]
        out[kind] = _rows(pairs, {c: taxonomy.label(kind, c) for c, _ in pairs})
    victims = Party.objects.filter(decision_id__in=ids, role=PartyRole.VICTIM)
    nat = victims.values_list("nationality__iso3").annotate(n=Count("decision_id", distinct=True))
    out["victim_nationality"] = _rows(nat)
    sexes = victims.values_list("sex").annotate(n=Count("decision_id", distinct=True))
    out["victim_sex"] = _rows(sexes)
    return out


def counts_by(field_name: str, user: Any = None) -> list[tuple[Any, int]]:
    """Published decisions per value of ``year`` or ``country__iso3`` (for the charts)."""
    qs = decisions_visible_to(user).exclude(**{f"{field_name}__isnull": True})
    return list(qs.values_list(field_name).annotate(n=Count("id")).order_by(field_name))
