"""`palermo bench` figures for the HTCDS engine: validating a large CSV against reading it.

The goal (issue 4) is validation of a 1,000,000-row HTCDS CSV in at most twice the time of
``pandas.read_csv`` on the same file, in bounded memory. Both are timed in the same run, in
alternating order; peak Python-heap memory (tracemalloc, which numpy and pandas report to) is
measured in a separate untimed pass because tracing slows allocation.
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from palermo.bench import BenchResult, benchmark
from palermo.htcds.bulk import write_htcds_csv
from palermo.htcds.validation import DEFAULT_CHUNK, validate


def _peak_mb(func: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _alternating(a: Callable[[], Any], b: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median times of ``a`` and ``b`` run turn about, so machine noise hits both alike."""
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(repeat):
        for func, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    return sorted(times_a)[len(times_a) // 2], sorted(times_b)[len(times_b) // 2]


@benchmark("htcds.validate_csv")
def validate_csv(quick: bool) -> BenchResult:
    rows = 100_000 if quick else 1_000_000
    repeat = 3
    with tempfile.TemporaryDirectory() as tmp:
        path = write_htcds_csv(Path(tmp) / "htcds.csv", rows, seed=4)
        report = validate(path)  # warm the catalogue and the page cache, and check the file
        read_s, validate_s = _alternating(lambda: pd.read_csv(path), lambda: validate(path), repeat)
        details = {
            "rows": rows,
            "columns": len(report.plan.columns),
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "problems": len(report.problems),
            "chunksize": DEFAULT_CHUNK,
            "goal": "validation <= 2x read_csv",
            "ratio_validate_over_read": round(validate_s / read_s, 2),
            "peak_mb_validate": round(_peak_mb(lambda: validate(path)), 1),
            "peak_mb_read_csv": round(_peak_mb(lambda: pd.read_csv(path)), 1),
            "repeat": repeat,
        }
    return BenchResult(
        name="htcds.validate_csv",
        figure=round(validate_s, 3),
        unit="s",
        baseline=round(read_s, 3),
        baseline_label="pandas.read_csv of the same file",
        details=details,
    )
