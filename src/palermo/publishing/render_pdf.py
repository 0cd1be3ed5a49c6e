"""PDF of the report with WeasyPrint: UN document layout (symbol header, page n/N, footnotes)."""

from __future__ import annotations

from palermo.publishing.document import Report
from palermo.publishing.render_html import render_html


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    return HTML(string=render_html(report, standalone=True)).write_pdf()  # type: ignore[no-any-return]
