"""`palermo bench` figures for case imports: validate + import a large HTCDS CSV vs reading it.

The import (validation of every cell, mapping, encryption of identifiers, insert in one
transaction) is timed against ``pandas.read_csv`` of the same file in the same run. The work runs
inside a transaction that is rolled back, so the benchmark leaves the database as it found it.
Peak Python-heap memory (tracemalloc) is measured in separate passes, since tracing slows
allocation: validation over the whole file, the import over ``PEAK_ROWS`` rows (memory is bounded
by the chunk size, not the file).
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction

from palermo.bench import BenchResult, benchmark
from palermo.htcds import write_htcds_csv

PEAK_ROWS = 100_000


class _Rollback(Exception):
    pass


def _peak_mb(func: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        func()
        return round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    finally:
        tracemalloc.stop()


def _in_rollback(func: Callable[[], Any]) -> Any:
    """Run ``func`` in a transaction that is always rolled back; return its result."""
    box: list[Any] = []
    try:
        with transaction.atomic():
            box.append(func())
            raise _Rollback
    except _Rollback:
        pass
    return box[0]


def _import(path: Path) -> dict[str, Any]:
    from palermo.accounts.models import Organisation
    from palermo.cases.importer import import_file
    from palermo.cases.models import Source

    org = Organisation.objects.create(name="Benchmark organisation (rolled back)", kind="ngo")
    source = Source.objects.create(organisation=org, name="benchmark (rolled back)")
    outcome = import_file(path, source)
    if outcome.batch.status != "done":
        raise RuntimeError(f"benchmark import failed: {outcome.batch.message}")
    return outcome.as_dict()


@benchmark("cases.import_csv")
def import_csv(quick: bool) -> BenchResult:
    from palermo.cases.importer import validate_file
    from palermo.cases.readers import chunk_factory, chunk_rows

    rows = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = write_htcds_csv(Path(tmp) / "htcds.csv", rows, seed=4)
        start = time.perf_counter()
        pd.read_csv(path)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        validate_file(chunk_factory(path), None)
        validate_s = time.perf_counter() - start
        start = time.perf_counter()
        done = _in_rollback(lambda: _import(path))
        import_s = time.perf_counter() - start
        small = path
        if rows > PEAK_ROWS:
            small = write_htcds_csv(Path(tmp) / "small.csv", PEAK_ROWS, seed=5)
        details = {
            "rows": rows,
            "created": done["created"],
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "chunk_rows": chunk_rows(),
            "validate_s": round(validate_s, 3),
            "import_s_including_validation": round(import_s, 3),
            "rows_per_s": round(rows / import_s),
            "ratio_validate_over_read": round(validate_s / read_s, 2),
            "peak_mb_validate": _peak_mb(lambda: validate_file(chunk_factory(path), None)),
            "peak_mb_read_csv": _peak_mb(lambda: pd.read_csv(path)),
            "peak_mb_import": _peak_mb(lambda: _in_rollback(lambda: _import(small))),
            "peak_import_rows": min(rows, PEAK_ROWS),
        }
    return BenchResult(
        name="cases.import_csv",
        figure=round(import_s, 3),
        unit="s",
        baseline=round(read_s, 3),
        baseline_label="pandas.read_csv of the same file",
        details=details,
    )
