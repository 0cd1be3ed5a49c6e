"""`palermo bench` figures for case imports: validate + import a large HTCDS CSV vs reading it.

Validation (the importer's own pass, as a dry run does it) and ``pandas.read_csv`` of the same
file are timed turn about, three times each, and the medians compared (the goal of issue 4:
validation at most 2x the read). The import (one read of the file: validation of every cell,
mapping, encryption of identifiers, insert in one transaction) is timed once against the same
read. Since the machine is shared, CPU seconds (``time.process_time``) are reported beside wall
seconds, with the load average before and after. The work runs inside a transaction that is
rolled back, so the benchmark leaves the database as it found it. Peak memory (Python heap by
tracemalloc, Arrow's pool apart: ``palermo.htcds.benchmarks.peak_memory``) is measured in separate
passes, since tracing slows allocation: validation over the whole file, the import over
``PEAK_ROWS`` rows (memory is bounded by the chunk size, not the file).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import connection, transaction

from palermo.bench import BenchResult, benchmark
from palermo.htcds import write_htcds_csv
from palermo.htcds.benchmarks import load_average, peak_memory

PEAK_ROWS = 100_000


class _Rollback(Exception):
    pass


def _timed(func: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    mid = len(runs) // 2
    return sorted(w for w, _ in runs)[mid], sorted(c for _, c in runs)[mid]


def _turn_about(
    a: Callable[[], Any], b: Callable[[], Any], repeat: int = 3
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) of ``a`` and of ``b`` run turn about, so noise hits both alike."""
    runs_a: list[tuple[float, float]] = []
    runs_b: list[tuple[float, float]] = []
    for _ in range(repeat):
        runs_a.append(_timed(a))
        runs_b.append(_timed(b))
    return _median(runs_a), _median(runs_b)


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
        load_before = load_average()
        pd.read_csv(path)  # the page cache warm for both
        (read_s, read_cpu), (validate_s, validate_cpu) = _turn_about(
            lambda: pd.read_csv(path), lambda: validate_file(chunk_factory(path), None)
        )
        box: list[dict[str, Any]] = []
        import_s, import_cpu = _timed(lambda: box.append(_in_rollback(lambda: _import(path))))
        done = box[0]
        load_after = load_average()
        small = path
        if rows > PEAK_ROWS:
            small = write_htcds_csv(Path(tmp) / "small.csv", PEAK_ROWS, seed=5)
        details = {
            "rows": rows,
            "created": done["created"],
            "database": connection.vendor,
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "chunk_rows": chunk_rows(),
            "goal": "validation <= 2x read_csv",
            "read_s": round(read_s, 3),
            "validate_s": round(validate_s, 3),
            "ratio_validate_over_read": round(validate_s / read_s, 2),
            "read_cpu_s": round(read_cpu, 3),
            "validate_cpu_s": round(validate_cpu, 3),
            "ratio_validate_over_read_cpu": round(validate_cpu / read_cpu, 2),
            "import_s_including_validation": round(import_s, 3),
            "import_cpu_s": round(import_cpu, 3),
            "rows_per_s": round(rows / import_s),
            "rows_per_cpu_s": round(rows / import_cpu),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "peak_validate": peak_memory(lambda: validate_file(chunk_factory(path), None)),
            "peak_read_csv": peak_memory(lambda: pd.read_csv(path)),
            "peak_import": peak_memory(lambda: _in_rollback(lambda: _import(small))),
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
