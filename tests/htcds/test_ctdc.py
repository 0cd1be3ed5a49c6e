"""CTDC files (2017/2021 flags, 2022 VP synthetic, the 2020 app subset) validate and map to HTCDS."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from palermo.htcds import AGE_BANDS, age_band, to_htcds, validate

DATA = Path(__file__).parent / "data"


def test_2017_layout_maps_flags_missing_codes_and_bands() -> None:
    report = validate(DATA / "ctdc_2017_sample.csv")
    assert report.plan.scheme == "ctdc"
    assert report.ok, report.problems
    assert "meansOfControlConcatenated" in report.plan.ignored
    out = pd.concat(to_htcds(DATA / "ctdc_2017_sample.csv"))
    assert len(out) == 4
    first, second, unknown, last = (out.iloc[i] for i in range(4))
    assert first["prs_Gender"] == "Feminine"
    assert first["prs_Citizenship"] == "UA"
    assert first["vic_MethodsOfControl"] == "DebtBondage;TakesEarnings"
    assert first["vic_TypeOfExploitation"] == "SexualExploitation"
    assert first["vic_TypeOfSexExploitation"] == "Prostitution"
    assert first["vic_RelationshipToTrafficker"] == "Acquainted"
    assert first["ext_AgeBandAtEntry"] == "9--17"
    assert first["ext_MajorityStatusAtExploit"] == "Minor"
    assert first["ext_Abduction"] == ""  # -99
    assert second["vic_MethodsOfControl"] == "PhysicalThreats;ThreatensChildrenFamily"
    assert second["vic_TypeOfExploitation"] == "ForcedLabour;ForcedBegging"
    assert second["vic_ForcedLabourIndustry"] == "A_AgricultureForestryAndFishing"
    assert second["vic_RelationshipToTrafficker"] == "Unaquainted"
    # every -99 and the unknown country 00 are blank, never a value
    assert (unknown.drop(["ext_YearOfRegistration", "prs_Gender", "ext_Datasource"]) == "").all()
    assert last["vic_TypeOfExploitation"] == "ForcedLabour;SexualExploitation;ForcedMarriage"
    assert last["vic_TypeOfSexExploitation"] == "Prostitution;Pornography"
    assert last["vic_ForcedLabourIndustry"] == "T_ActivitiesOfHouseholdsAsEmployers"
    assert last["vic_RelationshipToTrafficker"] == "Familial"  # a single picklist: closest wins
    assert last["prs_Gender"] == "NonConforming"
    assert last["ext_Abduction"] == "true"
    assert validate(out).ok  # the mapped chunk is valid HTCDS


def test_a_bad_ctdc_cell_names_the_ctdc_column() -> None:
    frame = pd.read_csv(DATA / "ctdc_2017_sample.csv", dtype=str, keep_default_na=False)
    frame.loc[1, "isForcedLabour"] = "yes"
    frame.loc[2, "ageBroad"] = "18-20"
    problems = validate(frame).problems
    assert {(p.row, p.column, p.field) for p in problems} == {
        (3, "isForcedLabour", "vic_TypeOfExploitation"),
        (4, "ageBroad", "ext_AgeBand"),
    }


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("ctdc_global_2020-04-14_subset_dados_app.csv", 48_773),
        ("CTDC_VPsynthetic_condensed.csv", 21_195),
    ],
)
def test_real_ctdc_files_validate_and_map_with_every_row(
    shared_data: Path, name: str, rows: int
) -> None:
    path = shared_data / "ctdc" / name
    report = validate(path)
    assert report.plan.scheme == "ctdc"
    assert report.rows == rows
    assert report.ok, report.problems[:5]
    out = pd.concat(to_htcds(path, chunksize=10_000))
    assert len(out) == rows
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    labour = raw["isForcedLabour"].isin(["1", "1.0"])
    assert (out["vic_TypeOfExploitation"].str.contains("ForcedLabour") == labour).all()
    assert validate(out).ok


def test_2020_subset_unknown_country_zero_is_missing(shared_data: Path) -> None:
    out = pd.concat(to_htcds(shared_data / "ctdc" / "ctdc_global_2020-04-14_subset_dados_app.csv"))
    assert (out["prs_Citizenship"] == "0").sum() == 0
    assert (out["prs_Citizenship"] == "").sum() == 9136


def test_nine_age_bands() -> None:
    assert [age_band(a) for a in (0, 8, 9, 17, 18, 20, 21, 29, 30, 47, 48, 99)] == [
        "0--8",
        "0--8",
        "9--17",
        "9--17",
        "18--20",
        "18--20",
        "21--23",
        "27--29",
        "30--38",
        "39--47",
        "48+",
        "48+",
    ]
    assert age_band(None) == ""
    assert age_band(-1) == ""
    assert len(AGE_BANDS) == 9
