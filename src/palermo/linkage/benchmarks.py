"""`palermo bench` figures for linkage: our pipeline against a tutorial Splink set-up, same run.

The hard multi-agency set (`generate.generate_hard_set`) at 1,000,000 records (quick: 50,000) is
written once to parquet; each contender then runs in its own fresh process so that its peak
resident memory (DuckDB's included) is its own. Goal (issue 5): cluster F1 >= 0.90, <= 2 minutes,
<= 4 GB at 1M records.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty
from typing import Any

import pandas as pd

from palermo.bench import BenchResult, benchmark
from palermo.linkage.evaluate import cluster_scores
from palermo.linkage.generate import generate_hard_set


def _contender(kind: str, folder: str, queue: Any) -> None:
    records = pd.read_parquet(Path(folder) / "records.parquet")
    truth = pd.read_parquet(Path(folder) / "truth.parquet")
    if kind == "ours":
        from palermo.linkage.engine import link_records

        result = link_records(records)
        clusters, figures = result.clusters, dict(result.stats)
    else:
        from palermo.linkage.baseline import baseline_link

        clusters, figures = baseline_link(records)
    figures.update(cluster_scores(clusters, truth))
    queue.put({k: v for k, v in figures.items() if isinstance(v, int | float | str | dict)})


def _run(kind: str, folder: str, limit: float | None = None) -> dict[str, Any]:
    """One contender in a fresh process; one that dies or outlives ``limit`` seconds is reported."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_contender, args=(kind, folder, queue))
    start = time.monotonic()
    process.start()
    while True:
        try:
            result: dict[str, Any] = queue.get(timeout=5)
            break
        except Empty:
            if not process.is_alive():
                return {"f1": 0.0, "error": f"exited with code {process.exitcode}"}
            if limit is not None and time.monotonic() - start > limit:
                process.terminate()
                process.join()
                return {"f1": 0.0, "error": f"did not finish within {limit:.0f} s"}
    process.join()
    return result


# The tutorial set-up is not built for a million records: under its 8 GB cap it was still
# running after 20 minutes here (uncapped it passed 20 GB). It gets this long, then is reported
# as unfinished (F1 0, the error in the details) so that the bench always completes.
BASELINE_LIMIT_S = 900.0


@benchmark("linkage.hard_set")
def hard_set(quick: bool) -> BenchResult:
    n = 50_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory(prefix="palermo-linkbench-") as tmp:
        data = generate_hard_set(n, seed=11)
        data.records.to_parquet(Path(tmp) / "records.parquet")
        data.truth.to_parquet(Path(tmp) / "truth.parquet")
        ours = _run("ours", tmp)
        print(f"linkage.hard_set ours: {json.dumps(ours)}", file=sys.stderr, flush=True)
        base = _run("baseline", tmp, limit=None if quick else BASELINE_LIMIT_S)
        print(f"linkage.hard_set baseline: {json.dumps(base)}", file=sys.stderr, flush=True)
    return BenchResult(
        name="linkage.hard_set",
        figure=float(ours["f1"]),
        unit="cluster F1",
        baseline=float(base["f1"]),
        baseline_label="tutorial Splink 5 set-up",
        higher_is_better=True,
        details={
            "records": n,
            "ours": ours,
            "baseline": base,
            "goal": "cluster F1 >= 0.90, <= 120 s, <= 4096 MB at 1M records",
        },
    )
