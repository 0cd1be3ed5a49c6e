"""Pages of the publishing app: report preview per language and period, downloads (HTML, PDF,
DOCX, SDMX), and the narrative editor with review. Reads and exports are audited; every write goes
through services (audited there)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.publishing import queries, sdmx, services
from palermo.publishing.build import FORMATS, build_report, parse_period
from palermo.publishing.build import render as render_report
from palermo.publishing.grammar import LANGS
from palermo.publishing.models import NarrativeBlock, NarrativeVersion
from palermo.publishing.render_html import render_html
from palermo.publishing.sections import ReportSpec

DEFAULT_PERIOD = "2015-12-17:2019-04-15"
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _gate(request: HttpRequest) -> None:
    if not queries.can_preview(request.user):
        raise PermissionDenied


def _spec(request: HttpRequest) -> tuple[str, ReportSpec, str]:
    lang = request.GET.get("lang", "fr")
    period = request.GET.get("period", DEFAULT_PERIOD)
    if lang not in LANGS:
        raise Http404("unknown language")
    try:
        start, end = parse_period(period)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    return lang, ReportSpec(start, end), period


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _gate(request)
    keys = queries.narrative_keys()
    blocks = {(b.key, b.lang): b for b in NarrativeBlock.objects.prefetch_related("versions")}
    places = [
        {"key": key, "label": label,
         "langs": [(lang, blocks.get((key, lang))) for lang in LANGS]}
        for key, label in keys.items()
    ]  # fmt: skip
    return render(request, "publishing/index.html", {
        "places": places, "langs": LANGS, "formats": FORMATS, "period": DEFAULT_PERIOD,
        "can_approve": queries.can_approve(request.user)})  # fmt: skip


@login_required
def preview(request: HttpRequest) -> HttpResponse:
    _gate(request)
    lang, spec, period = _spec(request)
    report = build_report(spec, lang)
    audit(request, LogType.ACCESS, "publishing.report.read", object_type="publishing.Report",
          metadata={"lang": lang, "period": period})  # fmt: skip
    return render(request, "publishing/preview.html", {
        "report": report, "lang": lang, "period": period, "formats": FORMATS,
        "body": mark_safe(render_html(report, standalone=False)),  # noqa: S308 - escaped by render_html
        "missing": report.missing()})  # fmt: skip


@login_required
def download(request: HttpRequest) -> HttpResponse:
    _gate(request)
    lang, spec, period = _spec(request)
    fmt = request.GET.get("format", "pdf")
    if fmt not in FORMATS:
        raise Http404("unknown format")
    data = render_report(build_report(spec, lang), fmt)
    audit(request, LogType.EXPORT, "publishing.report.export", object_type="publishing.Report",
          metadata={"lang": lang, "period": period, "format": fmt, "bytes": len(data)})  # fmt: skip
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{spec.symbol.replace('/', '-')}-{lang}-{dt.date.today().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def sdmx_download(request: HttpRequest) -> HttpResponse:
    """SDG 16.2.2 as SDMX-CSV from the estimation runs this user may read (scope in the query)."""
    _gate(request)
    from palermo.estimation.queries import runs_visible_to
    from palermo.publishing.exports import sdmx_rows

    rows, skipped = sdmx_rows(runs_visible_to(request.user).filter(status="ok"))
    text = sdmx.to_csv(rows)
    audit(request, LogType.EXPORT, "publishing.sdmx.export", object_type="publishing.SDMX",
          metadata={"observations": len(rows), "skipped": len(skipped)})  # fmt: skip
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sdg-16-2-2.sdmx.csv"'
    return response


@login_required
def narrative(request: HttpRequest, lang: str, key: str) -> HttpResponse:
    _gate(request)
    if lang not in LANGS or key not in queries.narrative_keys():
        raise Http404
    block = NarrativeBlock.objects.filter(key=key, lang=lang).first()
    error = ""
    if request.method == "POST":
        try:
            services.save_version(request, request.user, key, lang, request.POST.get("text", ""),
                                  submit=bool(request.POST.get("submit")))  # fmt: skip
        except ValidationError as exc:
            error = "; ".join(exc.messages)
        else:
            return redirect("publishing:narrative", lang=lang, key=key)
    latest = block.latest() if block else None
    return render(request, "publishing/narrative.html", {
        "key": key, "lang": lang, "label": queries.narrative_keys()[key], "block": block,
        "versions": block.versions.select_related("author", "reviewer") if block else [],
        "text": request.POST.get("text", latest.text if latest else ""), "error": error,
        "can_approve": queries.can_approve(request.user)})  # fmt: skip


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(NarrativeVersion.objects.select_related("block"), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "submit":
            services.submit(request, request.user, version)
        elif action in ("approve", "reject"):
            services.review(request, request.user, version, action == "approve",
                            request.POST.get("comment", ""))  # fmt: skip
        else:
            raise Http404("unknown action")
    except ValidationError as exc:
        return HttpResponse("; ".join(exc.messages), status=409)
    return redirect("publishing:narrative", lang=version.block.lang, key=version.block.key)
