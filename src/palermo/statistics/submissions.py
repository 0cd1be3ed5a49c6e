"""Accepted questionnaire answers as GLOTIP-shaped lines: the mapping (kept as data) and its use.

The mapping, ``data/submission_mapping.csv``, is compositional: for each question one line with an
empty ``dimension`` gives the defaults (GLOTIP indicator, dimension, category, sex, age), and one
line per dimension value overrides some of them. A cell ``women/sexual_exploitation/2022`` of
``victims_form`` takes the question's defaults, then ``sex_age=women`` (Female, 18 years or over),
then ``form=sexual_exploitation`` (dimension "by form of exploitation", category "Sexual
exploitation"). ``-`` as indicator means "not stored" (a figure that another question already gives,
so that it is not counted twice). Pure: no Django, no app imported.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MAPPING = Path(__file__).parent / "data" / "submission_mapping.csv"
COLUMNS = ("question", "dimension", "value", "indicator", "glotip_dimension", "category", "sex",
           "age")  # fmt: skip
TARGET = ("indicator", "glotip_dimension", "category", "sex", "age")
SKIP = "-"


class MappingError(ValueError):
    """A broken mapping file: names the file, row and column."""


@dataclass(frozen=True)
class Mapping:
    """Question id -> defaults, and (question, dimension, value) -> overrides."""

    defaults: dict[str, dict[str, str]]
    overrides: dict[tuple[str, str, str], dict[str, str]]

    def target(self, question: str, dims: dict[str, str]) -> dict[str, str] | None:
        """The GLOTIP fields of one cell; None when the question or a value is not mapped."""
        if question not in self.defaults:
            return None
        out = dict(self.defaults[question])
        for dim, value in dims.items():
            extra = self.overrides.get((question, dim, value))
            if extra is None:
                return None
            out.update(extra)  # only a "-" indicator (not stored) ever replaces the indicator
        return out


@lru_cache(maxsize=4)
def load_mapping(path: Path = MAPPING) -> Mapping:
    """Read and check the mapping; a bad line stops with file, row and column."""
    defaults: dict[str, dict[str, str]] = {}
    overrides: dict[tuple[str, str, str], dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise MappingError(f"{path.name}, row 1: missing column(s) {', '.join(missing)}")
        for row_no, row in enumerate(reader, start=2):
            question = (row["question"] or "").strip()
            dim, value = (row["dimension"] or "").strip(), (row["value"] or "").strip()
            if not question:
                raise MappingError(f"{path.name}, row {row_no}, column question: empty")
            set_ = {c: (row[c] or "").strip() for c in TARGET if (row[c] or "").strip()}
            if not dim:
                absent = [c for c in TARGET if c not in set_]
                if absent:
                    raise MappingError(
                        f"{path.name}, row {row_no}, column {absent[0]}: a question's default "
                        "line gives every GLOTIP field"
                    )
                if question in defaults:
                    raise MappingError(
                        f"{path.name}, row {row_no}, column question: {question!r} twice"
                    )
                defaults[question] = set_
                continue
            if not value:
                raise MappingError(f"{path.name}, row {row_no}, column value: empty")
            if (question, dim, value) in overrides:
                raise MappingError(
                    f"{path.name}, row {row_no}, column value: {question}.{dim}={value} twice"
                )
            overrides[(question, dim, value)] = set_
    for question, dim, value in overrides:
        if question not in defaults:
            raise MappingError(f"{path.name}: {question}.{dim}={value} has no default line")
    return Mapping(defaults, overrides)


@dataclass
class Converted:
    """The lines made from accepted answers, and what was left out (counted, never silent)."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    unknown: int = 0  # cells answered "unknown": the figure exists but is not known
    unmapped: dict[str, int] = field(default_factory=dict)  # question -> cells the mapping lacks
    without_country: int = 0  # answers of organisations without a country (UN entities)
    duplicates: int = 0  # a later answer for the same line in the same round replaced it
    repeated: int = 0  # figures another question already gives (mapping "-")


def convert(
    answers: Iterable[Any], mapping: Mapping, regions: dict[str, tuple[str, str, str]]
) -> Converted:
    """AcceptedAnswer-like rows (round, country_iso3, question, type, dims, year, value) ->
    GLOTIP-shaped lines with the round's code and its order (later rounds come later)."""
    out = Converted()
    seen: dict[tuple[Any, ...], int] = {}
    order: dict[str, int] = {}
    for a in answers:
        if a.type != "number_table" or a.year is None:
            continue
        if not a.country_iso3:
            out.without_country += 1
            continue
        if a.value == "unknown":
            out.unknown += 1
            continue
        target = mapping.target(a.question, a.dims)
        if target is None:
            out.unmapped[a.question] = out.unmapped.get(a.question, 0) + 1
            continue
        if target["indicator"] == SKIP:
            out.repeated += 1
            continue
        under5 = a.value == "<5"
        _m49, region, subregion = regions.get(a.country_iso3, ("", "", ""))
        line = {
            "round": a.round, "round_order": order.setdefault(a.round, len(order)),
            "iso3": a.country_iso3, "region": region, "subregion": subregion,
            "indicator": target["indicator"], "dimension": target["glotip_dimension"],
            "category": target["category"], "sex": target["sex"], "age": target["age"],
            "year": int(a.year), "seq": 0, "value": None if under5 else float(a.value),
            "under5": under5, "text": "<5" if under5 else str(int(a.value)),
            "source_key": f"{a.question}:{'/'.join(a.dims.values())}",
        }  # fmt: skip
        key = (a.round, a.country_iso3, *[line[c] for c in ("indicator", "dimension", "category",
                                                             "sex", "age", "year")])  # fmt: skip
        if key in seen:
            out.duplicates += 1
            out.lines[seen[key]] = line
            continue
        seen[key] = len(out.lines)
        out.lines.append(line)
    return out
