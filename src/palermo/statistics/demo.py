"""Demo data of the statistics app: the latest GLOTIP release shipped in the package (Source: UNODC)."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from palermo.statistics.models import Release
from palermo.statistics.services import import_glotip

DATA = Path(__file__).parent / "data"
LATEST = DATA / "glotip_2025-04-14.csv.gz"


def load_demo(stdout: IO[str] | Any) -> dict[str, int]:
    """Import the 2025-04-14 release (about 10 s); nothing to do when it is already loaded."""
    if Release.objects.filter(date="2025-04-14").exists():
        return {"glotip_rows": 0}
    report = import_glotip(LATEST)
    stdout.write(f"GLOTIP release {report['release']}: {report['inserted']} rows (Source: UNODC)\n")
    return {"glotip_rows": int(report["inserted"])}
