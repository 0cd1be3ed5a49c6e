"""Linking Bloom-filter encodings into persons: the platform side of privacy-preserving linkage.

Takes what `palermo link encode` produced at each agency (stacked), scores candidate pairs by
Dice (`bloom.link_encoded`), keeps one partner per record and source when the sources hold no
duplicates, and clusters by connected components. Its result has the clear-text engine's shape,
so capture histories and the MSE table come out the same way.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from palermo.linkage.bloom import link_encoded, one_to_one
from palermo.linkage.engine import LinkageResult, peak_memory_mb

# measured on FEBRL4 without address fields (docs/linkage.md): best F1 near these
THRESHOLD_LINK_ONLY = 0.3
THRESHOLD_DEDUPE = 0.45


def clusters_from_pairs(records: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """record_id, source, cluster_id: connected components of ``pairs`` (ids _l/_r)."""
    keys = records["source"].astype(str) + "::" + records["record_id"].astype(str)
    index = pd.Series(np.arange(len(keys)), index=keys.to_numpy())
    left = index[
        (pairs["source_l"].astype(str) + "::" + pairs["record_id_l"].astype(str)).to_numpy()
    ]
    right = index[
        (pairs["source_r"].astype(str) + "::" + pairs["record_id_r"].astype(str)).to_numpy()
    ]
    n = len(keys)
    graph = coo_matrix((np.ones(len(left)), (left.to_numpy(), right.to_numpy())), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    first = pd.Series(keys.to_numpy()).groupby(labels).transform("min")  # stable: smallest member
    return pd.DataFrame(
        {
            "record_id": records["record_id"].astype(str).to_numpy(),
            "source": records["source"].astype(str).to_numpy(),
            "cluster_id": first.to_numpy(),
        }
    )


def link_encodings(
    encoded: pd.DataFrame,
    link_only: bool = False,
    threshold: float | None = None,
    review_low: float | None = None,
) -> LinkageResult:
    """Pairs, clusters and review band from stacked encodings (record_id, source, bf_*, blocks)."""
    start = time.perf_counter()
    if threshold is None:
        threshold = THRESHOLD_LINK_ONLY if link_only else THRESHOLD_DEDUPE
    review_low = threshold - 0.1 if review_low is None else review_low
    linked = link_encoded(encoded, link_only=link_only)
    pairs = linked.pairs[linked.pairs["score"] >= review_low]
    if link_only:
        pairs = one_to_one(pairs)
    pairs = pairs.rename(columns={"score": "match_probability"}).reset_index(drop=True)
    matched = pairs[pairs["match_probability"] >= threshold]
    clusters = clusters_from_pairs(encoded, matched)
    sizes = clusters["cluster_id"].value_counts()
    stats = {
        "records": len(encoded),
        "clusters": len(sizes),
        "pairs_scored": linked.candidates,
        "pairs_above_review": len(pairs),
        "largest_cluster": int(sizes.iloc[0]) if len(sizes) else 0,
        "threshold": threshold,
        "review_low": review_low,
        "backend": "bloom",
        "seconds": round(time.perf_counter() - start, 2),
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }
    review = pairs[pairs["match_probability"] < threshold].reset_index(drop=True)
    return LinkageResult(pairs, clusters, review, stats)
