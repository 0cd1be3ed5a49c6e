"""Assemble the report from the registered sections, then render it (HTML, PDF or DOCX)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.utils import timezone

from palermo.publishing.document import Missing, Paragraph, Report, Section
from palermo.publishing.grammar import check_lang
from palermo.publishing.report_text import TITLE
from palermo.publishing.sections import Context, ReportSpec, missing_paragraph, registry
from palermo.publishing.sources import Unavailable

FORMATS = ("html", "pdf", "docx")
_PERIOD = re.compile(r"^(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$")


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """'2015-12-17:2019-04-15' -> two dates; a clear error otherwise."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"period {text!r}: use FROM:TO with ISO dates, e.g. 2015-12-17:2019-04-15")
    start, end = (dt.date.fromisoformat(g) for g in match.groups())
    if end < start:
        raise ValueError(f"period {text!r}: the end is before the start")
    return start, end


def _missing_in(paragraphs: list[Paragraph]) -> list[str]:
    return [part.waits_for for p in paragraphs for part in p.parts if isinstance(part, Missing)]


def build_report(spec: ReportSpec, lang: str, narratives: dict[str, Any] | None = None) -> Report:
    """The report for ``spec`` in ``lang``; ``narratives`` defaults to the approved texts."""
    check_lang(lang)
    if narratives is None:
        from palermo.publishing.queries import approved_texts

        narratives = approved_texts(lang)
    ctx = Context(spec=spec, lang=lang, narratives=narratives)
    built: dict[str, Section] = {}
    top: list[Section] = []
    summary: list[Paragraph] = []
    for item in registry():
        try:
            paragraphs = item.build(ctx)
        except Unavailable as exc:
            paragraphs = [missing_paragraph(ctx, exc)]
        if item.summary:
            summary = paragraphs
            continue
        parent = built.get(item.parent) if item.parent else None
        level = parent.level + 1 if parent else 1
        section = Section(item.key, item.label, item.title(lang), paragraphs, level=level)
        section.missing = _missing_in(paragraphs)
        built[item.key] = section
        (parent.children if parent else top).append(section)
    report = Report(
        lang=lang,
        symbol=spec.symbol,
        title=TITLE[lang],
        date_from=spec.date_from,
        date_to=spec.date_to,
        summary=summary,
        sections=top,
        generated_at=timezone.now(),
    )
    report.number()
    return report


def render(report: Report, fmt: str) -> bytes:
    if fmt == "html":
        from palermo.publishing.render_html import render_html

        return render_html(report, standalone=True).encode("utf-8")
    if fmt == "pdf":
        from palermo.publishing.render_pdf import render_pdf

        return render_pdf(report)
    if fmt == "docx":
        from palermo.publishing.render_docx import render_docx

        return render_docx(report)
    raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")


def write(report: Report, fmt: str, out: Path) -> dict[str, Any]:
    """Render and write; return the facts the CLI prints with --json."""
    data = render(report, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return {
        "out": str(out),
        "format": fmt,
        "lang": report.lang,
        "symbol": report.symbol,
        "period": [report.date_from.isoformat(), report.date_to.isoformat()],
        "bytes": len(data),
        "paragraphs": max((p.number for s in report.walk() for p in s.paragraphs), default=0),
        "figures": len(report.figures),
        "sections": [s.key for s in report.walk()],
        "missing": report.missing(),
    }
