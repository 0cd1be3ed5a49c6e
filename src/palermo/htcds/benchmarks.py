"""`palermo bench` figures for the HTCDS engine: validating a large CSV against reading it.

The goal (issue 4) is validation of a 1,000,000-row HTCDS CSV in at most twice the time of
``pandas.read_csv`` on the same file, in bounded memory. Both are timed in the same run, in
alternating order, in wall and CPU seconds (the machine is shared: the load average is reported
too). Peak memory is measured in a separate untimed pass because tracing slows allocation: the
Python heap (tracemalloc, which numpy and pandas report to) and, separately, Arrow's memory pool
(Arrow buffers are not seen by tracemalloc), through a proxy pool set as the default for the pass.
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from palermo.bench import BenchResult, benchmark
from palermo.htcds.bulk import write_htcds_csv
from palermo.htcds.validation import DEFAULT_CHUNK, validate


def peak_memory(func: Callable[[], Any]) -> dict[str, float]:
    """Peak MB of one call: Python heap (tracemalloc) and Arrow's memory pool."""
    default = pa.default_memory_pool()
    proxy = pa.proxy_memory_pool(default)
    pa.set_memory_pool(proxy)
    tracemalloc.start()
    try:
        func()
        python = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        pa.set_memory_pool(default)
    return {"python_mb": round(python / 1e6, 1), "arrow_mb": round(proxy.max_memory() / 1e6, 1)}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _alternating(
    a: Callable[[], Any], b: Callable[[], Any], repeat: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds of ``a`` and ``b`` run turn about, so noise hits both alike."""
    runs: list[list[tuple[float, float]]] = [[], []]
    for _ in range(repeat):
        for func, times in ((a, runs[0]), (b, runs[1])):
            wall, cpu = time.perf_counter(), time.process_time()
            func()
            times.append((time.perf_counter() - wall, time.process_time() - cpu))
    mid = repeat // 2
    (wall_a, cpu_a), (wall_b, cpu_b) = (
        (sorted(w for w, _ in r)[mid], sorted(c for _, c in r)[mid]) for r in runs
    )
    return (wall_a, cpu_a), (wall_b, cpu_b)


@benchmark("htcds.validate_csv")
def validate_csv(quick: bool) -> BenchResult:
    rows = 100_000 if quick else 1_000_000
    repeat = 3
    with tempfile.TemporaryDirectory() as tmp:
        path = write_htcds_csv(Path(tmp) / "htcds.csv", rows, seed=4)
        report = validate(path)  # warm the catalogue and the page cache, and check the file
        before = load_average()
        (read_s, read_cpu), (validate_s, validate_cpu) = _alternating(
            lambda: pd.read_csv(path), lambda: validate(path), repeat
        )
        details = {
            "rows": rows,
            "columns": len(report.plan.columns),
            "file_mb": round(path.stat().st_size / 1e6, 1),
            "problems": len(report.problems),
            "chunksize": DEFAULT_CHUNK,
            "goal": "validation <= 2x read_csv",
            "ratio_validate_over_read": round(validate_s / read_s, 2),
            "read_cpu_s": round(read_cpu, 3),
            "validate_cpu_s": round(validate_cpu, 3),
            "ratio_validate_over_read_cpu": round(validate_cpu / read_cpu, 2),
            "load_average_before": before,
            "load_average_after": load_average(),
            "peak_validate": peak_memory(lambda: validate(path)),
            "peak_read_csv": peak_memory(lambda: pd.read_csv(path)),
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
