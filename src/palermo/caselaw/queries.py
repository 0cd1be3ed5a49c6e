"""Reads of the case law: who sees what, the search with filters, facets, ranking and snippets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from palermo.accounts.models import Role
from palermo.accounts.permissions import has_role
from palermo.caselaw import facets as facetsql
from palermo.caselaw import index, text
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
FACETS = facetsql.FACETS
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
    want_facets = facets
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    parsed = text.parse(query)
    filtered = apply_filters(decisions_visible_to(user), filters or {})
    selective = None
    if not parsed.empty and any(filters.get(k) for k in FILTER_NAMES if filters):
        candidates = list(filtered.order_by().values_list("id", flat=True)[: SELECTIVE + 1])
        if len(candidates) <= SELECTIVE:
            # Few rows pass the filters: score just those (see index.score_ids).
            selective = sorted(index.score_ids(parsed, candidates), key=lambda r: (-r[1], r[0]))
    if selective is not None:
        matched = Decision.objects.filter(id__in=[pk for pk, _ in selective])
    else:
        matched = filtered if parsed.empty else index.match(filtered, parsed)
    if selective is not None and SORTS.get(sort) is None:
        scored = selective[offset : offset + limit]
    elif not parsed.empty and SORTS.get(sort) is None:
        scored = index.ranked(filtered, parsed, limit, offset)
    else:
        ordering = SORTS.get(sort) or SORTS["date"]
        ids = matched.order_by(*ordering).values_list("id", flat=True)[offset : offset + limit]
        scored = [(pk, None) for pk in ids]  # type: ignore[misc]
    hits = _hits(scored, parsed)
    if selective is not None:
        total = len(selective)
        found = facetsql.of_ids([pk for pk, _ in selective])[1] if want_facets else {}
    elif want_facets:
        # The total and every facet in one statement over the match computed once.
        columns = matched.order_by().values(*facetsql.COLUMNS)
        total, found = facetsql.count(*columns.query.sql_with_params())
    else:
        total, found = matched.count(), {}
    return SearchResult(query, total, hits, found)


def _hits(scored: Sequence[tuple[int, float | None]], parsed: text.ParsedQuery) -> list[Hit]:
    """The page's decisions (one query, without the heavy columns) with their snippets."""
    page = [pk for pk, _ in scored]
    by_id = (
        Decision.objects.select_related("country")
        .defer("full_text", "search_vector", "procedural_history", "charges", "sentences")
        .in_bulk(page)
    )
    # The full text only for hits without a summary to cut the snippet from (one query).
    bare = [pk for pk in page if not any((by_id[pk].summaries or {}).values())]
    texts = dict(
        Decision.objects.filter(id__in=bare).values_list("id", Substr("full_text", 1, 20000))
    )
    stems = parsed.stems()
    hits = []
    for pk, score in scored:
        decision = by_id[pk]
        summaries = decision.summaries or {}
        lang = "en" if summaries.get("en") else next((k for k, v in summaries.items() if v), "")
        source = summaries.get(lang) or texts.get(pk) or decision.title
        language = lang or decision.language or "en"  # the language the source was indexed in
        hits.append(Hit(decision, score, text.snippet(source, stems, language=language)))
    return hits


def matching_ids(query: str, filters: dict[str, Any]) -> list[int]:
    """Ids of the PUBLISHED decisions a saved search matches (alerts never leak drafts)."""
    parsed = text.parse(query)
    qs = apply_filters(Decision.objects.filter(status=Status.PUBLISHED), filters)
    if not parsed.empty:
        qs = index.match(qs, parsed)
    return list(qs.order_by("id").values_list("id", flat=True))


def counts_by(field_name: str, user: Any = None) -> list[tuple[Any, int]]:
    """Published decisions per value of ``year`` or ``country__iso3`` (for the charts)."""
    qs = decisions_visible_to(user).exclude(**{f"{field_name}__isnull": True})
    return list(qs.values_list(field_name).annotate(n=Count("id")).order_by(field_name))
