"""Runs Splink on the standardised records: training, scoring, clustering, review band, alerts.

The steps and why (figures in docs/linkage.md): u by random sampling; m by EM on high-purity blocks
(a shared document or phone) so that same-name strangers cannot teach the model that names are
weak evidence; EM sessions that fail on a degenerate level (Splink raises when an m-probability
reaches 0) are skipped and the level's m kept from another block; clusters at a high threshold,
with an alert when a cluster grows past what six agencies could plausibly record of one person.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import resource
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from splink import DuckDBAPI, Linker
from splink.internals.exceptions import EMTrainingException, SplinkException

from palermo.linkage import settings as model
from palermo.linkage.clustering import ChainGuard, Clustering, cluster_pairs
from palermo.linkage.standardise import DERIVED, standardise

log = logging.getLogger(__name__)
Backend = Literal["duckdb", "spark"]


@dataclass
class LinkageOptions:
    """Knobs of one run; defaults are those measured in docs/linkage.md."""

    # pairs at or above it join a cluster; 0.9 rather than 0.95 since the chain guard polices
    # chains (cluster F1 at 50k / 200k / 1M: 0.953 / 0.938 / 0.910 against 0.949 / 0.937 / 0.906)
    threshold: float = 0.9
    review_low: float = 0.5  # pairs in [review_low, threshold) go to human review
    max_cluster_size: int = 12  # larger clusters raise an alert (six sources, some duplicates)
    # splits chained clusters (clustering.py); None = plain connected components
    chain_guard: ChainGuard | None = field(default_factory=ChainGuard)
    link_only: bool = False  # True when each source is known to hold no duplicates
    backend: Backend = "duckdb"
    spark: Any = None  # a SparkSession for backend="spark"
    # a supplementary blocking rule is used only while its join makes at most this many
    # comparisons (settings.SUPPLEMENTARY_RULES: all of them on FEBRL, none at 1M records)
    max_rule_pairs: int = 500_000
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


def _train(
    linker: Linker, table: pd.DataFrame, options: LinkageOptions, repair_each: bool = False
) -> tuple[list[str], bool]:
    """u by sampling, then EM on pure blocks until every comparison has an m.

    Returns the notes and whether an EM session failed on a degenerate value (not merely an
    empty block): each session starts from the model the previous one left, a level it never saw
    has no m, and EM can then drive an m to exactly 0 or the prior to 0 or 1; Splink 5.0.0 raises
    on such values or fails in SQL on the infinite weights they make (seen at 200k records of
    the hard set). The caller then trains a fresh model with ``repair_each``: every m floored
    and the counted prior restored before each session.
    """
    linker.training.estimate_u_using_random_sampling(
        max_pairs=options.u_max_pairs, seed=options.seed
    )
    prior = _prior(table)
    notes, failed = _em_pass(linker, prior, repair_each)
    # set after EM: each session replaces the core model settings, prior included
    linker._settings_obj._probability_two_random_records_match = prior
    _guard_probabilities(linker)
    return notes, failed


_EM_ERRORS = (ValueError, ZeroDivisionError, EMTrainingException, SplinkException)


def _em_pass(linker: Linker, prior: float, repair_each: bool) -> tuple[list[str], bool]:
    """EM on the training blocks in order; the notes, and whether a session failed (not empty)."""
    notes: list[str] = []
    failed = False
    trained: set[str] = set()
    names = [c.output_column_name for c in linker._settings_obj.comparisons]
    for rule in model.TRAINING_RULES:
        if trained >= set(names):
            break
        if repair_each:
            linker._settings_obj._probability_two_random_records_match = prior
            _guard_probabilities(linker)
        try:
            session = linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        except _EM_ERRORS as exc:
            message = str(exc).splitlines()[0][:160]
            failed |= "resulted in no record pairs" not in message
            notes.append(f"EM on {rule!r} skipped: {message}")
            continue
        fixed = {c.output_column_name for c in session._comparisons_that_cannot_be_estimated}
        trained |= set(names) - fixed
    untrained = sorted(set(names) - trained)
    if untrained:
        notes.append(f"no EM block could train {untrained}: their m are Splink's defaults")
    return notes, failed


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


def blocking_rules(table: pd.DataFrame, max_rule_pairs: float) -> tuple[tuple[str, ...], list[str]]:
    """The core rules plus each supplementary rule whose comparisons fit the budget.

    A rule's comparisons are counted from the sizes of its key groups (sum of k(k-1)/2), before
    any join, on an in-memory DuckDB view of the table. Returns the rules and the skipped ones.
    """
    import duckdb

    rules = list(model.BLOCKING_RULES)
    skipped: list[str] = []
    con = duckdb.connect()
    con.register("t", table[[c for c in DERIVED if c in table.columns]])
    for keys in model.SUPPLEMENTARY_RULES:
        exprs = [k.format(t="t") for k in keys]
        present = " and ".join(f"{e} is not null" for e in exprs)
        row = con.execute(
            f"select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) n from t "  # noqa: S608
            f"where {present} group by {', '.join(exprs)})"
        ).fetchone()
        cost = float(row[0]) if row else 0.0
        (rules if cost <= max_rule_pairs else skipped).append(model.key_rule(keys))
    con.close()
    return tuple(rules), skipped


def run_splink(table: pd.DataFrame, options: LinkageOptions) -> LinkageResult:
    """Train, score and cluster a standardised table (see `standardise.standardise`)."""
    start = time.perf_counter()
    phases: dict[str, float] = {}

    last = start

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        phases[name] = round(now - last, 2)
        last = now

    with tempfile.TemporaryDirectory(prefix="palermo-link-") as tmp:
        db_api = _db_api(options, len(table), tmp)
        rules, skipped = blocking_rules(table, options.max_rule_pairs)
        records = _register(db_api, table, options)

        def new_linker() -> Linker:
            settings = model.settings(link_only=options.link_only, rules=rules)
            return Linker(records, settings, log_level=logging.ERROR)

        linker = new_linker()
        notes, failed = _train(linker, table, options)
        if failed:
            linker = new_linker()
            first = "; ".join(notes)
            notes, _ = _train(linker, table, options, repair_each=True)
            notes.insert(0, f"EM retrained from a repaired start after: {first}")
        if skipped:
            notes.append(
                f"{len(skipped)} supplementary blocking rule(s) skipped as too costly at this "
                f"size (over {options.max_rule_pairs:,} comparisons each): " + "; ".join(skipped)
            )
        lap("train")
        blocked = linker.inference.compute_blocked_pairs_for_predict()
        pairs_scored = _count(blocked, options.backend)
        linker.table_management.register_blocked_pairs_for_predict(blocked)
        lap("block")
        scored = linker.inference.predict(threshold_match_probability=options.review_low)
        lap("score")
        pairs = scored.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        model_json = linker.misc.save_model_to_json()
        lap("collect")
    clusters, cut, outcome = _cluster(table, pairs, options)
    lap("cluster")
    pairs = pairs[
        ["record_id_l", "source_l", "record_id_r", "source_r", "match_weight", "match_probability"]
    ].reset_index(drop=True)
    review = pairs[(pairs["match_probability"] < options.threshold) | cut].reset_index(drop=True)
    sizes = clusters["cluster_id"].value_counts()
    largest = int(sizes.iloc[0]) if len(sizes) else 0
    alerts = list(notes)
    if outcome.split:
        alerts.append(
            f"{outcome.split} chained cluster(s) split by the chain guard; "
            f"{int(cut.sum())} link(s) they held went to review"
        )
    if largest > options.max_cluster_size or outcome.suspect_left:
        oversized = int((sizes > options.max_cluster_size).sum())
        alerts.append(
            f"{oversized} cluster(s) larger than {options.max_cluster_size} records (largest "
            f"{largest}), {outcome.suspect_left} chained cluster(s) left: review them or raise "
            "the threshold"
        )
    stats = {
        "records": len(table),
        "clusters": int(sizes.shape[0]),
        "pairs_scored": pairs_scored,
        "pairs_above_review": len(pairs),
        "review_pairs": len(review),
        "largest_cluster": largest,
        "chains_split": outcome.split,
        "links_cut": int(cut.sum()),
        "threshold": options.threshold,
        "review_low": options.review_low,
        "backend": options.backend,
        "seconds": round(time.perf_counter() - start, 2),
        "phases": phases,
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }
    return LinkageResult(pairs, clusters, review, stats, alerts, model_json)


def _weight(probability: float) -> float:
    """Splink's match weight (log2 odds, prior included) of a match probability."""
    probability = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log2(probability / (1 - probability))


def _cluster(
    table: pd.DataFrame, pairs: pd.DataFrame, options: LinkageOptions
) -> tuple[pd.DataFrame, pd.Series, Clustering]:
    """Clusters of every record (cluster_id = its smallest unique_id) and the links cut."""
    index = pd.Index(table["unique_id"])
    left = index.get_indexer(pairs["unique_id_l"])
    right = index.get_indexer(pairs["unique_id_r"])
    outcome = cluster_pairs(
        len(index),
        left,
        right,
        pairs["match_weight"].to_numpy(dtype=float),
        _weight(options.threshold),
        _weight(options.review_low),
        options.chain_guard
        and dataclasses.replace(options.chain_guard, max_size=options.max_cluster_size),
    )
    # each cluster is named by its smallest unique_id: the smallest rank in sorted order
    names = index.to_numpy()
    order = np.argsort(names.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    head = np.full(int(outcome.labels.max()) + 1 if len(order) else 0, len(order), dtype=np.int64)
    np.minimum.at(head, outcome.labels, rank)
    clusters = pd.DataFrame(
        {
            "record_id": table["record_id"].to_numpy(),
            "source": table["source"].to_numpy(),
            "cluster_id": names[order[head[outcome.labels]]],
        }
    )
    labels = outcome.labels
    cut = pd.Series(outcome.cut & (labels[left] != labels[right]), index=pairs.index)
    return clusters, cut, outcome


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
    standardised = round(time.perf_counter() - start, 2)
    result = run_splink(table, options)
    result.stats["phases"] = {"standardise": standardised, **result.stats.get("phases", {})}
    result.stats["seconds"] = round(time.perf_counter() - start, 2)
    return result
