"""Demo data for `make demo`: agency sources of the demo organisations, filled with synthetic cases.

The records come from ``palermo.htcds.generate_case_files`` (CTDC 2020 distributions; the same
person recorded by several agencies with spelling variants): they are synthetic, and every demo
source says so. Idempotent: the generator writes the same bytes for the same seed, so a second run
finds each file already imported and creates nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, TextIO

from palermo.accounts.models import Organisation, User
from palermo.cases import services
from palermo.cases.importer import import_file
from palermo.cases.models import CaseRecord, Service, Source
from palermo.htcds import agency_mapping, generate_case_files

PERSONS = 2000
SEED = 2026
# agency of the generator -> (demo source name, owning demo organisation, retention in days)
SOURCES = {
    "police": ("DEMO Police victim register", "DEMO-NR", 3650),
    "labour_inspectorate": ("DEMO Labour inspectorate referrals", "DEMO-NR", 1825),
    "hotline": ("DEMO Hotline reports", "DEMO-NR", 730),
    "iom": ("DEMO IOM assistance records", "DEMO-NR", 3650),
    "ngo": ("DEMO Safe Harbour case files", "DEMO-NGO", 3650),
}
NOTE = "Demo data: synthetic records, no real person (palermo.htcds.generate_case_files)."


def _source(name: str, org: Organisation, retention: int) -> Source:
    source, _ = Source.objects.get_or_create(
        name=name,
        defaults={
            "organisation": org,
            "retention_days": retention,
            "mapping": agency_mapping(),
            "description": NOTE,
        },
    )
    return source


def _services(source: Source) -> int:
    """A few services, referrals and status changes on the NGO's cases, for the case pages."""
    worker = User.objects.filter(username="caseworker").first()
    if worker is None or Service.objects.filter(case__source=source).exists():
        return 0
    kinds = ["shelter", "medical", "psychological", "legal", "interpretation"]
    cases = list(CaseRecord.objects.filter(source=source).order_by("pk")[:25])
    for i, case in enumerate(cases):
        services.add_service(None, worker, case, kinds[i % len(kinds)])
        if i % 5 == 0:
            services.change_status(None, worker, case, "FollowUp", "demo")
    return len(cases)


def load_demo(stdout: TextIO) -> dict[str, Any]:
    orgs = {o.short_name: o for o in Organisation.objects.filter(short_name__startswith="DEMO-")}
    if not {"DEMO-NR", "DEMO-NGO"} <= set(orgs):
        stdout.write("cases: demo organisations missing; skipped\n")
        return {"skipped": True}
    files = generate_case_files(PERSONS, seed=SEED)
    created: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for agency, frame in files.agencies.items():
            name, org, retention = SOURCES[agency]
            source = _source(name, orgs[org], retention)
            path = Path(tmp) / f"demo-{agency}.csv"
            frame.to_csv(path, index=False)
            outcome = import_file(path, source)
            if outcome.batch.status not in ("done", "duplicate"):
                raise RuntimeError(f"demo {agency}: {outcome.batch.message}")
            created[name] = outcome.batch.created
    ngo = Source.objects.get(name=SOURCES["ngo"][0])
    serviced = _services(ngo)
    total = CaseRecord.objects.filter(source__name__startswith="DEMO ").count()
    stdout.write(f"cases: {len(SOURCES)} demo sources, {total} synthetic case records\n")
    return {"sources": len(SOURCES), "created": created, "cases": total, "serviced": serviced}
