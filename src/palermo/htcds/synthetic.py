"""Synthetic multi-agency case files: the same victims recorded by several agencies, with noise.

Distributions (sex, age band, citizenship, form of exploitation, year, country of exploitation) are
CTDC's 2020-04-14 global release (data/ctdc-distributions.json). Each synthetic person is captured
by each agency independently with that agency's probability (so multiple-systems estimation has a
known answer), and each record is degraded as agencies degrade them: transliteration variants,
typos, swapped name order, partial or swapped birth dates, missing fields, moved addresses. The
ground truth (record -> person) is returned apart and written to its own file. Seeded: the same
arguments give byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pycountry

from palermo.htcds.ctdc import AGE_BANDS, age_band

# capture probability and how carefully each kind of agency writes names and dates
AGENCIES: dict[str, dict[str, Any]] = {
    "police": {"capture": 0.35, "noise": 0.25, "org": "Police", "upper": 0.6},
    "ngo": {"capture": 0.45, "noise": 0.15, "org": "NGO", "upper": 0.0},
    "labour_inspectorate": {
        "capture": 0.15,
        "noise": 0.3,
        "org": "NonPoliceGovernmentalOrganization",
        "upper": 0.3,
    },
    "hotline": {"capture": 0.20, "noise": 0.4, "org": "NGO", "upper": 0.0},
    "iom": {"capture": 0.40, "noise": 0.1, "org": "Other", "upper": 0.0},
}
AGENCY_COLUMNS = (
    "record_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "nationality",
    "address",
    "postcode",
    "city",
    "phone",
    "document_number",
    "prs_Gender",
    "prs_Citizenship",
    "ext_AgeBand",
    "ext_YearOfRegistration",
    "cas_IncomingReferralDate",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
)
SECTORS = (
    "A_AgricultureForestryAndFishing",
    "F_Construction",
    "C_Manufacturing",
    "T_ActivitiesOfHouseholdsAsEmployers",
    "I_AccommodationAndFoodServiceActivities",
    "A_AgricultureForestryAndFishing",
    "H_TransportationAndStorage",
    "B_MiningAndQuarrying",
)
BAND_SPAN = {b: (int(b.split("--")[0]), int(b.split("--")[1])) for b in AGE_BANDS if "--" in b}
BAND_SPAN["48+"] = (48, 70)


@dataclass
class SyntheticCaseFiles:
    """Agency files (one DataFrame each), the ground truth kept aside, and the persons behind it."""

    agencies: dict[str, pd.DataFrame]
    truth: pd.DataFrame  # record_id, agency, person_id
    persons: pd.DataFrame  # every generated person, captured or not (true population)
    seed: int = 0
    notes: dict[str, Any] = field(default_factory=dict)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``<agency>.csv`` files, ``ground_truth.csv`` and ``persons.csv`` into ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, frame in self.agencies.items():
            paths.append(out / f"{name}.csv")
            frame.to_csv(paths[-1], index=False)
        for name, frame in (("ground_truth", self.truth), ("persons", self.persons)):
            paths.append(out / f"{name}.csv")
            frame.to_csv(paths[-1], index=False)
        return paths


@cache
def _data(name: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(
        resources.files("palermo.htcds").joinpath(f"data/{name}").read_text()
    )
    return raw


def distributions() -> dict[str, dict[str, int]]:
    """CTDC 2020 counts by gender, ageBroad, citizenship (ISO3), year, exploitation, country."""
    counts: dict[str, dict[str, int]] = _data("ctdc-distributions.json")["counts"]
    return counts


def _draw(
    rng: np.random.Generator, counts: dict[str, int], n: int, skip_blank: bool = True
) -> np.ndarray[Any, Any]:
    items = [(k, v) for k, v in counts.items() if k or not skip_blank]
    keys = np.array([k for k, _ in items], dtype=object)
    p = np.array([v for _, v in items], dtype=float)
    return np.asarray(rng.choice(keys, size=n, p=p / p.sum()), dtype=object)


def _pool(iso3: str) -> dict[str, list[str]]:
    names = _data("synthetic-names.json")
    pool: dict[str, list[str]] = names["pools"][names["country_pool"].get(iso3, "english")]
    return pool


def _iso2(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else ""


def _typo(rng: np.random.Generator, s: str) -> str:
    if len(s) < 3:
        return s
    i = int(rng.integers(1, len(s) - 1))
    kind = int(rng.integers(4))
    if kind == 0:
        return s[:i] + s[i + 1 :]  # dropped letter
    if kind == 1:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]  # transposition
    if kind == 2:
        return s[:i] + s[i] + s[i:]  # doubled letter
    return s[:i] + "aeiou"[int(rng.integers(5))] + s[i + 1 :]  # vowel slip


def _variant(rng: np.random.Generator, name: str, noise: float) -> str:
    alternatives = _data("synthetic-names.json")["variants"].get(name)
    if alternatives and rng.random() < 0.5:
        return str(rng.choice(alternatives))
    if rng.random() < noise:
        return _typo(rng, name)
    return name


def _person(
    rng: np.random.Generator,
    pid: int,
    sex: str,
    band: str,
    iso3: str,
    year: int,
    exploit: str,
    coe: str,
) -> dict[str, Any]:
    pool = _pool(iso3)
    lo, hi = BAND_SPAN[band]
    age = int(rng.integers(lo, hi + 1))
    registered = date(year, 1, 1) + timedelta(days=int(rng.integers(0, 365)))
    born = registered - timedelta(days=age * 365 + int(rng.integers(0, 365)))
    cc = _data("synthetic-names.json")["calling_codes"].get(iso3, "1")
    return {
        "person_id": f"P{pid:07d}",
        "first_name": str(rng.choice(pool["female" if sex == "Female" else "male"])),
        "last_name": str(rng.choice(pool["last"])),
        "date_of_birth": born.isoformat(),
        "sex": sex,
        "nationality": iso3,
        "address": f"{int(rng.integers(1, 200))} {rng.choice(pool['streets'])}",
        "postcode": f"{int(rng.integers(1000, 99999)):05d}",
        "city": str(rng.choice(pool["cities"])),
        "phone": f"+{cc}{int(rng.integers(10**8, 10**9))}",
        "document_number": f"{chr(65 + int(rng.integers(26)))}{chr(65 + int(rng.integers(26)))}"
        f"{int(rng.integers(10**6, 10**7))}",
        "age": age,
        "registered": registered.isoformat(),
        "exploitation": exploit,
        "country_of_exploitation": coe,
    }


def _partial_date(rng: np.random.Generator, iso: str, noise: float) -> str:
    r = rng.random()
    if r < 0.08 + noise * 0.2:
        return ""  # unknown
    if r < 0.16 + noise * 0.3:
        return iso[:4]  # year only, as victims often know only their year of birth
    if r < 0.2 + noise * 0.3:
        return iso[:7]
    y, m, d = iso.split("-")
    if int(d) <= 12 and rng.random() < noise * 0.3:
        return f"{y}-{d}-{m}"  # day and month swapped by a form in the other order
    return iso


def _record(rng: np.random.Generator, p: dict[str, Any], agency: str, rid: str) -> dict[str, Any]:
    conf = AGENCIES[agency]
    noise = float(conf["noise"])
    first, last = _variant(rng, p["first_name"], noise), _variant(rng, p["last_name"], noise)
    if rng.random() < noise * 0.3:
        first, last = last, first  # surname written first
    if rng.random() < conf["upper"]:
        first, last = first.upper(), last.upper()

    def keep(value: str, p_missing: float) -> str:
        return "" if rng.random() < p_missing else value

    moved = rng.random() < 0.2
    pool = _pool(p["nationality"])
    exploit = p["exploitation"]
    types = [
        t for t, flag in (("ForcedLabour", "L"), ("SexualExploitation", "S")) if flag in exploit
    ]
    labour = str(rng.choice(SECTORS)) if "L" in exploit and rng.random() < 0.7 else ""
    sex_type = "Prostitution" if "S" in exploit and rng.random() < 0.8 else ""
    nationality = (
        p["nationality"] if rng.random() > 0.01 else str(rng.choice(["UKR", "MDA", "PHL"]))
    )
    nationality = keep(nationality, 0.05 + noise * 0.1)
    registered = date.fromisoformat(p["registered"]) + timedelta(days=int(rng.integers(0, 200)))
    age_then = p["age"] + (registered.year - int(p["registered"][:4]))
    return {
        "record_id": rid,
        "first_name": keep(first, 0.02),
        "last_name": keep(last, 0.02),
        "date_of_birth": _partial_date(rng, p["date_of_birth"], noise),
        "sex": keep(p["sex"][0], 0.02),
        "nationality": nationality,
        "address": keep(
            f"{int(rng.integers(1, 200))} {rng.choice(pool['streets'])}" if moved else p["address"],
            0.3,
        ),
        "postcode": keep(
            p["postcode"] if not moved else f"{int(rng.integers(1000, 99999)):05d}", 0.35
        ),
        "city": keep(p["city"] if not moved else str(rng.choice(pool["cities"])), 0.15),
        "phone": keep(
            p["phone"] if rng.random() > 0.15 else f"{p['phone'][:4]} {p['phone'][4:]}", 0.4
        ),
        "document_number": keep(
            p["document_number"]
            if rng.random() > noise * 0.2
            else _typo(rng, p["document_number"]),
            0.5,
        ),
        "prs_Gender": {"Female": "Feminine", "Male": "Masculine"}.get(
            p["sex"], "NonSpecifiedUnknown"
        ),
        "prs_Citizenship": _iso2(nationality) if nationality else "",
        "ext_AgeBand": age_band(age_then),
        "ext_YearOfRegistration": str(registered.year),
        "cas_IncomingReferralDate": registered.isoformat(),
        "vic_TraffickingStatus": "ActualVictimOfTrafficking"
        if rng.random() < 0.7
        else "PossibleVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": conf["org"],
        "vic_TypeOfExploitation": ";".join(types) if rng.random() > 0.1 else "",
        "vic_ForcedLabourIndustry": labour,
        "vic_TypeOfSexExploitation": sex_type,
        "vic_LocationOfExploitation": _iso2(p["country_of_exploitation"]),
    }


def generate_case_files(
    n_persons: int = 2_000,
    agencies: tuple[str, ...] = tuple(AGENCIES),
    seed: int = 0,
) -> SyntheticCaseFiles:
    """Draw ``n_persons`` victims from CTDC's distributions and let each agency record some of them."""
    unknown = [a for a in agencies if a not in AGENCIES]
    if unknown:
        raise ValueError(f"unknown agencies {unknown}; known: {sorted(AGENCIES)}")
    rng = np.random.default_rng(seed)
    dist = distributions()
    sexes = _draw(rng, dist["gender"], n_persons)
    bands = _draw(rng, dist["ageBroad"], n_persons)
    nationalities = _draw(rng, dist["citizenship"], n_persons)
    years = _draw(rng, dist["year"], n_persons)
    exploits = _draw(rng, dist["exploitation"], n_persons, skip_blank=False)
    countries = _draw(rng, dist["CountryOfExploitation"], n_persons)
    persons = [
        _person(
            rng, i, sexes[i], bands[i], nationalities[i], int(years[i]), exploits[i], countries[i]
        )
        for i in range(n_persons)
    ]
    records: dict[str, list[dict[str, Any]]] = {a: [] for a in agencies}
    truth: list[tuple[str, str, str]] = []
    for p in persons:
        for a in agencies:
            if rng.random() < AGENCIES[a]["capture"]:
                rid = f"{a[:3].upper()}-{len(records[a]) + 1:06d}"
                records[a].append(_record(rng, p, a, rid))
                truth.append((rid, a, p["person_id"]))
    frames = {}
    for a, rows in records.items():
        order = rng.permutation(len(rows))  # agencies' files are not in person order
        frames[a] = pd.DataFrame([rows[i] for i in order], columns=list(AGENCY_COLUMNS))
    persons_frame = pd.DataFrame(persons)
    persons_frame["captured"] = persons_frame["person_id"].isin({t[2] for t in truth})
    return SyntheticCaseFiles(
        agencies=frames,
        truth=pd.DataFrame(truth, columns=["record_id", "agency", "person_id"]),
        persons=persons_frame,
        seed=seed,
        notes={"capture": {a: AGENCIES[a]["capture"] for a in agencies}},
    )
