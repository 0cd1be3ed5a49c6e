"""Answering a round: the web form (save a draft, submit), attachments, and the XLSX template
(download pre-filled, upload back). Only focal points of an invited organisation reach these pages;
anyone else gets a 404 for that organisation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation
from palermo.reporting import queries, services, xlsx
from palermo.reporting.forms import UploadForm, field_name, raw_answers
from palermo.reporting.models import Round, Submission
from palermo.reporting.rules import Issue


def _context(
    request: HttpRequest, round_pk: int, org_pk: int
) -> tuple[Round, Organisation, Submission | None]:
    round_ = get_object_or_404(queries.rounds_visible_to(request.user), pk=round_pk)
    org = get_object_or_404(queries.respondent_organisations(request.user, round_), pk=org_pk)
    sub = (
        queries.submissions_visible_to(request.user).filter(round=round_, organisation=org).first()
    )
    return round_, org, sub


def _form_sections(
    round_: Round, values: dict[str, Any], issues: list[Issue], lang: str
) -> list[dict[str, Any]]:
    """The questionnaire laid out as form fields, with the current values and the issues."""
    definition = round_.questionnaire.parsed()
    years = round_.years()
    by_cell: dict[tuple[str, str], list[str]] = {}
    for issue in issues:
        by_cell.setdefault((issue.question, issue.cell), []).append(issue.message)
    sections = []
    for section in definition.sections:
        questions = []
        for q in section.questions:
            value = values.get(q.id)
            item: dict[str, Any] = {
                "id": q.id,
                "type": q.type,
                "label": q.text(lang),
                "help": q.help_text(lang),
                "name": field_name(q.id),
                "required": q.required,
                "issues": by_cell.get((q.id, ""), []),
            }
            if q.type == "number_table":
                table = value or {}
                item["years"] = years
                item["dims"] = [d.text(lang) for d in q.dimensions]
                item["rows"] = []
                for row in q.rows():
                    cells = []
                    for year in years:
                        key = "/".join([*row, str(year)])
                        cells.append(
                            {
                                "name": field_name(q.id, key),
                                "value": "" if table.get(key) is None else table.get(key),
                                "issues": by_cell.get((q.id, key), []),
                                "label": " – ".join([*q.row_label(row, lang), str(year)]),
                            }
                        )
                    item["rows"].append({"labels": q.row_label(row, lang), "cells": cells})
            elif q.type in ("single_choice", "multiple_choice"):
                chosen = value if isinstance(value, list) else [value] if value else []
                item["choices"] = [(c.id, c.text(lang), c.id in chosen) for c in q.choices]
            else:
                item["value"] = "" if value is None else value
            questions.append(item)
        sections.append({"title": section.text(lang), "questions": questions})
    return sections


@login_required
def answer(request: HttpRequest, pk: int, org: int) -> HttpResponse:
    round_, organisation, sub = _context(request, pk, org)
    lang = (translation.get_language() or "en")[:2]
    issues: list[Issue] = [Issue(**f) for f in (sub.flags if sub else [])]
    values: dict[str, Any] = dict(sub.answers) if sub else {}
    status = 200
    if request.method == "POST":
        definition = round_.questionnaire.parsed()
        raw = raw_answers(definition, round_.years(), request.POST)
        try:
            sub = services.save_answers(request, request.user, round_, organisation, raw, via="web")
            for q in definition.questions:
                for upload in (
                    request.FILES.getlist(field_name(q.id)) if q.type == "attachment" else []
                ):
                    services.add_attachment(
                        request,
                        request.user,
                        sub,
                        q.id,
                        upload.name or "file",
                        upload.read(),
                        upload.content_type or "",
                    )
            if request.POST.get("action") == "submit":
                services.submit(request, request.user, sub)
                messages.success(request, _("Your answer was submitted to the secretariat."))
                return redirect("reporting:submission", pk=sub.pk)
            messages.success(request, _("Draft saved."))
            return redirect("reporting:answer", pk=round_.pk, org=organisation.pk)
        except services.InvalidAnswers as exc:
            issues, values, status = exc.issues, raw, 400
        except (ValidationError, PermissionDenied) as exc:
            issues = [Issue("", m) for m in getattr(exc, "messages", [str(exc)])]
            values, status = raw, 400
    if sub is not None:
        audit(request, LogType.ACCESS, "reporting.submission.read", obj=sub)
    return render(
        request,
        "reporting/answer.html",
        {
            "round": round_,
            "organisation": organisation,
            "sub": sub,
            "editable": (sub is None or sub.editable) and round_.status == "open",
            "sections": _form_sections(round_, values, issues, lang),
            "errors": [i for i in issues if i.severity == "error"],
            "warnings": [i for i in issues if i.severity == "warning"],
            "upload_form": UploadForm(),
        },
        status=status,
    )


@login_required
def template_download(request: HttpRequest, pk: int, org: int) -> HttpResponse:
    round_, organisation, sub = _context(request, pk, org)
    lang = (translation.get_language() or "en")[:2]
    content = xlsx.build(round_, organisation, sub, lang)
    audit(
        request,
        LogType.EXPORT,
        "reporting.template.download",
        obj=sub or round_,
        metadata={"organisation": organisation.pk},
    )
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{xlsx.filename(round_, organisation)}"'
    )
    return response


@login_required
@require_POST
def template_upload(request: HttpRequest, pk: int, org: int) -> HttpResponse:
    round_, organisation, _sub = _context(request, pk, org)
    form = UploadForm(request.POST, request.FILES)
    issues: list[Issue] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            xlsx.upload(
                request,
                request.user,
                round_,
                organisation,
                upload.read(services.MAX_ATTACHMENT_BYTES + 1),
            )
        except services.InvalidAnswers as exc:
            issues = exc.issues
        except (ValidationError, PermissionDenied) as exc:
            issues = [Issue("", m) for m in getattr(exc, "messages", [str(exc)])]
        else:
            messages.success(request, _("The spreadsheet was read and saved as your draft."))
            return redirect("reporting:answer", pk=round_.pk, org=organisation.pk)
    return render(
        request,
        "reporting/upload.html",
        {"round": round_, "organisation": organisation, "form": form, "issues": issues},
        status=400,
    )
