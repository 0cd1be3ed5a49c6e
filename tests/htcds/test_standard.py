"""The HTCDS 2.0 catalogue shipped as data: 83 fields, kinds, picklists, the core/extended split."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from palermo.htcds import load_standard


def test_all_83_fields_with_the_core_extended_split() -> None:
    std = load_standard()
    assert std.version == "2.0"
    assert len(std.fields) == 83
    assert len(std.core) + len(std.extended) == 83
    assert len(std.core) == 40
    assert {"prs_Gender", "vic_TypeOfExploitation", "cas_Status", "con_Consent"} <= {
        f.name for f in std.core
    }
    assert "IOM" in std.source
    assert std.licence


def test_picklists_have_their_values_and_codes() -> None:
    std = load_standard()
    for f in std.fields:
        if f.kind in ("picklist", "multipicklist"):
            assert std.allowed(f), f.name
    assert std.field("prs_Gender").values[:2] == ("Feminine", "Masculine")
    assert "DebtBondage" in std.field("vic_MethodsOfControl").values  # trailing space cleaned
    assert std.field("vic_ForcedLabourIndustry").kind == "multipicklist"  # XLSForm: select_multiple
    assert "UA" in std.allowed(std.field("prs_Citizenship"))
    assert "ukr" in std.allowed(std.field("prs_PrimaryLanguage"))


def test_unknown_field_and_version_are_clear_errors() -> None:
    with pytest.raises(KeyError, match="prs_Nope"):
        load_standard().field("prs_Nope")
    with pytest.raises(ValueError, match=r"9\.9"):
        load_standard("9.9")


def test_shipped_catalogue_matches_the_iom_field_table(shared_data: Path) -> None:
    table = shared_data / "ctdc" / "schema" / "htcds_field_standards_2.0.csv"
    with table.open(encoding="utf-8") as fh:
        names = [r["Field Name including Prefix"] for r in csv.DictReader(fh)]
    assert [n for n in names if n] == list(load_standard().names)
