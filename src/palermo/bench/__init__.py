"""The benchmark harness behind `palermo bench`: figures always beside a baseline from the same run.

These machines are shared and noisy, so no benchmark reports a bare time: each measures its subject
and a baseline in the same process, one after the other, and reports both and their ratio. Apps and
engines add benchmarks in a ``benchmarks.py`` module (``palermo.<app>.benchmarks``) with the
``@benchmark`` decorator; `palermo bench` imports those modules and runs what registered.

This module is pure: no Django import, so engine benchmarks run from a notebook too.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["BenchResult", "benchmark", "registry", "run_all", "timed"]


@dataclass
class BenchResult:
    """One benchmark's figure and the baseline it is compared with, measured in the same run."""

    name: str
    figure: float
    unit: str
    baseline: float
    baseline_label: str
    higher_is_better: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """How many times better than the baseline (>1 is better), whatever the unit's direction."""
        if not self.figure or not self.baseline:
            return None
        return self.figure / self.baseline if self.higher_is_better else self.baseline / self.figure

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        return data


BenchFunc = Callable[[bool], BenchResult]
_REGISTRY: dict[str, BenchFunc] = {}


def benchmark(name: str) -> Callable[[BenchFunc], BenchFunc]:
    """Register ``func(quick: bool) -> BenchResult`` under ``name`` (unique)."""

    def decorate(func: BenchFunc) -> BenchFunc:
        if name in _REGISTRY and _REGISTRY[name] is not func:
            raise ValueError(f"benchmark {name!r} registered twice")
        _REGISTRY[name] = func
        return func

    return decorate


def registry() -> dict[str, BenchFunc]:
    return dict(_REGISTRY)


def timed(func: Callable[[], Any], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_all(
    quick: bool = False,
    only: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[BenchResult]:
    results = []
    for name, func in sorted(_REGISTRY.items()):
        if only and not any(part in name for part in only):
            continue
        if progress:
            progress(name)
        results.append(func(quick))
    return results
