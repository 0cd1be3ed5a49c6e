"""The chain guard: plain connected components without it; chains split, true clusters kept."""

from __future__ import annotations

import numpy as np

from palermo.linkage.clustering import ChainGuard, cluster_pairs


def _groups(labels: np.ndarray) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for i, label in enumerate(labels):
        out.setdefault(int(label), set()).add(i)
    return {frozenset(g) for g in out.values()}


def test_without_guard_it_is_connected_components() -> None:
    left, right = np.array([0, 1, 3]), np.array([1, 2, 4])
    weight = np.array([10.0, 10.0, 1.0])  # the last pair is under the threshold
    out = cluster_pairs(6, left, right, weight, threshold_weight=4.0, review_weight=0.0)
    assert _groups(out.labels) == {
        frozenset({0, 1, 2}),
        frozenset({3}),
        frozenset({4}),
        frozenset({5}),
    }
    assert not out.cut.any()
    assert out.split == 0


def test_a_chain_is_split_at_its_weakest_links() -> None:
    # two true persons {0,1,2} and {3,4,5}, every pair inside scored high; one plausible link
    # 2-3 chains them. Inside the chain only 6 of 15 record pairs look alike: suspect.
    left, right, weight = [], [], []
    for group in ((0, 1, 2), (3, 4, 5)):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                left.append(a), right.append(b), weight.append(12.0)
    left.append(2), right.append(3), weight.append(5.0)
    out = cluster_pairs(
        6, np.array(left), np.array(right), np.array(weight), 4.0, 0.0, ChainGuard(check_from=4)
    )
    assert _groups(out.labels) == {frozenset({0, 1, 2}), frozenset({3, 4, 5})}
    assert out.cut.tolist() == [False] * 6 + [True]
    assert out.split == 1
    assert out.suspect_left == 0


def test_a_well_supported_cluster_is_kept() -> None:
    # four records of one person: links form a path, but every pair scored above review_low
    left = np.array([0, 1, 2, 0, 0, 1])
    right = np.array([1, 2, 3, 2, 3, 3])
    weight = np.array([9.0, 9.0, 9.0, 1.0, 1.0, 1.0])  # three links, three supporting pairs
    out = cluster_pairs(4, left, right, weight, 4.0, 0.0, ChainGuard())
    assert _groups(out.labels) == {frozenset({0, 1, 2, 3})}
    assert out.split == 0
    assert not out.cut.any()


def test_an_oversized_cluster_is_split_even_when_dense() -> None:
    n = 6
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    left = np.array([a for a, _ in pairs])
    right = np.array([b for _, b in pairs])
    weight = np.array([20.0 if b == a + 1 and a % 2 == 0 else 5.0 for a, b in pairs])
    out = cluster_pairs(n, left, right, weight, 4.0, 0.0, ChainGuard(max_size=2))
    assert _groups(out.labels) == {frozenset({0, 1}), frozenset({2, 3}), frozenset({4, 5})}
    assert out.suspect_left == 0


def test_a_chain_the_ladder_cannot_split_is_reported() -> None:
    left, right = np.array([0, 1, 2]), np.array([1, 2, 3])
    weight = np.array([50.0, 50.0, 50.0])  # all far above every step of the ladder
    out = cluster_pairs(4, left, right, weight, 4.0, 0.0, ChainGuard(check_from=4, steps=3))
    assert _groups(out.labels) == {frozenset({0, 1, 2, 3})}
    assert out.suspect_left == 1
