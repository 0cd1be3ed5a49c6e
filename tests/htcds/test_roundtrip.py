"""Every HTCDS field round-trips: a valid value passes and comes out unchanged, a bad one is caught."""

from __future__ import annotations

import pandas as pd
import pytest

from palermo.htcds import Field, load_standard, to_htcds, validate

STD = load_standard()


def good(f: Field) -> str:
    if f.kind == "date":
        return "2019-06-30"
    if f.kind == "number":
        return "3" if f.range is None or f.range[0] <= 3 <= f.range[1] else str(f.range[0])
    if f.kind == "checkbox":
        return "true"
    if f.kind == "picklist":
        return sorted(STD.allowed(f))[0]
    if f.kind == "multipicklist":
        return ";".join(sorted(STD.allowed(f))[:2])
    if f.format == "e164":
        return "+380441234567"
    if f.format == "email":
        return "case@example.org"
    return "Some text, with a comma"


def bad(f: Field) -> str:
    if f.kind == "multipicklist":
        return f"{sorted(STD.allowed(f))[0]};NotAValue"
    fixed = {"date": "2019-02-30", "number": "many", "checkbox": "perhaps", "picklist": "NotAValue"}
    return fixed.get(f.kind, "x" * (f.max_length + 1))


def test_every_field_round_trips_through_validation_and_mapping() -> None:
    row = {f.name: good(f) for f in STD.fields}
    frame = pd.DataFrame([row, row])
    report = validate(frame)
    assert report.problems == []
    assert report.plan.scheme == "htcds"
    assert len(report.plan.columns) == 83
    out = pd.concat(to_htcds(frame))
    assert list(out.columns) == list(STD.names)
    assert out.iloc[0].to_dict() == row


@pytest.mark.parametrize("field", STD.fields, ids=lambda f: f.name)
def test_each_field_rejects_a_bad_value_at_its_cell(field: Field) -> None:
    frame = pd.DataFrame({field.name: [good(field), bad(field), ""]})
    problems = validate(frame).problems
    assert [(p.row, p.column, p.field, p.value) for p in problems] == [
        (3, field.name, field.name, bad(field))
    ]


def test_xlsform_spellings_and_case_are_read_as_htcds_names() -> None:
    report = validate(pd.DataFrame({"prs_First_Name": ["A"], "PRS_GENDER": ["Masculine"]}))
    assert report.plan.fields == {"prs_First_Name": "prs_FirstName", "PRS_GENDER": "prs_Gender"}
    assert report.ok
