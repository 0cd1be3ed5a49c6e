"""Persons from scored pairs under reviewers' decisions: must-link and cannot-link constraints.

The engine's clusters are connected components of the pairs at or above the threshold. Reviewers'
decisions are applied on top, as constraints (Wagstaff et al. 2001, "Constrained K-means
clustering with background knowledge", ICML, for must-link / cannot-link): accepted pairs are
merged first, then pairs are merged strongest first, and a merge is refused when it would put a
rejected pair in one person. Without rejections this gives exactly the connected components.
When decisions contradict each other (A=B and B=C accepted, A!=C rejected), rejection wins and
an alert names the accepted pair left unmerged: a false merge hides a person from the count,
which is worse for estimation than a missed one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Pair(NamedTuple):
    left: int  # case pk, the smaller of the two
    right: int
    probability: float
    weight: float | None = None


@dataclass
class Persons:
    person_of: dict[int, int]  # case pk -> pk of the case that names the person
    persons: int
    alerts: list[str] = field(default_factory=list)


class _Sets:
    """Union-find with, per root, the roots it may never join (cannot-link)."""

    def __init__(self, items: list[int]) -> None:
        self.parent = {i: i for i in items}
        self.apart: dict[int, set[int]] = {i: set() for i in items}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:  # path compression
            self.parent[i], i = root, self.parent[i]
        return root

    def forbid(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        self.apart[ra].add(rb)
        self.apart[rb].add(ra)

    def union(self, a: int, b: int) -> bool:
        """Merge; False when a cannot-link forbids it (or they are already one)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if rb in self.apart[ra]:
            return False
        if len(self.apart[ra]) < len(self.apart[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        for other in self.apart.pop(rb):
            self.apart[other].discard(rb)
            self.apart[other].add(ra)
            self.apart[ra].add(other)
        return True


def persons_from_pairs(
    label: dict[int, str],
    pairs: list[Pair],
    threshold: float,
    accepted: set[tuple[int, int]],
    rejected: set[tuple[int, int]],
) -> Persons:
    """Cluster the cases of ``label`` (pk -> "source::pid", the engine's cluster-id key).

    Each person is named by its case with the smallest label, as the engine names clusters,
    so a person keeps its id across reruns while its cluster keeps that record.
    """
    sets = _Sets(sorted(label))
    alerts: list[str] = []
    for a, b in sorted(rejected):
        if a in label and b in label:
            sets.forbid(a, b)
    for a, b in sorted(accepted):
        if a in label and b in label and not sets.union(a, b):
            alerts.append(
                f"accepted pair {label[a]} / {label[b]} left apart: it would join a rejected pair"
            )
    strong = sorted(
        (p for p in pairs if p.probability >= threshold),
        key=lambda p: (-p.probability, p.left, p.right),
    )
    for p in strong:
        if p.left in label and p.right in label:
            sets.union(p.left, p.right)
    head: dict[int, int] = {}
    for pk in label:
        root = sets.find(pk)
        if root not in head or label[pk] < label[head[root]]:
            head[root] = pk
    person_of = {pk: head[sets.find(pk)] for pk in label}
    return Persons(person_of, len(head), alerts)
