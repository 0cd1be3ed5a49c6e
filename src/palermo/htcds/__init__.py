"""HTCDS 2.0, IOM's Human Trafficking Case Data Standard: fields, CTDC mapping, validation, demo data.

Pure engine (no Django). The public face is what ``__all__`` lists; everything else may change.

    from palermo.htcds import validate, to_htcds, generate_case_files
    report = validate("cases.csv")                  # HTCDS or CTDC column names, detected
    report = validate("agency.csv", {"Name": "prs_FirstName", "Ref": ""})  # a saved mapping
    for chunk in to_htcds("ctdc.csv"): ...           # HTCDS-named chunks
"""

from __future__ import annotations

from palermo.htcds.bulk import write_htcds_csv
from palermo.htcds.columns import ColumnPlan, agency_mapping, load_saved_mapping, plan_columns
from palermo.htcds.ctdc import AGE_BANDS, age_band, map_chunk, to_htcds
from palermo.htcds.standard import Field, Standard, load_standard
from palermo.htcds.synthetic import SyntheticCaseFiles, generate_case_files
from palermo.htcds.validation import (
    Problem,
    ValidationReport,
    chunk_problems,
    header_problems,
    iter_problems,
    prefetch,
    read_chunks,
    read_table_chunks,
    table_to_frame,
    validate,
)

__all__ = [
    "AGE_BANDS",
    "ColumnPlan",
    "Field",
    "Problem",
    "Standard",
    "SyntheticCaseFiles",
    "ValidationReport",
    "age_band",
    "agency_mapping",
    "chunk_problems",
    "generate_case_files",
    "header_problems",
    "iter_problems",
    "load_saved_mapping",
    "load_standard",
    "map_chunk",
    "plan_columns",
    "prefetch",
    "read_chunks",
    "read_table_chunks",
    "table_to_frame",
    "to_htcds",
    "validate",
    "write_htcds_csv",
]
