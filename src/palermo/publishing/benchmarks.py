"""Benchmark: the whole report in French and English to PDF, beside the same reports to HTML only.

Needs reference data in the database (treaty actions, legislation); the goal is under 20 s for both
PDFs on the project's 2-core machines.
"""

from __future__ import annotations

import datetime as dt
import time

from palermo.bench import BenchResult, benchmark


@benchmark("publishing.report_pdf_fr_en")
def report_pdf(quick: bool) -> BenchResult:
    from palermo.publishing.build import build_report, render
    from palermo.publishing.sections import ReportSpec

    spec = ReportSpec(dt.date(2015, 12, 17), dt.date(2019, 4, 15))

    def run(fmt: str) -> tuple[float, int]:
        start, size = time.perf_counter(), 0
        for lang in ("fr", "en"):
            size += len(render(build_report(spec, lang), fmt))
        return time.perf_counter() - start, size

    run("html")  # warm: imports, collator table, article table
    html_s, html_bytes = run("html")
    pdf_s, pdf_bytes = run("pdf")
    return BenchResult(
        name="publishing.report_pdf_fr_en",
        figure=pdf_s,
        unit="s",
        baseline=html_s,
        baseline_label="the same two reports built to HTML only",
        details={"goal_s": 20, "pdf_bytes": pdf_bytes, "html_bytes": html_bytes, "quick": quick},
    )
