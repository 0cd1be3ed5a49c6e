"""Load UN M49 regions and countries/areas with ISO codes, group flags and names in six languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel import Locale

from palermo.reference.loaders.base import DATA_DIR, LoadError, LoadReport, read_rows, sync
from palermo.reference.loaders.names import clean_unterm
from palermo.reference.models import UN_LANGUAGES, Country, Region, RegionLevel

M49_FILE = DATA_DIR / "m49" / "unsd_m49_overview_en.csv"
CODES_FILE = DATA_DIR / "m49" / "datasets_country-codes.csv"
# UNSD's French names of the 30 M49 regions (curated: the overview file is English only, and CLDR
# lacks or differs on some, e.g. 419 "Latin America" without the Caribbean).
REGIONS_FR_FILE = DATA_DIR / "m49" / "unsd_m49_regions_fr.csv"
# CLDR calls Chinese "zh"; the UNTERM columns use language names.
UNTERM_LANGUAGES = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}
# Treaty parties that are not in M49. World Bank code EUU; ISO 3166 reserves alpha-2 "EU".
NON_M49_PARTIES = [
    {"iso3": "EUU", "iso2": "EU", "formal_en": "European Union", "regional_organisation": True}
]
# Member States whose UNTERM columns are empty in the shipped crosswalk (renamed in UNTERM after
# the crosswalk's snapshot: Côte d'Ivoire, Türkiye); M49 lists both as UN Members.
MEMBERS_WITHOUT_UNTERM = {"CIV", "TUR"}
# The crosswalk's UNSD "official_name_*" columns; Chinese is "cn" there.
OFFICIAL_COLUMNS = {"ar": "ar", "zh": "cn", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}
_LOCALES = {lang: Locale.parse(lang) for lang in UN_LANGUAGES}


def cldr_names(code: str) -> dict[str, str]:
    """Names of a CLDR territory (ISO alpha-2 or 3-digit M49 region) in the six UN languages."""
    return {lang: name for lang, loc in _LOCALES.items() if (name := loc.territories.get(code))}


def _region_names(code: str, english: str) -> dict[str, str]:
    # CLDR reuses some M49 codes for different groupings (419 "Latin America", 053 "Australasia"):
    # take its translations only where its English name is the UNSD one.
    names = cldr_names(code)
    return names if names.get("en") == english else {"en": english}


def french_region_names(path: Path, english: dict[str, str]) -> dict[str, str]:
    """{M49 code: UNSD French name}, each row checked against the overview's English name."""
    out: dict[str, str] = {}
    for line, row in read_rows(path, required=("m49", "name_en", "name_fr")):
        code = row["m49"]
        if code not in english:
            raise LoadError(path, line, "m49", f"not a region of the M49 overview: {code!r}")
        if row["name_en"] != english[code]:
            raise LoadError(
                path, line, "name_en", f"{row['name_en']!r} is {english[code]!r} in the overview"
            )
        if not row["name_fr"].strip():
            raise LoadError(path, line, "name_fr", "empty French name")
        out[code] = row["name_fr"].strip()
    return out


def load_countries(data_dir: Path = DATA_DIR) -> LoadReport:
    """Regions (world, region, sub-region, intermediate) then countries; countries are never pruned."""
    m49_file = data_dir / M49_FILE.relative_to(DATA_DIR)
    codes_file = data_dir / CODES_FILE.relative_to(DATA_DIR)
    report = LoadReport("countries")
    regions: dict[str, dict[str, Any]] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    levels = (
        ("Global", RegionLevel.WORLD, None),
        ("Region", RegionLevel.REGION, "Global"),
        ("Sub-region", RegionLevel.SUBREGION, "Region"),
        ("Intermediate Region", RegionLevel.INTERMEDIATE, "Sub-region"),
    )
    for line, row in read_rows(m49_file, required=("M49 Code", "ISO-alpha3 Code", "Region Code")):
        report.read += 1
        rows.append((line, row))
        for prefix, level, parent in levels:
            code, name = row[f"{prefix} Code"], row[f"{prefix} Name"]
            if not code:
                continue
            if not (code.isdigit() and len(code) == 3):
                raise LoadError(
                    m49_file, line, f"{prefix} Code", f"not a 3-digit M49 code: {code!r}"
                )
            parent_code = row[f"{parent} Code"] if parent else None
            # An intermediate region hangs from its sub-region; skip empty levels in between.
            if parent == "Sub-region" and not parent_code:
                parent_code = row["Region Code"]
            regions[code] = {
                "level": level,
                "parent": parent_code,
                "names": _region_names(code, name),
            }
    regions_fr_file = data_dir / REGIONS_FR_FILE.relative_to(DATA_DIR)
    if regions_fr_file.exists():
        english = {code: v["names"]["en"] for code, v in regions.items()}
        for code, name in french_region_names(regions_fr_file, english).items():
            regions[code]["names"] = {**regions[code]["names"], "fr": name}
    region_report = LoadReport("regions")
    region_desired = {(c): {"level": v["level"], "names": v["names"]} for c, v in regions.items()}
    sync(
        Region,
        ("m49",),
        {(c,): v for c, v in region_desired.items()},
        Region.objects.all(),
        region_report,
        prune=False,
    )
    ids = dict(Region.objects.values_list("m49", "id"))
    parents = {
        (c,): {"parent_id": ids[v["parent"]] if v["parent"] else None} for c, v in regions.items()
    }
    sync(Region, ("m49",), parents, Region.objects.all(), LoadReport("region parents"), prune=False)

    extra: dict[str, dict[str, str]] = {}
    for line, row in read_rows(codes_file, required=("ISO3166-1-Alpha-3", "UNTERM English Short")):
        if row["ISO3166-1-Alpha-3"]:
            extra[row["ISO3166-1-Alpha-3"]] = row | {"_line": str(line)}

    desired: dict[tuple[Any, ...], dict[str, Any]] = {}
    for line, row in rows:
        iso3, iso2, m49 = row["ISO-alpha3 Code"], row["ISO-alpha2 Code"], row["M49 Code"]
        if not iso3:  # Sark has an M49 code but no ISO code; no other source keys on it
            report.unmatched[f"M49 {m49} {row['Country or Area']} (no ISO3)"] += 1
            continue
        if len(iso3) != 3 or not iso3.isalpha():
            raise LoadError(m49_file, line, "ISO-alpha3 Code", f"not an ISO3 code: {iso3!r}")
        names = cldr_names(iso2) or {"en": row["Country or Area"]}
        un_names: dict[str, str] = {}
        formal: dict[str, str] = {}
        info = extra.get(iso3)
        short_en = ""
        if info is None:
            report.unmatched[f"{iso3} not in {codes_file.name}"] += 1
        else:
            short_en = info["UNTERM English Short"]
            for lang, label in UNTERM_LANGUAGES.items():
                short = clean_unterm(info.get(f"UNTERM {label} Short", ""))
                full = clean_unterm(info.get(f"UNTERM {label} Formal", ""))
                short = short or info.get(f"official_name_{OFFICIAL_COLUMNS[lang]}", "")
                if short:
                    un_names[lang] = short
                if full and full != short:
                    formal[lang] = full
        desired[(iso3,)] = {
            "iso2": iso2,
            "m49": m49,
            "names": names,
            "un_names": un_names,
            "formal_names": formal,
            "region_id": ids.get(row["Region Code"]),
            "subregion_id": ids.get(row["Sub-region Code"]),
            "intermediate_region_id": ids.get(row["Intermediate Region Code"]),
            "ldc": row["Least Developed Countries (LDC)"] == "x",
            "lldc": row["Land Locked Developing Countries (LLDC)"] == "x",
            "sids": row["Small Island Developing States (SIDS)"] == "x",
            # UNTERM marks non-member observer States with one star, other non-members with two.
            "is_un_member": (bool(short_en) and not short_en.endswith("*"))
            or iso3 in MEMBERS_WITHOUT_UNTERM,
            "is_observer_state": short_en.endswith(" *"),
            "is_regional_organisation": False,
        }
    for party in NON_M49_PARTIES:
        names = cldr_names(party["iso2"]) or {"en": party["formal_en"]}
        desired[(party["iso3"],)] = {
            "iso2": party["iso2"],
            "m49": "",
            "names": names,
            "un_names": {},
            "formal_names": {},
            "region_id": None,
            "subregion_id": None,
            "intermediate_region_id": None,
            "ldc": False,
            "lldc": False,
            "sids": False,
            "is_un_member": False,
            "is_observer_state": False,
            "is_regional_organisation": True,
        }
    sync(Country, ("iso3",), desired, Country.objects.all(), report, prune=False)
    for attr in ("inserted", "updated", "unchanged"):
        setattr(report, attr, getattr(report, attr) + getattr(region_report, attr))
    report.notes.append(f"{len(regions)} regions, {len(desired)} countries and areas")
    return report
