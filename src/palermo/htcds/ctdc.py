"""Turn CTDC-layout (or HTCDS or saved-mapping) chunks into HTCDS columns; CTDC's age bands.

CTDC publishes one 0/1/-99 flag per option (isForcedLabour, typeOfLabourAgriculture...): the flags
of one HTCDS multi-select are packed into a bit pattern per row, and each distinct pattern turned
into its ";"-joined value once. Missing (blank, -99) stays blank.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from palermo.htcds.columns import (
    ColumnPlan,
    all_fields,
    iso3_to_iso2,
    load_ctdc_mapping,
    plan_columns,
)
from palermo.htcds.validation import (
    DEFAULT_CHUNK,
    Chunk,
    Source,
    _as_text,
    _chunks,
    column_names,
    table_to_frame,
)

AGE_BANDS: tuple[str, ...] = (
    "0--8",
    "9--17",
    "18--20",
    "21--23",
    "24--26",
    "27--29",
    "30--38",
    "39--47",
    "48+",
)
_BAND_LOWER = np.array([0, 9, 18, 21, 24, 27, 30, 39, 48])
SET = frozenset(("1", "1.0"))


def age_band(age: int | float | None) -> str:
    """CTDC's nine-band label of an age in whole years ("" when unknown or negative)."""
    if age is None or age != age or age < 0:
        return ""
    return AGE_BANDS[int(np.searchsorted(_BAND_LOWER, age, side="right")) - 1]


def age_bands(ages: pd.Series[Any]) -> pd.Series[Any]:
    """Vectorised ``age_band`` over a numeric Series."""
    values = pd.to_numeric(ages, errors="coerce").to_numpy(dtype=float)
    idx = np.searchsorted(_BAND_LOWER, np.nan_to_num(values, nan=-1), side="right") - 1
    labels = np.array(("", *AGE_BANDS), dtype=object)
    return pd.Series(labels[np.where((values >= 0), idx + 1, 0)], index=ages.index)


def age_on(birthdate: date, on: date) -> int:
    return on.year - birthdate.year - ((on.month, on.day) < (birthdate.month, birthdate.day))


def _clean(values: np.ndarray[Any, Any], missing: frozenset[str]) -> np.ndarray[Any, Any]:
    codes, uniques = pd.factorize(values)
    out = np.array(["" if u.strip() in missing else u.strip() for u in uniques], dtype=object)
    return out[codes] if len(codes) else out[:0]


def _convert(
    rule: str, spec: dict[str, Any], values: np.ndarray[Any, Any], missing: frozenset[str]
) -> np.ndarray[Any, Any]:
    values = _clean(values, missing)
    codes, uniques = pd.factorize(values)
    if rule == "value":
        table = spec["values"]
        conv = [table.get(u, u) for u in uniques]
    elif rule == "country":
        iso2 = iso3_to_iso2()
        conv = [iso2.get(u, u) for u in uniques]
    elif rule == "checkbox":
        conv = ["true" if u in SET else "false" if u else "" for u in uniques]
    elif rule == "multivalue":
        table = spec["values"]
        conv = [
            ";".join(dict.fromkeys(table.get(p, p) for p in u.split(";"))) if u else ""
            for u in uniques
        ]
    else:  # "htcds", "same", "year": already in the target's terms
        conv = list(uniques)
    return np.asarray(np.array(conv, dtype=object)[codes], dtype=object)


def map_chunk(chunk: Chunk, plan: ColumnPlan, trusted: bool = False) -> pd.DataFrame:
    """One chunk in HTCDS columns (fields the source lacks are absent, not blank).

    ``trusted``: every cell is already a ``str`` (as ``read_chunks`` yields), see ``_as_text``.
    """
    if isinstance(chunk, pa.Table):
        chunk, trusted = table_to_frame(chunk), True
    fields = all_fields()
    order = load_ctdc_mapping().single_choice_order
    by_position = {str(c): i for i, c in enumerate(chunk.columns)}
    out: dict[str, np.ndarray[Any, Any]] = {}
    flags: dict[str, list[tuple[np.ndarray[Any, Any], list[str]]]] = {}
    for spec in plan.columns:
        values = _as_text(chunk.iloc[:, by_position[spec.column]], trusted)
        if spec.rule == "flag":
            present = _clean(values, spec.missing)
            flags.setdefault(spec.field, []).append((present, spec.spec["values"]))
            continue
        converted = _convert(spec.rule, spec.spec, values, spec.missing)
        if spec.rule == "multivalue" and fields[spec.field].kind == "picklist":
            # several CTDC values, one HTCDS choice: the closest relation wins (mapping's order)
            rank = {v: i for i, v in enumerate(order.get(spec.field, fields[spec.field].values))}
            codes, uniques = pd.factorize(converted)
            firsts = [
                min(u.split(";"), key=lambda v: rank.get(v, len(rank))) if u else ""
                for u in uniques
            ]
            converted = np.asarray(np.array(firsts, dtype=object)[codes], dtype=object)
        if spec.field in out:  # two sources of one field: keep the first non-blank
            converted = np.where(out[spec.field] != "", out[spec.field], converted)
        out[spec.field] = converted
    for name, sources in flags.items():
        target = fields[name]
        choices = list(order.get(name, target.values))
        bits = np.zeros(len(chunk), dtype=np.int64)
        known = np.zeros(len(chunk), dtype=bool)
        for present, vals in sources:
            known |= present != ""
            is_set = np.isin(present, list(SET))
            for v in vals:
                bits |= is_set.astype(np.int64) << choices.index(v)
        codes, patterns = pd.factorize(bits)
        single = target.kind == "picklist"
        labels = []
        for p in patterns:
            chosen = [c for i, c in enumerate(choices) if p >> i & 1]
            labels.append(chosen[:1] if single else chosen)
        text = np.array([";".join(c) for c in labels], dtype=object)[codes]
        out[name] = np.where(known, text, "")
    return pd.DataFrame(out, index=chunk.index)


def to_htcds(
    source: Source,
    saved_mapping: dict[str, str] | None = None,
    chunksize: int = DEFAULT_CHUNK,
) -> Iterator[pd.DataFrame]:
    """Stream ``source`` as HTCDS-column chunks (validate first: bad cells pass through as they are)."""
    plan: ColumnPlan | None = None
    for chunk in _chunks(source, chunksize):
        if plan is None:
            plan = plan_columns(column_names(chunk), saved_mapping)
        yield map_chunk(chunk, plan)
