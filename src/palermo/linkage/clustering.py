"""Clusters from scored pairs: connected components, then a guard that splits chained clusters.

Connected components at a threshold join two strangers as soon as one wrong link (or a chain of
plausible ones: A looks like B, B like C) connects them, and at a million records the clusters
that chaining builds hold most of the false matches (docs/linkage.md has the figures). A cluster
whose records were *not* scored as alike among themselves is the signature of a chain: in a true
person's cluster most pairs of records look alike, in a chain the ends do not. We measure that as
the cluster's *support*, the share of its record pairs that scored at least `review_low` (the
same idea as Splink's cluster "density" quality metric, computed here over all scored pairs rather
than the links alone; Hassanzadeh et al. 2009, "Framework for evaluating clustering algorithms in
duplicate detection", PVLDB 2(1), compare partitioning rules of this kind).

A cluster is *suspect* when it has more than `max_size` records, or at least `check_from` records
and a support under `min_support`. Suspect clusters are re-clustered on their own links at
stricter match weights, one step at a time, until no part of them is suspect or the ladder ends.
Links cut on the way are returned, so that the caller can send them to human review.

Pure numpy/scipy: no Django, no Splink; works on integer record codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["ChainGuard", "Clustering", "cluster_pairs"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ChainGuard:
    """When a cluster is suspect, and how far to tighten its links (match weights, log2 odds)."""

    max_size: int = 12  # more records than six agencies could plausibly hold of one person
    check_from: int = 4  # clusters of 2-3 records are not checked for support
    min_support: float = 0.6  # share of a cluster's record pairs scored >= review_low
    weight_step: float = 2.0  # each step demands 4 times the odds of the previous one
    steps: int = 8


@dataclass
class Clustering:
    labels: IntArray  # a cluster number per record code (0..n_records-1)
    cut: BoolArray  # per input pair: a link at or above the threshold cut by the guard
    suspect_left: int  # suspect clusters the ladder could not split
    split: int  # suspect clusters split


def _components(n: int, left: IntArray, right: IntArray, nodes: IntArray | None = None) -> IntArray:
    """Component label per record; when ``nodes`` is given, only those records are relabelled."""
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, found = connected_components(graph, directed=False)
    labels: IntArray = np.asarray(found, dtype=np.int64)
    return labels if nodes is None else labels[nodes]


def _suspects(
    labels: IntArray, sup_l: IntArray, sup_r: IntArray, guard: ChainGuard
) -> npt.NDArray[np.bool_]:
    """Per cluster label: is it suspect (too large, or too little support among its records)?"""
    size = np.bincount(labels)
    inside = labels[sup_l] == labels[sup_r]
    support = np.bincount(labels[sup_l][inside], minlength=len(size)).astype(np.float64)
    possible = size * (size - 1) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(possible > 0, support / possible, 1.0)
    return (size > guard.max_size) | ((size >= guard.check_from) & (share < guard.min_support))


def cluster_pairs(
    n_records: int,
    left: IntArray,
    right: IntArray,
    weight: FloatArray,
    threshold_weight: float,
    review_weight: float,
    guard: ChainGuard | None = None,
) -> Clustering:
    """Cluster records 0..n_records-1 from scored pairs (codes ``left``/``right``, ``weight``).

    Links are the pairs with ``weight >= threshold_weight``; support counts pairs with
    ``weight >= review_weight``. Without a guard this is plain connected components.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    link = weight >= threshold_weight
    labels = _components(n_records, left[link], right[link])
    cut = np.zeros(len(left), dtype=bool)
    if guard is None:
        return Clustering(labels, cut, 0, 0)
    sup = weight >= review_weight
    sup_l, sup_r = left[sup], right[sup]
    suspect = _suspects(labels, sup_l, sup_r, guard)
    split = int(suspect.sum())
    for step in range(1, guard.steps + 1):
        if not suspect.any():
            break
        in_suspect = suspect[labels]  # per record
        nodes = np.flatnonzero(in_suspect)
        mine = in_suspect[left] & (labels[left] == labels[right]) & link
        keep = mine & (weight >= threshold_weight + step * guard.weight_step)
        cut |= mine & ~keep
        link &= ~(mine & ~keep)
        # relabel only the suspect records, on the links they keep, after every existing label
        sub = _components(n_records, left[keep], right[keep], nodes)
        _, sub = np.unique(sub, return_inverse=True)
        labels = labels.copy()
        labels[nodes] = labels.max() + 1 + sub
        _, labels = np.unique(labels, return_inverse=True)
        labels = labels.astype(np.int64)
        suspect = _suspects(labels, sup_l, sup_r, guard)
    left_over = int(suspect.sum())
    return Clustering(labels, cut, left_over, split - left_over if split >= left_over else 0)
