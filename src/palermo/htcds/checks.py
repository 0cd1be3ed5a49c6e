"""Cell rules applied to a column's distinct values, so a million rows cost a few thousand checks.

Every check takes the distinct non-missing values of one column (an object array of str) and
returns a boolean mask of the bad ones. Validation factorises each column once, runs the checks on
the uniques, then maps the verdicts back to rows with one array index: no per-cell Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from palermo.htcds.standard import Field

Mask = npt.NDArray[np.bool_]
Values = npt.NDArray[Any]

E164 = re.compile(r"\+?[1-9]\d{1,14}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
YEAR = re.compile(r"(\d{4})(?:-(\d{4}))?")
PHONE_PUNCTUATION = str.maketrans("", "", " -().")
TRUTHY = frozenset(("true", "1", "yes"))
FALSY = frozenset(("false", "0", "no"))
CTDC_FLAG = frozenset(("0", "1", "0.0", "1.0"))
FLAG_MESSAGE = "not a CTDC flag (0, 1, -99 or blank)"


# On Arrow strings (files read by ``read_table_chunks``): which values SURELY pass (an Arrow
# boolean array). Only the others are turned into Python str and given to ``bad``, which stays the
# one judge, so a fast pass stricter than Python (ASCII digits only) cannot change a verdict.
Fast = Callable[[pa.Array], pa.Array]


@dataclass(frozen=True)
class Check:
    """One rule: its name (as reported), a message template, the vectorised test, a fast pass."""

    rule: str
    message: str
    bad: Callable[[Values], Mask]
    fast: Fast | None = None


def fast_in_set(allowed: frozenset[str]) -> Fast:
    value_set = pa.array(sorted(allowed), type=pa.string())
    return lambda values: pc.is_in(values, value_set=value_set)


def fast_max_length(limit: int) -> Fast:
    # utf8_length counts code points, as Python's len does.
    return lambda values: pc.less_equal(pc.utf8_length(values), limit)


def _fast_phone(values: pa.Array) -> pa.Array:
    # _bad_phone's own fast path ("+" and 2-15 digits, no leading 0) with ASCII digits only.
    digits = pc.utf8_slice_codeunits(values, 1)
    size = pc.utf8_length(values)
    return pc.and_(
        pc.and_(pc.starts_with(values, "+"), pc.ascii_is_decimal(digits)),
        pc.and_(
            pc.and_(pc.greater(size, 2), pc.less_equal(size, 16)),
            pc.invert(pc.starts_with(digits, "0")),
        ),
    )


def _each(test: Callable[[str], bool]) -> Callable[[Values], Mask]:
    """Lift a per-value predicate (True = bad) to the uniques array."""

    def run(values: Values) -> Mask:
        return np.fromiter((test(v) for v in values), dtype=np.bool_, count=len(values))

    return run


def in_set(allowed: frozenset[str]) -> Callable[[Values], Mask]:
    return lambda values: ~pd.Series(values, dtype=object).isin(allowed).to_numpy()


def multi_in_set(allowed: frozenset[str], sep: str) -> Callable[[Values], Mask]:
    return _each(lambda v: any(part.strip() not in allowed for part in v.split(sep)))


def lengths(values: Values) -> npt.NDArray[np.int64]:
    """``len`` of each str: a C-level map, several times faster than ``Series.str.len``."""
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def max_length(limit: int) -> Callable[[Values], Mask]:
    return lambda values: lengths(values) > limit


def _bad_date(values: Values, latest: date | None) -> Mask:
    series = pd.Series(values, dtype=object)
    parsed = pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna().to_numpy() | (lengths(values) != 10)
    if latest is not None:
        bad |= (parsed > pd.Timestamp(latest)).fillna(False).to_numpy(dtype=bool)
    return np.asarray(bad, dtype=np.bool_)


def _bad_year(v: str) -> bool:
    m = YEAR.fullmatch(v)
    if not m:
        return True
    years = [int(y) for y in m.groups() if y]
    return not all(1950 <= y <= 2100 for y in years) or years != sorted(years)


def _bad_phone(v: str) -> bool:
    # Fast path for the common, already clean "+<digits>": no translate, no regex.
    if v[0] == "+" and v[1:].isdigit() and len(v) <= 16 and v[1] != "0" and len(v) > 2:
        return False
    return E164.fullmatch(v.translate(PHONE_PUNCTUATION)) is None


def _numbers(values: Values) -> npt.NDArray[np.float64]:
    return np.asarray(pd.to_numeric(pd.Series(values, dtype=object), errors="coerce"), dtype=float)


def field_checks(field: Field, allowed: frozenset[str], sep: str) -> list[Check]:
    """The rules a column holding HTCDS (or extension) ``field`` must pass, in reporting order."""
    checks: list[Check] = []
    if field.kind == "text":
        checks.append(
            Check(
                "max_length",
                f"longer than {field.max_length} characters",
                max_length(field.max_length),
                fast_max_length(field.max_length),
            )
        )
        if field.format == "e164":
            checks.append(
                Check(
                    "phone",
                    "not an E.164 phone number (+ country code, up to 15 digits)",
                    _each(_bad_phone),
                    _fast_phone,
                )
            )
        elif field.format == "email":
            checks.append(
                Check("email", "not an e-mail address", _each(lambda v: EMAIL.fullmatch(v) is None))
            )
        elif field.format == "year":
            checks.append(
                Check("year", "not a year YYYY or a range YYYY-YYYY (1950-2100)", _each(_bad_year))
            )
    elif field.kind == "date":
        latest = date.today() if field.name == "prs_Birthdate" else None
        checks.append(
            Check(
                "date",
                "not a date YYYY-MM-DD" + (" in the past" if latest else ""),
                lambda v: _bad_date(v, latest),
            )
        )
    elif field.kind == "number":
        checks.append(Check("number", "not a number", lambda v: np.isnan(_numbers(v))))
        if field.range is not None:
            lo, hi = field.range
            checks.append(
                Check(
                    "range",
                    f"outside {lo:g}..{hi:g}",
                    lambda v: ~((_numbers(v) >= lo) & (_numbers(v) <= hi)),
                )
            )
        if field.name in ("prs_NumberOfChildren", "vic_AgeWhenTrafficked"):
            checks.append(
                Check("integer", "not a whole number", lambda v: np.mod(_numbers(v), 1) != 0)
            )
    elif field.kind == "checkbox":
        ok = TRUTHY | FALSY
        checks.append(
            Check(
                "checkbox",
                "not a yes/no value (true/false, 1/0, yes/no)",
                _each(lambda v: v.lower() not in ok),
            )
        )
    elif field.kind == "picklist":
        checks.append(
            Check("picklist", f"not a value of {field.name}", in_set(allowed), fast_in_set(allowed))
        )
    elif field.kind == "multipicklist":
        checks.append(
            Check(
                "multipicklist",
                f"has a value not in {field.name} (separate with {sep!r})",
                multi_in_set(allowed, sep),
            )
        )
    return checks


def ctdc_checks(
    rule: str,
    spec: dict[str, Any],
    countries: frozenset[str],
    iso3: frozenset[str],
    allowed: frozenset[str],
) -> list[Check]:
    """The rules of a CTDC source column, from its entry in the CTDC mapping."""
    if rule == "flag":
        return [Check("flag", FLAG_MESSAGE, in_set(CTDC_FLAG), fast_in_set(CTDC_FLAG))]
    if rule == "checkbox":
        return [Check("flag", FLAG_MESSAGE, in_set(CTDC_FLAG), fast_in_set(CTDC_FLAG))]
    if rule == "year":
        return [Check("year", "not a year YYYY or a range YYYY-YYYY (1950-2100)", _each(_bad_year))]
    if rule == "country":
        # CTDC's 2017-2021 files use ISO alpha-2 and "00" for unknown, the 2024 ones alpha-3.
        known = countries | iso3
        return [Check("country", "not an ISO 3166 country code", in_set(known), fast_in_set(known))]
    if rule == "value":
        listed = frozenset(spec["values"])
        return [
            Check(
                "picklist",
                "not a value CTDC's dictionary lists",
                in_set(listed),
                fast_in_set(listed),
            )
        ]
    if rule == "multivalue":
        return [
            Check(
                "multipicklist",
                "has a value CTDC's dictionary does not list",
                multi_in_set(frozenset(spec["values"]), ";"),
            )
        ]
    if rule == "same":
        return [
            Check("picklist", "not a value CTDC's dictionary lists", multi_in_set(allowed, ";"))
        ]
    raise ValueError(f"ctdc mapping: unknown rule {rule!r}")
