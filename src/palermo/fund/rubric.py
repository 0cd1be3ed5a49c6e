"""Scoring rubrics as data: validate a call's rubric and turn a reviewer's scores into a total.

A rubric is a list of criteria ``{"key": "relevance", "label": "...", "max": 5, "weight": 2}``. The
total is the weighted share of the maximum, on 0-100, so calls with different rubrics compare.
Like CiviCRM's funding framework, where the review form comes from the funding case type's
configuration, the rubric lives with the call and needs no code change.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

DEFAULT_RUBRIC: list[dict[str, Any]] = [
    {"key": "direct_assistance", "label": "Direct assistance to victims", "max": 5, "weight": 3},
    {"key": "priority_fit", "label": "Fit with the call's priorities", "max": 5, "weight": 2},
    {"key": "capacity", "label": "Organisational capacity and track record", "max": 5, "weight": 2},
    {"key": "budget", "label": "Budget realism and value for money", "max": 5, "weight": 1},
    {
        "key": "safeguarding",
        "label": "Safeguarding and victim-centred approach",
        "max": 5,
        "weight": 2,
    },
]
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class RubricError(ValueError):
    """A rubric or a set of scores that does not fit its rubric; the message says where."""


def validate(rubric: Any) -> list[dict[str, Any]]:
    """Return ``rubric`` if it is a non-empty list of well-formed criteria, else raise RubricError."""
    if not isinstance(rubric, list) or not rubric:
        raise RubricError("rubric: expected a non-empty list of criteria")
    seen: set[str] = set()
    for i, item in enumerate(rubric, start=1):
        where = f"rubric criterion {i}"
        if not isinstance(item, dict):
            raise RubricError(f"{where}: expected an object")
        key = item.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            raise RubricError(f"{where}: key must be lower_snake_case, got {key!r}")
        if key in seen:
            raise RubricError(f"{where}: duplicate key {key!r}")
        seen.add(key)
        if not isinstance(item.get("label"), str) or not item["label"].strip():
            raise RubricError(f"{where} ({key}): label is required")
        for name in ("max", "weight"):
            value = item.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
                raise RubricError(f"{where} ({key}): {name} must be an integer 1-100")
    return rubric


def score(rubric: list[dict[str, Any]], scores: dict[str, Any]) -> Decimal:
    """Weighted total on 0-100 of ``scores`` ({key: integer 0..max}); every criterion is required."""
    validate(rubric)
    keys = {c["key"] for c in rubric}
    unknown = sorted(set(scores) - keys)
    if unknown:
        raise RubricError(f"scores: unknown criteria {unknown}")
    got = Decimal(0)
    best = Decimal(0)
    for criterion in rubric:
        key = criterion["key"]
        value = scores.get(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise RubricError(f"scores: {key} is required (an integer 0-{criterion['max']})")
        if not 0 <= value <= criterion["max"]:
            raise RubricError(f"scores: {key} must be between 0 and {criterion['max']}")
        got += Decimal(value * criterion["weight"])
        best += Decimal(criterion["max"] * criterion["weight"])
    return (got * 100 / best).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
