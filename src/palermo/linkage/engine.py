"""Runs Splink on the standardised records: training, scoring, clustering, review band, alerts.

The steps and why (figures in docs/linkage.md): u by random sampling; m by EM on high-purity blocks
(a shared document or phone) so that same-name strangers cannot teach the model that names are
weak evidence; EM sessions that fail on a degenerate level (Splink raises when an m-probability
reaches 0) are skipped and the level's m kept from another block; clusters at a high threshold,
with an alert when a cluster grows past what six agencies could plausibly record of one person.
"""

from __future__ import annotations

import logging
import math
import resource
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from splink import DuckDBAPI, Linker
from splink.internals.exceptions import EMTrainingException

from palermo.linkage import settings as model
from palermo.linkage.standardise import DERIVED, standardise

log = logging.getLogger(__name__)
Backend = Literal["duckdb", "spark"]


@dataclass
class LinkageOptions:
    """Knobs of one run; defaults are those measured in docs/linkage.md."""

    threshold: float = 0.95  # pairs at or above it join a cluster
    review_low: float = 0.5  # pairs in [review_low, threshold) go to human review
    max_cluster_size: int = 12  # larger clusters raise an alert (six sources, some duplicates)
    link_only: bool = False  # True when each source is known to hold no duplicates
    backend: Backend = "duckdb"
    spark: Any = None  # a SparkSession for backend="spark"
    memory_limit: str = "3GB"  # DuckDB's own cap; it spills to disk beyond it
    parquet_above: int = 200_000  # records past which DuckDB materialises to parquet files
    u_max_pairs: float = 2e6
    seed: int = 1


@dataclass
class LinkageResult:
    """Pairs (scored, >= review_low), clusters (one person id each), review band, run figures."""

    pairs: (
        pd.DataFrame
    )  # record_id_l, source_l, record_id_r, source_r, match_weight, match_probability
    clusters: pd.DataFrame  # record_id, source, cluster_id
    review: pd.DataFrame  # pairs with review_low <= match_probability < threshold
    stats: dict[str, Any] = field(default_factory=dict)
    alerts: list[str] = field(default_factory=list)
    model_json: dict[str, Any] = field(default_factory=dict)


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def local_spark(cores: int = 2) -> Any:
    """A local-mode SparkSession with Splink's similarity functions (its bundled jar) loaded."""
    import os
    import sys

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .getOrCreate()
    )


def _db_api(options: LinkageOptions, n: int, tmp: str) -> Any:
    if options.backend == "spark":
        from splink import SparkAPI

        if options.spark is None:
            raise ValueError("backend='spark' needs a SparkSession in options.spark")
        # Splink breaks Spark lineage with checkpoints, which need a directory
        options.spark.sparkContext.setCheckpointDir(f"{tmp}/spark-checkpoints")
        return SparkAPI(spark_session=options.spark)  # type: ignore[no-untyped-call]
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{options.memory_limit}'")
    con.execute(f"SET temp_directory = '{tmp}/duck'")
    con.execute("SET preserve_insertion_order = false")
    if n > options.parquet_above:
        return DuckDBAPI(con, materialisation="parquet", materialisation_dir=f"{tmp}/parquet")
    return DuckDBAPI(con)


def _register(db_api: Any, table: pd.DataFrame, options: LinkageOptions) -> Any:
    columns = ["unique_id", "record_id", "source", *DERIVED]
    table = table[columns]
    if options.backend == "spark":
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField(c, StringType(), True) for c in columns])
        rows = table.astype(object).where(table.notna(), None).values.tolist()
        return db_api.register(options.spark.createDataFrame(rows, schema), table_name="records")
    return db_api.register(table, table_name="records")


def _train(linker: Linker, table: pd.DataFrame, options: LinkageOptions) -> list[str]:
    """u by sampling, then EM on pure blocks until every comparison has an m; returns notes."""
    notes: list[str] = []
    linker.training.estimate_u_using_random_sampling(
        max_pairs=options.u_max_pairs, seed=options.seed
    )
    trained: set[str] = set()
    names = [c.output_column_name for c in linker._settings_obj.comparisons]
    for rule in model.TRAINING_RULES:
        if trained >= set(names):
            break
        try:
            session = linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        except (ValueError, ZeroDivisionError, EMTrainingException) as exc:  # degenerate or empty
            notes.append(f"EM on {rule!r} skipped: {str(exc).splitlines()[0][:160]}")
            continue
        fixed = {c.output_column_name for c in session._comparisons_that_cannot_be_estimated}
        trained |= set(names) - fixed
    untrained = sorted(set(names) - trained)
    if untrained:
        notes.append(f"no EM block could train {untrained}: their m are Splink's defaults")
    # set after EM: each session replaces the core model settings, prior included
    linker._settings_obj._probability_two_random_records_match = _prior(table)
    _guard_probabilities(linker)
    return notes


M_FLOOR = 0.002


def _prior(table: pd.DataFrame, recall: float = 0.6) -> float:
    """Share of matches among all pairs, from pairs that agree on strict keys (assumed to find 60%).

    Splink's own estimator counted null = null agreements on sparse columns here (0.99 on FEBRL4),
    so the count is done directly: pairs in groups of equal document, or equal names and full date.
    """

    def pairs_in(columns: list[str]) -> float:
        sizes = table.dropna(subset=columns).groupby(columns).size()
        return float((sizes * (sizes - 1) / 2).sum())

    found = max(pairs_in(["document_number"]), pairs_in(["given", "family", "dob"]), 1.0)
    total = max(len(table) * (len(table) - 1) / 2, 1.0)
    return min(max(found / recall / total, 1e-9), 0.5)


def _guard_probabilities(linker: Linker) -> None:
    """Floor every m (then renormalise) and keep u inside (0, 1).

    A level never seen in the training block gets m = 1e-6 from Splink, which turns a rare but
    innocent level (day and month transposed) into proof against a match; EM can also drive an m
    to exactly 0, on which Splink 5.0.0 raises. A small floor keeps such levels neutral-ish.
    """
    for comparison in linker._settings_obj.comparisons:
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        ms = []
        for level in levels:
            unseen = isinstance(level._m_probability, str)  # Splink's "level not observed"
            value = None if unseen else level.m_probability
            ms.append(M_FLOOR if value is None or not math.isfinite(value) else max(value, M_FLOOR))
        total = sum(ms)
        for level, m in zip(levels, ms, strict=True):
            level.m_probability = m / total
            u = level.u_probability
            if u is not None and math.isfinite(u):
                level.u_probability = min(max(u, 1e-7), 1 - 1e-7)


def run_splink(table: pd.DataFrame, options: LinkageOptions) -> LinkageResult:
    """Train, score and cluster a standardised table (see `standardise.standardise`)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="palermo-link-") as tmp:
        db_api = _db_api(options, len(table), tmp)
        linker = Linker(
            _register(db_api, table, options),
            model.settings(link_only=options.link_only),
            log_level=logging.ERROR,
        )
        notes = _train(linker, table, options)
        blocked = linker.inference.compute_blocked_pairs_for_predict()
        pairs_scored = _count(blocked, options.backend)
        linker.table_management.register_blocked_pairs_for_predict(blocked)
        scored = linker.inference.predict(threshold_match_probability=options.review_low)
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            scored, threshold_match_probability=options.threshold
        )
        pairs = scored.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        clustered_frame = clustered.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        clusters = clustered_frame[["record_id", "source", "cluster_id"]]
        model_json = linker.misc.save_model_to_json()
    pairs = pairs[
        ["record_id_l", "source_l", "record_id_r", "source_r", "match_weight", "match_probability"]
    ].reset_index(drop=True)
    review = pairs[pairs["match_probability"] < options.threshold].reset_index(drop=True)
    sizes = clusters["cluster_id"].value_counts()
    largest = int(sizes.iloc[0]) if len(sizes) else 0
    alerts = list(notes)
    if largest > options.max_cluster_size:
        oversized = int((sizes > options.max_cluster_size).sum())
        alerts.append(
            f"{oversized} cluster(s) larger than {options.max_cluster_size} records (largest "
            f"{largest}): chained matches; review them or raise the threshold"
        )
    stats = {
        "records": len(table),
        "clusters": int(sizes.shape[0]),
        "pairs_scored": pairs_scored,
        "pairs_above_review": len(pairs),
        "review_pairs": len(review),
        "largest_cluster": largest,
        "threshold": options.threshold,
        "review_low": options.review_low,
        "backend": options.backend,
        "seconds": round(time.perf_counter() - start, 2),
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }
    return LinkageResult(pairs, clusters, review, stats, alerts, model_json)


def _count(frame: Any, backend: Backend) -> int:
    if backend == "spark":
        return int(frame.as_spark_dataframe().count())
    rows = frame.as_duckdbpyrelation().count("*").fetchall()
    return int(rows[0][0])


def link_records(records: pd.DataFrame, options: LinkageOptions | None = None) -> LinkageResult:
    """Standardise then link person records (columns as in `standardise.FIELDS`)."""
    options = options or LinkageOptions()
    start = time.perf_counter()
    table = standardise(records)
    result = run_splink(table, options)
    result.stats["seconds"] = round(time.perf_counter() - start, 2)
    return result
