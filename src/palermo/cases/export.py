"""The public, CTDC-compatible export: published variables only, k-anonymised, checked by pycanon.

Only typed columns are read (never ``vault`` or ``extra``), so no direct identifier can reach the
file. The frame goes through ``palermo.disclosure.k_anonymise`` over every published column, then
the independent pycanon check (``assert_k_anonymous``); below k, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.db.models import QuerySet

from palermo import tabular
from palermo.cases.models import CaseRecord
from palermo.disclosure import assert_k_anonymous, ctdc_hierarchies, k_anonymise

# CTDC column -> how it is derived from a CaseRecord's typed columns.
GENDER = {
    "Feminine": "Female",
    "Masculine": "Male",
    "TransgenderFeminine": "Transgender",
    "TransgenderMasculine": "Transgender",
    "NonConforming": "NonConforming",
    "NonSpecifiedUnknown": "",
}
PUBLISHED = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
)
OTHER = frozenset({"ForcedLabour", "SexualExploitation"})
READ_COLUMNS = (
    "year",
    "gender",
    "age_band",
    "majority",
    "citizenship",
    "exploitation_country",
    "exploitation_types",
)


class ExportRefused(ValueError):
    """The file would not be k-anonymous (by the independent check): nothing written."""


@dataclass
class PublicExport:
    data: pd.DataFrame
    summary: dict[str, Any]


def _flag(types: str, test: Any) -> str:
    if not types:
        return ""
    return "1" if test(types.split(";")) else "0"


def public_frame(cases: QuerySet[CaseRecord]) -> pd.DataFrame:
    """The published columns of ``cases``, CTDC's names and codes, blanks for missing."""
    rows = []
    for year, gender, age, major, cit, coe, types in cases.values_list(*READ_COLUMNS).iterator(
        chunk_size=20_000
    ):
        rows.append(
            (
                "" if year is None else str(year),
                GENDER.get(gender, ""),
                age,
                major,
                cit,
                coe,
                _flag(types, lambda t: "ForcedLabour" in t),
                _flag(types, lambda t: "SexualExploitation" in t),
                _flag(types, lambda t: bool(set(t) - OTHER)),
            )
        )
    return pd.DataFrame(rows, columns=list(PUBLISHED), dtype=object)


def build(cases: QuerySet[CaseRecord], k: int = 10, max_suppression: float = 0.05) -> PublicExport:
    if k < 2:
        raise ExportRefused("k must be at least 2 for a public export")
    frame = public_frame(cases)
    # Columns nobody recorded are left out: a column of blanks tells nothing and costs nothing.
    present = [c for c in PUBLISHED if (frame[c] != "").any()] or list(PUBLISHED[:1])
    frame = frame[present]
    result = k_anonymise(frame, ctdc_hierarchies(present), k=k, max_suppression=max_suppression)
    try:
        checked = assert_k_anonymous(result.data, present, k)
    except ValueError as exc:
        raise ExportRefused(str(exc)) from exc
    summary = {
        "k": k,
        "records_in": result.records_in,
        "records_out": len(result.data),
        "generalised": result.generalised,
        "suppressed": result.suppressed,
        "levels": result.levels,
        "achieved_k": result.achieved_k,
        "pycanon_k": checked,
        "columns": present,
        "within_suppression_limit": result.within_suppression_limit,
    }
    return PublicExport(result.data, summary)


def write_csv(export: PublicExport, out: Path) -> None:
    data = export.data
    rows = data.astype(str).itertuples(index=False, name=None)
    out.write_bytes(tabular.to_csv(list(data.columns), rows))
