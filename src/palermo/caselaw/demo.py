"""Demo data of the case law: the real SHERLOC index (published) and three demo decisions."""

from __future__ import annotations

from typing import Any

from palermo.caselaw import importer, services
from palermo.caselaw.models import Source, Status

DEMO = [
    {
        "ref": "demo:forced-criminality-1",
        "title": "DEMO — Prosecutor v. K.M. (forced criminality in cannabis cultivation)",
        "country": "GBR", "year": 2020, "date": "2020-05-04", "court_level": "appeal",
        "verdict": "acquittal", "language": "en",
        "summary_en": "Demo record. A child victim recruited by deception was forced into "
        "cannabis cultivation; the court applied the non-punishment principle.",
        "summary_fr": "Fiche de démonstration. Un enfant recruté par tromperie a été exploité "
        "dans la culture de cannabis ; la cour applique le principe de non-sanction.",
        "forms": "forced_criminality", "means": "deception;abuse_of_vulnerability",
        "keywords": "non_punishment", "victims": "male:child:VNM:1:K.M.",
    },
    {
        "ref": "demo:organ-removal-1",
        "title": "DEMO — State v. Organ broker ring (removal of organs)",
        "country": "ZAF", "year": 2019, "court_level": "first_instance", "verdict": "conviction",
        "summary_en": "Demo record. Defendants recruited donors through payments and fraud "
        "for the removal of kidneys in a private hospital.",
        "forms": "organ_removal", "means": "fraud;payments",
        "victims": "male:adult:ROU:5;female:adult:BRA:2", "defendants": "male:adult:ZAF:4",
    },
    {
        "ref": "demo:labour-fishing-1",
        "title": "DEMO — Ministerio Público c. Pesquera X (trabajo forzoso en la pesca)",
        "country": "ARG", "year": 2021, "court_level": "appeal", "verdict": "conviction",
        "language": "es",
        "summary_es": "Registro de demostración. Trabajadores explotados en buques pesqueros, "
        "con retención de documentos y servidumbre por deudas.",
        "forms": "forced_labour", "sectors": "fishing", "means": "debt_bondage;document_retention",
        "victims": "male:adult:PRY:12",
    },
]  # fmt: skip


def load_demo(stdout: Any = None) -> dict[str, int]:
    """Import the shipped SHERLOC index and the demo decisions (idempotent)."""
    counts = services.write_records(importer.sherloc_index_records())
    countries = importer._countries()
    demo = []
    for row in DEMO:
        problems: list[str] = []

        def fail(column: str, message: str, problems: list[str] = problems) -> None:
            problems.append(f"{column}: {message}")

        rec = importer.to_record(row, fail, countries, "")
        if problems:
            raise ValueError(f"caselaw demo {row['ref']}: {problems}")
        demo.append({**rec, "source": Source.DEMO, "status": Status.PUBLISHED})
    demo_counts = services.write_records(demo)
    result = {"sherloc_index": counts["read"], "demo_decisions": demo_counts["read"]}
    if stdout is not None:
        stdout.write(f"caselaw: {result['sherloc_index']} SHERLOC index records, 3 demo decisions")
    return result
