"""Pages of the case law: search with facets, a decision, country and theme views, charts, editing."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.caselaw import importer, queries, services, taxonomy
from palermo.caselaw.forms import DecisionForm
from palermo.caselaw.models import Decision, Source, Status
from palermo.graphics import charts
from palermo.reference.models import Country

PAGE = 20
THEMES = ("forced_criminality", "organ_removal", "forced_labour", "sexual_exploitation",
          "forced_begging", "forced_marriage", "servitude", "slavery")  # fmt: skip


def _filters(request: HttpRequest) -> dict[str, list[str]]:
    return {
        name: request.GET.getlist(name) for name in queries.FILTER_NAMES if request.GET.get(name)
    }


def _search_page(
    request: HttpRequest, fixed: dict[str, list[str]], heading: str, template: str = "search"
) -> HttpResponse:
    filters = {**_filters(request), **fixed}
    q = request.GET.get("q", "")[:500]
    sort = request.GET.get("sort", "relevance")
    sort = sort if sort in queries.SORTS else "relevance"
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    result = queries.search(
        request.user, q, filters, sort=sort, limit=PAGE, offset=(page - 1) * PAGE
    )
    base = {"q": q, "sort": sort, **filters}
    facets = []
    for name, rows in result.facets.items():
        items = []
        for row in rows[:15]:
            chosen = str(row["value"]) in filters.get(name, [])
            params = dict(base)
            values = [v for v in filters.get(name, []) if v != str(row["value"])]
            params[name] = values if chosen else [*values, str(row["value"])]
            label = row["label"]
            if name in ("country", "victim_nationality"):
                label = _country_name(str(row["value"]))
            items.append(
                {
                    **row,
                    "label": label,
                    "chosen": chosen,
                    "href": "?" + urlencode(params, doseq=True),
                }
            )
        facets.append({"name": name, "items": items})
    export = urlencode({**base}, doseq=True)
    context = {
        "heading": heading, "result": result, "q": q, "sort": sort, "sorts": list(queries.SORTS),
        "facets": facets, "filters": filters, "export_query": export, "page": page,
        "next_page": page + 1 if page * PAGE < result.total else None,
        "prev_page": page - 1 if page > 1 else None, "is_editor": queries.is_editor(request.user),
        "themes": [(code, taxonomy.label("form", code)) for code in THEMES],
        "page_query": urlencode({k: v for k, v in base.items() if k != "page"}, doseq=True),
    }  # fmt: skip
    return render(request, f"caselaw/{template}.html", context)


def _country_name(iso3: str) -> str:
    country = Country.objects.filter(iso3=iso3).first()
    return country.name() if country else iso3


def search(request: HttpRequest) -> HttpResponse:
    return _search_page(request, {}, _("Case law"))


def country(request: HttpRequest, iso3: str) -> HttpResponse:
    place = get_object_or_404(Country, iso3=iso3.upper())
    return _search_page(request, {"country": [place.iso3]}, _("Case law: %s") % place.name())


def theme(request: HttpRequest, code: str) -> HttpResponse:
    if code not in taxonomy.codes("form"):
        raise Http404
    return _search_page(request, {"form": [code]}, _("Case law: %s") % taxonomy.label("form", code))


def decision(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        queries.decisions_visible_to(request.user).select_related("country"), pk=pk
    )
    row = importer.row_of(found)
    tags = [
        (kind, [taxonomy.label(kind, c) for c in codes])
        for kind, codes in ((k, row[col]) for col, k in importer.TAG_COLUMNS.items())
        if codes
    ]
    context = {"decision": found, "row": row, "tags": tags, "is_editor": queries.is_editor(request.user),
               "appeals": queries.decisions_visible_to(request.user).filter(appeal_of=found)}  # fmt: skip
    return render(request, "caselaw/decision.html", context)


def stats(request: HttpRequest) -> HttpResponse:
    by_year = [(str(y), n) for y, n in queries.counts_by("year", request.user)]
    by_country = sorted(queries.counts_by("country__iso3", request.user), key=lambda r: -r[1])[:25]
    context = {
        "year_chart": charts.bar_chart(by_year),
        "country_chart": charts.bar_chart([(iso, n) for iso, n in by_country]),
        "by_year": by_year,
        "by_country": by_country,
    }
    return render(request, "caselaw/stats.html", context)


def _editor(request: HttpRequest) -> None:
    if not queries.is_editor(request.user):
        raise PermissionDenied


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _editor(request)
    current = get_object_or_404(Decision, pk=pk) if pk else None
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            row = form.row()
            row["ref"] = current.ref if current else f"palermo:{uuid.uuid4()}"
            problems: list[tuple[str, str]] = []
            record = importer.to_record(
                row, lambda c, m: problems.append((c, m)), importer._countries(), Status.DRAFT
            )
            for column, message in problems:
                form.add_error(column if column in form.fields else None, message)
            if not problems:
                if current is None:
                    record["source"] = Source.EDITOR
                saved = services.save_decision(request, request.user, record, current)
                messages.success(request, _("Decision saved."))
                return redirect("caselaw:decision", saved.pk)
    else:
        form = DecisionForm(
            initial=DecisionForm.initial_of(importer.row_of(current)) if current else None
        )
    return render(request, "caselaw/form.html", {"form": form, "decision": current})


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    found = get_object_or_404(Decision, pk=pk)
    try:
        services.set_status(request, request.user, found, request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("caselaw:decision", pk)


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    found = get_object_or_404(Decision, pk=pk)
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose a file."))
    else:
        try:
            services.add_document(
                request, request.user, found, file.name or "decision.txt", file.read()
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    return redirect("caselaw:decision", pk)


@login_required
@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    q = request.POST.get("q", "")[:500]
    filters = {n: request.POST.getlist(n) for n in queries.FILTER_NAMES if request.POST.get(n)}
    email = request.POST.get("email", "") or getattr(request.user, "email", "")
    if not email:
        messages.error(request, _("An e-mail address is needed for alerts."))
    else:
        services.save_search(
            request.user, request.POST.get("name") or q or _("Saved search"), q, filters, email
        )
        messages.success(
            request, _("Search saved: you will get an e-mail when a new decision matches.")
        )
    audit(request, LogType.ACCESS, "caselaw.search", metadata={"q": q})
    return redirect(f"/caselaw/?{urlencode({'q': q, **filters}, doseq=True)}")
