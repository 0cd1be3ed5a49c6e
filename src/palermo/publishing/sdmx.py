"""SDG indicator 16.2.2 as SDMX-CSV, with the SDG Global Database's series and dimension codes.

Structure: the IAEG-SDGs SDMX data structure (agency IAEG-SDGs, DSD "SDG", dataflow DF_SDG_GLH),
whose key is FREQ.REPORTING_TYPE.SERIES.REF_AREA.SEX.AGE.URBANISATION.INCOME_WEALTH_QUANTILE.
EDUCATION_LEV.OCCUPATION.CUST_BREAKDOWN.COMPOSITE_BREAKDOWN.DISABILITY_STATUS.ACTIVITY.PRODUCT
(as queried from the UN SDMX registry and data.un.org, e.g.
``DF_SDG_GLH,1.12/..VC_HTF_DETV.208._T._T.........``). Series of indicator 16.2.2 in the SDG
Global Database: VC_HTF_DETV (detected victims, number) and, by form of exploitation, VC_HTF_DETVSX
(sexual exploitation), VC_HTF_DETVFL (forced labour), VC_HTF_DETVOP (other purposes); the same
codes with a final R (VC_HTF_DETVR...) are the rates per 100,000 population. REF_AREA is the M49
code; SEX F/M/_T; AGE Y0T17 (under 18), Y_GE18 (18 and over), _T.

The rows come from the platform's estimation runs (palermo.estimation): a run's ``observed`` count
is the number of detected victims (unique across the lists) and its SDG block the rate per 100,000.
``validate`` checks a file against the structure declared here: columns, codes, values, unique keys.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DATAFLOW = "IAEG-SDGs:DF_SDG_GLH(1.12)"
DIMENSIONS = [
    "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION",
    "INCOME_WEALTH_QUANTILE", "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN",
    "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY", "PRODUCT",
]  # fmt: skip
MEASURE = "OBS_VALUE"
ATTRIBUTES = ["UNIT_MEASURE", "UNIT_MULT", "NATURE", "COMMENT_OBS"]
COLUMNS = ["DATAFLOW", *DIMENSIONS, "TIME_PERIOD", MEASURE, *ATTRIBUTES]

SERIES_BY_FORM = {
    "all": "VC_HTF_DETV",
    "sexual_exploitation": "VC_HTF_DETVSX",
    "forced_labour": "VC_HTF_DETVFL",
    "other": "VC_HTF_DETVOP",
}
RATE_SUFFIX = "R"
SEX = {"total": "_T", "female": "F", "male": "M"}
AGE = {"total": "_T", "children": "Y0T17", "adults": "Y_GE18"}
CODELISTS: dict[str, set[str]] = {
    "FREQ": {"A"},
    "REPORTING_TYPE": {"G", "N"},
    "SERIES": {*SERIES_BY_FORM.values(), *(s + RATE_SUFFIX for s in SERIES_BY_FORM.values())},
    "SEX": set(SEX.values()),
    "AGE": set(AGE.values()),
    "UNIT_MEASURE": {"NUMBER", "PER_100000_POP"},
    "UNIT_MULT": {"0"},
    "NATURE": {"C", "CA", "E", "M", "N", "G"},
}
_FIXED_TOTAL = DIMENSIONS[6:]  # breakdowns the 16.2.2 series do not use: total (_T)


@dataclass
class SdmxProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


def _row(
    series: str, m49: str, sex: str, age: str, year: int, value: float, unit: str, note: str
) -> dict[str, str]:
    row = {"DATAFLOW": DATAFLOW, "FREQ": "A", "REPORTING_TYPE": "N", "SERIES": series,
           "REF_AREA": m49, "SEX": sex, "AGE": age, "TIME_PERIOD": str(year),
           MEASURE: f"{value:.6g}" if unit == "PER_100000_POP" else str(round(value)),
           "UNIT_MEASURE": unit, "UNIT_MULT": "0", "NATURE": "N", "COMMENT_OBS": note}  # fmt: skip
    row.update(dict.fromkeys(_FIXED_TOTAL, "_T"))
    return row


def rows_from_runs(
    runs: Iterable[Any], m49: dict[str, str]
) -> tuple[list[dict[str, str]], list[str]]:
    """SDMX rows from estimation runs; also the runs skipped and why (age band not in the list...)."""
    rows: list[dict[str, str]] = []
    skipped: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for run in runs:
        reasons = []
        if run.status != "ok" or run.observed is None:
            reasons.append("no result")
        if not run.country_iso3 or run.year is None:
            reasons.append("no country and year")
        if run.age_group not in AGE:
            reasons.append(f"age group {run.age_group!r} has no SDG code")
        code = m49.get(run.country_iso3 or "")
        if run.country_iso3 and not code:
            reasons.append(f"no M49 code for {run.country_iso3}")
        if reasons:
            skipped.append(f"run {run.pk} ({run.name}): {'; '.join(reasons)}")
            continue
        series = SERIES_BY_FORM[run.exploitation]
        key = (series, code, SEX[run.sex], AGE[run.age_group], str(run.year))
        if key in seen:  # the latest run of a disaggregation wins (runs come newest first)
            skipped.append(f"run {run.pk} ({run.name}): a newer run covers the same key")
            continue
        seen.add(key)
        note = f"Palermo estimation run {run.pk}"
        rows.append(_row(series, code, key[2], key[3], run.year, run.observed, "NUMBER", note))
        sdg = run.sdg or {}
        if sdg.get("available") and sdg.get("observed_per_100k") is not None:
            rows.append(
                _row(series + RATE_SUFFIX, code, key[2], key[3], run.year, sdg["observed_per_100k"],
                     "PER_100000_POP", f"{note}; population {sdg.get('population_source', '')}")
            )  # fmt: skip
    return rows, skipped


def to_csv(rows: list[dict[str, str]]) -> str:
    """SDMX-CSV 1.0: a DATAFLOW column first (agency:id(version)), then the components' ids."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def validate(text: str) -> list[SdmxProblem]:
    """Problems of an SDMX-CSV file against the structure above (empty list: valid)."""
    problems: list[SdmxProblem] = []
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    for column in ["DATAFLOW", *DIMENSIONS, "TIME_PERIOD", MEASURE]:
        if column not in header:
            problems.append(SdmxProblem(1, column, "missing column"))
    if problems:
        return problems
    keys: set[tuple[str, ...]] = set()
    for line, row in enumerate(reader, start=2):
        if row["DATAFLOW"] != DATAFLOW:
            problems.append(SdmxProblem(line, "DATAFLOW", f"{row['DATAFLOW']!r} is not {DATAFLOW}"))
        for column, codes in CODELISTS.items():
            if column in row and row[column] not in codes:
                problems.append(
                    SdmxProblem(line, column, f"code {row[column]!r} not in the codelist")
                )
        for column in _FIXED_TOTAL:
            if row[column] != "_T":
                problems.append(SdmxProblem(line, column, "16.2.2 series use the total (_T) only"))
        if not re.fullmatch(r"\d{3}", row["REF_AREA"] or ""):
            problems.append(
                SdmxProblem(line, "REF_AREA", f"{row['REF_AREA']!r} is not an M49 code")
            )
        if not re.fullmatch(r"\d{4}", row["TIME_PERIOD"] or ""):
            problems.append(
                SdmxProblem(line, "TIME_PERIOD", f"{row['TIME_PERIOD']!r} is not a year")
            )
        try:
            if float(row[MEASURE]) < 0:
                problems.append(SdmxProblem(line, MEASURE, "negative value"))
        except ValueError:
            problems.append(SdmxProblem(line, MEASURE, f"{row[MEASURE]!r} is not a number"))
        rate = row["SERIES"].endswith(RATE_SUFFIX)
        if row.get("UNIT_MEASURE") and (row["UNIT_MEASURE"] == "PER_100000_POP") != rate:
            problems.append(SdmxProblem(line, "UNIT_MEASURE", "unit does not match the series"))
        key = (*tuple(row[d] for d in DIMENSIONS), row["TIME_PERIOD"])
        if key in keys:
            problems.append(SdmxProblem(line, "SERIES", "duplicate series key and period"))
        keys.add(key)
    return problems
