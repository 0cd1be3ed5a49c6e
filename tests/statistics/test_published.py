"""Shares computed from the GLOTIP releases against the figures UNODC published in its Global Reports.

Each edition is compared with the release current at its time (notes/glotip.md): the 2023-05-30
release for the 2020 and 2022 reports' years, the 2025-04-14 release for the 2024 report.
"""

from __future__ import annotations

import pytest

from palermo.statistics import engine
from palermo.statistics.engine import Frame


def _close(got: dict[str, float | None], published: dict[str, float], points: float) -> None:
    for key, value in published.items():
        assert got[key] is not None
        assert abs(got[key] * 100 - value) <= points, (key, got[key], value)


def test_sex_age_2020_matches_glotip_2022(frame_2023: Frame) -> None:
    # GLOTIP 2022 (UNODC, January 2023), chapter 1, figure "Share of detected victims by age group
    # and sex, 2020": women 42 %, girls 18 %, men 23 %, boys 17 % (also quoted by the European
    # Parliament Research Service, "Human trafficking: the gender dimensions", figure 1, 2024).
    result = engine.victims_sex_age(frame_2023, 2020)
    _close(result["shares"], {"women": 42, "girls": 18, "men": 23, "boys": 17}, 1.5)
    assert result["countries"] > 100


def test_sex_age_2018_matches_glotip_2020(frame_2023: Frame) -> None:
    # GLOTIP 2020 (UNODC, February 2021), p. 31: "for every 10 victims detected globally in 2018,
    # about five were adult women and two were girls ... girls (19 per cent) and boys (15 per
    # cent), while 20 per cent were adult men". "About five in ten" read as 46 % (100 - 19 - 15 -
    # 20). Countries without 2018 figures take 2017's: within 2.5 points (the 2023 release revised
    # 2018 since); the year alone was 2.3 points off on every share.
    result = engine.victims_sex_age(frame_2023, 2018)
    _close(result["shares"], {"women": 46, "girls": 19, "men": 20, "boys": 15}, 2.5)
    assert result["countries_earlier_year"] > 0


def test_form_2018_against_glotip_2020(frame_2023: Frame) -> None:
    # GLOTIP 2020 (page not verified here; UNODC's launch note, quoted by La Strada International,
    # "UNODC launches new Global Report on Trafficking in Persons", February 2021):
    # 50 % of victims detected in 2018 were trafficked for sexual exploitation, 38 % for forced
    # labour. No method tried reproduces both (docs/statistics.md): the 2023 release puts 19.7 %
    # in "other forms", the report 12 %. Kept as a known gap of 5 points.
    result = engine.victims_form(frame_2023, 2018)
    _close(result["shares"], {"sexual_exploitation": 50, "forced_labour": 38}, 5)


def _without_pakistan(frame_2025: Frame) -> Frame:
    # Pakistan's 2019-2022 victims (26,539 in 2022, 20,200 of them women) are in the 2025 release
    # but not in the 2023 one; the report's 39 % of women cannot include them (with them, women
    # are over half of every method's result). An assumption, stated in docs/statistics.md.
    data = frame_2025.data
    return engine.frame_from(data[data["iso3"] != "PAK"].drop(columns=["n", "real"]), "x")


def test_sex_age_2022_matches_glotip_2024(frame_2025: Frame) -> None:
    # GLOTIP 2024 (UNODC, December 2024), 2022: women 39 %, girls 22 %, men 23 %, boys 16 % (the
    # report's key findings as summarised by ACRATH, "2024 Global Report on Trafficking in
    # Persons", December 2024; the report's page was not at hand). The United Kingdom (11,835 victims with sex and age in 2021, none
    # for 2022 in the release) enters with its 2021 figures: that is most of the gap the year
    # alone left (women 48.5 %, boys 10.2 %).
    without = _without_pakistan(frame_2025)
    result = engine.victims_sex_age(without, 2022)
    _close(result["shares"], {"women": 39, "girls": 22, "men": 23, "boys": 16}, 1.5)
    year_only = engine.victims_sex_age(without, 2022, window=0)["shares"]
    assert abs(year_only["women"] * 100 - 39) > 9  # the window is what closes the gap
    assert engine.victims_sex_age(frame_2025, 2022)["shares"]["women"] > 0.5


def test_window_zero_is_the_year_alone(frame_2023: Frame) -> None:
    result = engine.victims_sex_age(frame_2023, 2018, window=0)
    assert result["countries_earlier_year"] == 0
    assert result["years"] == [2018, 2018]
    with pytest.raises(ValueError, match="0 or more"):
        engine.victims_sex_age(frame_2023, 2018, window=-1)


def test_pseudo_countries_count_in_totals_not_in_countries(frame_2023: Frame) -> None:
    data = frame_2023.data
    pseudo = data[data["iso3"].isin(["CAR", "SAF"]) & (data["year"] == 2020)]
    assert not pseudo.empty
    assert not pseudo["real"].any()
    rows = {r["year"]: r for r in engine.totals_by_year(frame_2023)}
    without = engine.frame_from(
        data[~data["iso3"].isin(list(engine.PSEUDO_COUNTRIES))].drop(columns=["n", "real"]), "x"
    )
    rows_without = {r["year"]: r for r in engine.totals_by_year(without)}
    assert rows[2020]["countries"] == rows_without[2020]["countries"]
    assert rows[2020]["total"] > rows_without[2020]["total"]


def test_under5_counts_as_two_never_five(frame_2025: Frame) -> None:
    data = frame_2025.data
    assert set(data.loc[data["under5"], "n"]) == {2.0}
    assert data.loc[data["under5"], "value"].isna().all()
    assert (data["text"] == "<5").sum() == data["under5"].sum()


def test_other_forms_sub_lines_add_up(frame_2025: Frame) -> None:
    data = frame_2025.data
    alb = data[(data["iso3"] == "ALB") & (data["year"] == 2018)]
    other = alb[
        (alb["category"] == "Other forms of exploitation")
        & (alb["sex"] == "Total")
        & (alb["age"] == "Total")
    ]
    assert len(other) > 1
    assert list(other["seq"]) == list(range(len(other)))


def test_conviction_bands_are_shares_with_change(frame_2025: Frame) -> None:
    years = engine.conviction_bands(frame_2025)
    for row in years:
        assert abs(sum(row["shares"].values()) - 1) < 1e-3
    assert "change" in years[-1]
    assert "change" not in years[0]


def test_flows_2022(frame_2025: Frame) -> None:
    result = engine.flows(frame_2025, 2022)
    total = sum(result["counts"].values())
    # The cleaning table places nearly every victim with a known citizenship.
    assert result["unmapped"] < 0.02 * total
    assert result["shares"]["domestic"] > 0.5
    assert result["pairs"][0][2] >= result["pairs"][-1][2]
