"""Quality measures against ground truth: pairwise and cluster precision/recall/F1, blocking recall.

Cluster F1 is the pairwise F1 of the pairs that clusters imply (two records in one cluster = a
predicted match), the usual measure for entity resolution (Christen 2012, ch. 7); it is computed
from cluster sizes, never by listing pairs, so it scales to millions of records.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

__all__ = ["blocking_recall", "cluster_scores", "pair_scores", "true_pairs"]


def _prf(tp: float, predicted: float, actual: float) -> dict[str, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5)}


def _pairs_in(sizes: pd.Series) -> float:
    return float((sizes * (sizes - 1) / 2).sum())


def cluster_scores(clusters: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """Pairwise scores implied by ``clusters`` (key columns + cluster_id) vs ``truth`` (+ person_id)."""
    keys = [k for k in ("record_id", "source") if k in clusters.columns and k in truth.columns]
    both = truth.merge(clusters, on=keys, how="left")
    missing = both["cluster_id"].isna()
    if missing.any():  # a record without a cluster is a cluster of its own
        own = both.loc[missing, keys[0]].astype(str)
        for key in keys[1:]:
            own = own + "::" + both.loc[missing, key].astype(str)
        both.loc[missing, "cluster_id"] = own
    tp = _pairs_in(both.groupby(["cluster_id", "person_id"]).size())
    scores = _prf(
        tp,
        _pairs_in(both.groupby("cluster_id").size()),
        _pairs_in(both.groupby("person_id").size()),
    )
    scores["true_pairs"] = _pairs_in(both.groupby("person_id").size())
    return scores


def true_pairs(truth: pd.DataFrame) -> pd.DataFrame:
    """Every pair of records of one person: unique_id_l < unique_id_r (unique_id = source::record_id)."""
    uid = truth["source"].astype(str) + "::" + truth["record_id"].astype(str)
    frame = pd.DataFrame({"uid": uid, "person_id": truth["person_id"].to_numpy()})
    pairs = frame.merge(frame, on="person_id", suffixes=("_l", "_r"))
    pairs = pairs[pairs["uid_l"] < pairs["uid_r"]]
    return pairs.rename(columns={"uid_l": "unique_id_l", "uid_r": "unique_id_r"})[
        ["unique_id_l", "unique_id_r"]
    ].reset_index(drop=True)


def pair_scores(
    pairs: pd.DataFrame, truth_pairs: pd.DataFrame, threshold: float
) -> dict[str, float]:
    """Pairwise scores of scored ``pairs`` (source/record_id _l/_r, match_probability) >= threshold."""
    kept = pairs[pairs["match_probability"] >= threshold]
    left = kept["source_l"].astype(str) + "::" + kept["record_id_l"].astype(str)
    right = kept["source_r"].astype(str) + "::" + kept["record_id_r"].astype(str)
    predicted = {(a, b) if a < b else (b, a) for a, b in zip(left, right, strict=True)}
    actual = set(zip(truth_pairs["unique_id_l"], truth_pairs["unique_id_r"], strict=True))
    return _prf(len(predicted & actual), len(predicted), len(actual))


def blocking_recall(
    table: pd.DataFrame, truth_pairs: pd.DataFrame, rules: tuple[str, ...] | list[str]
) -> dict[str, Any]:
    """Share of true pairs that at least one blocking rule compares, and each rule's own share.

    Evaluated with the rules' own SQL on DuckDB (``l``/``r`` aliases, nulls never equal), so the
    figure is what Splink will compare, without generating the comparisons.
    """
    con = duckdb.connect()
    con.register("std", table)
    con.register("tp", truth_pairs)
    flags = ", ".join(f"coalesce(({rule}), false) as r{i}" for i, rule in enumerate(rules))
    con.execute(
        f"create table hits as select {flags} from tp "  # noqa: S608 (rules are our own SQL)
        "join std l on l.unique_id = tp.unique_id_l join std r on r.unique_id = tp.unique_id_r"
    )
    total = len(truth_pairs)
    any_rule = " or ".join(f"r{i}" for i in range(len(rules)))
    row = con.execute(
        f"select count(*) filter (where {any_rule}), "  # noqa: S608
        + ", ".join(f"count(*) filter (where r{i})" for i in range(len(rules)))
        + " from hits"
    ).fetchone()
    con.close()
    assert row is not None
    return {
        "true_pairs": total,
        "recall": round(row[0] / total, 5) if total else 1.0,
        "by_rule": {
            rule: round(row[i + 1] / total, 5) if total else 1.0 for i, rule in enumerate(rules)
        },
    }
