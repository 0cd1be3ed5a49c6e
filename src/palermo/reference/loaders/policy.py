"""Load legislation status (criminalisation), Cho's 3P policy index and US TIP report tiers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from palermo.reference.loaders.base import DATA_DIR, LoadError, LoadReport, read_rows, sync
from palermo.reference.loaders.names import CountryResolver
from palermo.reference.models import (
    Country,
    Criminalisation,
    LegislationStatus,
    PolicyIndex,
    TipTier,
)

KS_FILE = "legislation/kelley_simmons_ajps2015_country_year_2000_2011.csv"
KH_CRIM_FILE = "legislation/kelley_heiss_criminalization_map.csv"
CHO_FILE = "legislation/cho_3p_policy_index_with_tiers.csv.gz"
KH_TIERS_FILE = "tip_tiers/kelley_heiss_tip_tiers_1999_2015.csv"
KH_FIRST_FILE = "tip_tiers/kelley_heiss_year_first_in_tip_report.csv"
FACTBOOK_FILE = "tip_tiers/factbook_tip_tier_ratings_snapshots.csv.gz"
KS_SOURCE = "Kelley & Simmons (AJPS 2015), adjbicrimlevel"
KH_CRIM_SOURCE = "Kelley & Heiss, Scorecard Diplomacy: criminalization map"
CHO_SOURCE = "Cho, Dreher & Neumayer 3P anti-trafficking policy index"
KH_TIERS_SOURCE = "Kelley & Heiss, Scorecard Diplomacy: TIP tiers 2001-2015"
FACTBOOK_SOURCE = "CIA World Factbook: TIP tier ratings (Watch List and Tier 3)"
NA = {"", "NA"}
KS_LEVELS = {"0": Criminalisation.NONE, "1": Criminalisation.PARTIAL, "2": Criminalisation.FULL}
TIERS = {
    "tier 1": TipTier.Tier.TIER_1,
    "tier 2": TipTier.Tier.TIER_2,
    "watchlist": TipTier.Tier.WATCH_LIST,
    "tier 2 watch list": TipTier.Tier.WATCH_LIST,
    "tier 3": TipTier.Tier.TIER_3,
    "special case": TipTier.Tier.SPECIAL,
}


def _year(value: str, path: Path, line: int, column: str = "year") -> int:
    if not re.fullmatch(r"(19|20)\d\d", value):
        raise LoadError(path, line, column, f"not a year: {value!r}")
    return int(value)


def _cow_crosswalk(data_dir: Path) -> dict[str, str]:
    """Correlates of War code -> ISO3, from the shipped files that carry both."""
    pairs: dict[str, str] = {}
    for rel, cow_col, iso_col in (
        (KH_CRIM_FILE, "ccode", "iso3"),
        (KH_TIERS_FILE, "ccode", "iso"),
        (KH_FIRST_FILE, "cow", "iso"),
        (CHO_FILE, "cow", "iso"),
    ):
        for _, row in read_rows(data_dir / rel):
            if row.get(cow_col, "") not in NA and row.get(iso_col, "") not in NA:
                pairs.setdefault(str(int(float(row[cow_col]))), row[iso_col])
    return pairs


def load_legislation(data_dir: Path = DATA_DIR) -> LoadReport:
    """Country-year criminalisation from Kelley & Simmons (2000-2011) and Kelley & Heiss (2001, 2014)."""
    report = LoadReport("legislation")
    ids = dict(Country.objects.values_list("iso3", "id"))
    cow = _cow_crosswalk(data_dir)
    resolver = CountryResolver()
    desired: dict[tuple[Any, ...], dict[str, Any]] = {}
    path = data_dir / KS_FILE
    for line, row in read_rows(path, required=("name", "cowcode", "year", "adjbicrimlevel")):
        report.read += 1
        iso3 = cow.get(row["cowcode"]) or resolver.name(row["name"])
        if iso3 not in ids:
            report.unmatched[f"{path.name}: {row['name']} (COW {row['cowcode']})"] += 1
            continue
        level = row["adjbicrimlevel"].removesuffix(".0")
        if level in NA:
            report.skipped += 1
            continue
        if level not in KS_LEVELS:
            raise LoadError(path, line, "adjbicrimlevel", f"expected 0, 1 or 2, got {level!r}")
        year = _year(row["year"], path, line)
        desired[(ids[iso3], year, KS_SOURCE)] = {"criminalisation": KS_LEVELS[level], "note": ""}
    path = data_dir / KH_CRIM_FILE
    for line, row in read_rows(path, required=("iso3", "year", "crim_level")):
        report.read += 1
        if row["iso3"] not in ids:
            report.unmatched[f"{path.name}: {row['iso3']}"] += 1
            continue
        word = row["crim_level"].split(" ")[0].lower()
        level = {
            "no": Criminalisation.NONE,
            "partial": Criminalisation.PARTIAL,
            "full": Criminalisation.FULL,
        }.get(word)
        if level is None:
            raise LoadError(path, line, "crim_level", f"unknown level {row['crim_level']!r}")
        year = _year(row["year"], path, line)
        desired[(ids[row["iso3"]], year, KH_CRIM_SOURCE)] = {"criminalisation": level, "note": ""}
    scope = LegislationStatus.objects.filter(source__in=[KS_SOURCE, KH_CRIM_SOURCE])
    sync(LegislationStatus, ("country_id", "year", "source"), desired, scope, report)
    return report


def load_policy_index(data_dir: Path = DATA_DIR) -> LoadReport:
    """Cho's 3P index: prosecution, prevention, protection (1-5 each) and their sum, 2000-2015."""
    report = LoadReport("policy_index")
    ids = dict(Country.objects.values_list("iso3", "id"))
    resolver = CountryResolver()
    cow = _cow_crosswalk(data_dir)
    path = data_dir / CHO_FILE
    desired: dict[tuple[Any, ...], dict[str, Any]] = {}
    columns = ("prosecution", "prevention", "protection", "p")
    for line, row in read_rows(path, required=("iso", "cow", "year", "countryname", *columns)):
        report.read += 1
        iso3 = (
            row["iso"]
            if row["iso"] in ids
            else cow.get(row["cow"]) or resolver.name(row["countryname"])
        )
        if iso3 not in ids:
            report.unmatched[
                f"{path.name}: {row['iso']} {row['countryname']} (COW {row['cow']})"
            ] += 1
            continue
        values: dict[str, int | None] = {}
        for col in columns:
            if row[col] in NA:
                values[col] = None
                continue
            if not row[col].isdigit() or not (0 <= int(row[col]) <= (15 if col == "p" else 5)):
                raise LoadError(path, line, col, f"expected a score, got {row[col]!r}")
            values[col] = int(row[col])
        if all(v is None for v in values.values()):
            report.skipped += 1
            continue
        year = _year(row["year"], path, line)
        desired[(ids[iso3], year, CHO_SOURCE)] = {
            "prosecution": values["prosecution"],
            "prevention": values["prevention"],
            "protection": values["protection"],
            "total": values["p"],
        }
    sync(
        PolicyIndex,
        ("country_id", "year", "source"),
        desired,
        PolicyIndex.objects.filter(source=CHO_SOURCE),
        report,
    )
    return report


def _factbook_year(text: str) -> int | None:
    """The TIP report a Factbook entry quotes: '(2014)' at the end, or the report's URL."""
    if match := re.search(r"\((\d{4})\)\s*$", text):
        return int(match.group(1))
    if match := re.search(r"(\d{4})-trafficking-in-persons-report", text):
        return int(match.group(1))
    return None


def load_tip_tiers(data_dir: Path = DATA_DIR) -> LoadReport:
    """All tiers 2001-2015 (Kelley & Heiss); Watch List / Tier 3 entries quoted by the CIA Factbook."""
    report = LoadReport("tip_tiers")
    ids = dict(Country.objects.values_list("iso3", "id"))
    resolver = CountryResolver()
    desired: dict[tuple[Any, ...], dict[str, Any]] = {}
    path = data_dir / KH_TIERS_FILE
    for line, row in read_rows(path, required=("countryname", "iso", "year", "tier")):
        report.read += 1
        if row["tier"] in NA:
            report.skipped += 1
            continue
        iso3 = row["iso"] if row["iso"] in ids else resolver.name(row["countryname"])
        if iso3 is None:
            report.unmatched[f"{path.name}: {row['iso']} {row['countryname']}"] += 1
            continue
        tier = TIERS.get(row["tier"].lower())
        if tier is None:
            raise LoadError(path, line, "tier", f"unknown tier {row['tier']!r}")
        desired[(ids[iso3], _year(row["year"], path, line), KH_TIERS_SOURCE)] = {"tier": tier}
    path = data_dir / FACTBOOK_FILE
    latest: dict[tuple[Any, ...], str] = {}
    for _line, row in read_rows(
        path, required=("snapshot_date", "country", "tier", "tier_rating_text")
    ):
        report.read += 1
        iso3 = resolver.name(row["country"])
        if iso3 is None:
            report.unmatched[f"{path.name}: {row['country'] or '(empty country)'}"] += 1
            continue
        text = row["tier_rating_text"]
        label = row["tier"] or ("special case" if "special" in text.lower()[:40] else "")
        tier = TIERS.get(label.lower())
        year = _factbook_year(text)
        if tier is None or year is None:
            report.unmatched[
                f"{path.name}: {row['country']} {row['snapshot_date']} (no tier/year)"
            ] += 1
            continue
        key = (ids[iso3], year, FACTBOOK_SOURCE)
        # Several snapshots quote the same report; the latest snapshot wins.
        if row["snapshot_date"] >= latest.get(key, ""):
            latest[key] = row["snapshot_date"]
            desired[key] = {"tier": tier}
    scope = TipTier.objects.filter(source__in=[KH_TIERS_SOURCE, FACTBOOK_SOURCE])
    sync(TipTier, ("country_id", "report_year", "source"), desired, scope, report)
    return report
