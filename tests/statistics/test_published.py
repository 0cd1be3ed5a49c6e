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
    # cent), while 20 per cent were adult men". The 2023 release revised 2018 since: 3.5 points.
    result = engine.victims_sex_age(frame_2023, 2018)
    _close(result["shares"], {"women": 46, "girls": 19, "men": 20, "boys": 15}, 3.5)


def test_form_2018_matches_glotip_2020(frame_2023: Frame) -> None:
    # GLOTIP 2020: 50 % of victims detected in 2018 were trafficked for sexual exploitation and
    # 38 % for forced labour. Pooling the three forms as the export gives them, within 5 points.
    result = engine.victims_form(frame_2023, 2018)
    _close(result["shares"], {"sexual_exploitation": 50, "forced_labour": 38}, 5)


def test_girls_2022_matches_glotip_2024_without_pakistan(frame_2025: Frame) -> None:
    # GLOTIP 2024 (UNODC, December 2024): 39 % women, 22 % girls, 23 % men, 16 % boys in 2022.
    # Pakistan (26,539 victims in 2022, 20,200 of them women) is new in the 2025 release and was
    # not in the report: with it women would be 58 %. Without it girls match; women, men and boys
    # do not (49/19/10 %): a known gap, documented in docs/statistics.md.
    data = frame_2025.data
    without = engine.frame_from(data[data["iso3"] != "PAK"].drop(columns=["n", "real"]), "x")
    shares = engine.victims_sex_age(without, 2022)["shares"]
    assert abs(shares["girls"] * 100 - 22) <= 1.5
    with_pak = engine.victims_sex_age(frame_2025, 2022)["shares"]
    assert with_pak["women"] > 0.55  # the release's own figure is dominated by Pakistan


@pytest.mark.xfail(strict=True, reason="GLOTIP 2024's 2022 sex-age shares not reproduced yet")
def test_sex_age_2022_matches_glotip_2024(frame_2025: Frame) -> None:
    data = frame_2025.data
    without = engine.frame_from(data[data["iso3"] != "PAK"].drop(columns=["n", "real"]), "x")
    shares = engine.victims_sex_age(without, 2022)["shares"]
    _close(shares, {"women": 39, "girls": 22, "men": 23, "boys": 16}, 2)


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
