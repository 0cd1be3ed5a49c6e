"""A hard multi-agency test set with ground truth: the benchmark the linkage engine is judged on.

About 1.4 records per person spread over six agencies; names from 15 nationalities (built from each
language's syllables so a million people do not share thirty names, with Zipf-like frequencies and
a few very common surnames, as in Viet Nam or China); typos, transliteration variants, Cyrillic
script, swapped given/family names, second given names, nicknames; missing, year-only, 1 January
placeholder, day/month-swapped and estimated (off by one year) birth dates; moved cities; missing
phones and documents. `palermo.htcds.generate_case_files` draws from pools of about ten names per
language, too few to link a million people by, hence this separate generator. Seeded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["SOURCES", "HardSet", "generate_hard_set"]

SOURCES = ("police", "ngo", "hotline", "labour_inspectorate", "iom", "shelter")
_SOURCE_WEIGHT = np.array([0.3, 0.25, 0.1, 0.08, 0.17, 0.1])

# onsets, vowels, family-name endings per language group; nationality -> (group, weight)
_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], int]] = {
    "slavic": (
        ("k", "v", "s", "t", "m", "l", "d", "zh", "kh", "sh", "ch", "b", "p", "r", "n", "y"),
        ("a", "o", "e", "i", "u", "ya", "yu"),
        ("enko", "ko", "chuk", "ov", "ova", "ev", "in", "ina", "skyi", "yak", "ets"),
        2,
    ),
    "romanian": (
        ("p", "r", "c", "m", "t", "b", "d", "s", "l", "n", "g", "v", "f"),
        ("a", "o", "e", "i", "u", "ea", "ia"),
        ("escu", "eanu", "u", "aru", "a", "ache"),
        2,
    ),
    "albanian": (
        ("b", "d", "g", "k", "l", "m", "n", "r", "sh", "gj", "xh", "z", "h"),
        ("a", "e", "i", "o", "u", "ë"),
        ("aj", "i", "ku", "ri", "llari", "ja"),
        2,
    ),
    "west_african": (
        ("b", "d", "k", "m", "n", "o", "ch", "s", "t", "y", "gb", "kw", "ad", "ok", "ab"),
        ("a", "e", "i", "o", "u"),
        ("a", "e", "i", "o", "u", "ah", "ye", "oye", "emi"),
        3,
    ),
    "filipino": (
        ("b", "c", "d", "g", "l", "m", "p", "r", "s", "t", "v", "y"),
        ("a", "e", "i", "o", "u"),
        ("o", "a", "on", "ez", "es", "ino"),
        2,
    ),
    "spanish": (
        ("g", "r", "m", "h", "l", "p", "s", "t", "d", "c", "v", "f", "j", "b"),
        ("a", "e", "i", "o", "u", "ue", "ie"),
        ("ez", "es", "o", "a", "illo", "ero", "ano"),
        2,
    ),
    "south_asian": (
        ("k", "s", "r", "p", "d", "m", "n", "sh", "bh", "ch", "v", "j", "g", "h"),
        ("a", "e", "i", "o", "u", "aa", "ee"),
        ("a", "an", "ar", "i", "esh", "il", "am"),
        2,
    ),
    "arabic": (
        ("m", "h", "s", "k", "r", "f", "b", "n", "kh", "gh", "d", "y", "z"),
        ("a", "i", "u", "aa", "ou"),
        ("i", "an", "al", "id", "ar", "oud"),
        2,
    ),
    "east_asian": (
        ("ng", "tr", "ph", "h", "l", "th", "d", "v", "b", "ch", "x", "zh", "w"),
        ("a", "o", "u", "uy", "ien", "ang", "ong", "in"),
        ("", "n", "ng", "h"),
        1,
    ),
}
NATIONALITIES: dict[str, str] = {
    "UKR": "slavic",
    "RUS": "slavic",
    "BGR": "slavic",
    "MDA": "romanian",
    "ROU": "romanian",
    "ALB": "albanian",
    "NGA": "west_african",
    "GHA": "west_african",
    "PHL": "filipino",
    "MEX": "spanish",
    "COL": "spanish",
    "IND": "south_asian",
    "SYR": "arabic",
    "VNM": "east_asian",
    "CHN": "east_asian",
}
_NAT_WEIGHT = np.array([14, 8, 4, 6, 7, 4, 9, 4, 10, 5, 3, 7, 4, 9, 6], dtype=float)
# Latin -> Cyrillic, longest first, for records an agency keyed in from a passport in Cyrillic
_CYRILLIC = (
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"),
    ("yu", "ю"), ("ye", "є"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"),
    ("e", "е"), ("z", "з"), ("i", "и"), ("y", "й"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("f", "ф"),
)  # fmt: skip
_TRANSLIT = (("y", "i"), ("kh", "h"), ("v", "w"), ("sh", "sch"), ("ch", "tsch"), ("yu", "ju"))
_NICK = {"aleksandr": "sasha", "mariya": "masha", "natalia": "natasha", "ekaterina": "katya"}
_CITIES = tuple(
    f"{a}{b}"
    for a in ("Ber", "Mil", "Ath", "Vie", "Lyo", "Ist", "Dub", "Kra", "Mad", "Sof", "Bel", "Nap")
    for b in ("lin", "ano", "ens", "nna", "ton", "burg")
)


@dataclass
class HardSet:
    """Records (the columns `palermo.linkage` reads) and the truth: record_id -> person_id."""

    records: pd.DataFrame
    truth: pd.DataFrame  # record_id, source, person_id

    @property
    def persons(self) -> int:
        return int(self.truth["person_id"].nunique())


def _pool(rng: random.Random, group: str, size: int, family: bool) -> list[str]:
    onsets, vowels, endings, _ = _GROUPS[group]
    names: set[str] = set()
    while len(names) < size:
        parts = rng.randint(1, 2) if group == "east_asian" else rng.randint(2, 3)
        stem = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(parts))
        if family:
            stem += rng.choice(endings)
        elif group != "east_asian":
            stem += rng.choice(("a", "o", "", "an", "el", "ia", "ur"))
        names.add(stem.capitalize())
    ordered = sorted(names)
    rng.shuffle(ordered)  # frequency rank must not follow the alphabet
    return ordered


def _zipf(n: int, s: float = 1.0) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** s
    return np.asarray(weights / weights.sum(), dtype=float)


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 4:
        return s
    i = rng.randint(1, len(s) - 2)
    kind = rng.randint(0, 3)
    if kind == 0:
        return s[:i] + s[i + 1 :]
    if kind == 1:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    if kind == 2:
        return s[:i] + s[i] + s[i:]
    return s[:i] + rng.choice("aeiouy") + s[i + 1 :]


def _cyrillic(s: str) -> str:
    out, i, low = [], 0, s.lower()
    while i < len(low):
        for lat, cyr in _CYRILLIC:
            if low.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(low[i])
            i += 1
    return "".join(out).capitalize()


def _translit(rng: random.Random, s: str) -> str:
    old, new = rng.choice(_TRANSLIT)
    return s.replace(old, new) if old in s else s


def _date(rng: random.Random, born: str) -> str:
    r = rng.random()
    if r < 0.14:
        return ""
    if r < 0.24:
        return born[:4]
    if r < 0.29:
        return born[:4] + "-01-01"
    if r < 0.35:
        return f"{int(born[:4]) + rng.choice((-1, 1))}{born[4:]}"  # age estimated a year off
    if r < 0.38 and int(born[8:]) <= 12:
        return f"{born[:4]}-{born[8:]}-{born[5:7]}"
    if r < 0.41:
        return f"{born[8:]}/{born[5:7]}/{born[:4]}"
    return born


def generate_hard_set(n_records: int = 10_000, seed: int = 0) -> HardSet:
    """About ``n_records`` records of ``n_records / 1.4`` people over six agencies, with truth."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    n_persons = max(1, round(n_records / 1.4))
    pools = {}
    for group in _GROUPS:
        scale = 0.3 if group == "east_asian" else 1.0
        pools[group] = (
            _pool(rng, group, 400, False),
            _pool(rng, group, 400, False),
            _pool(rng, group, max(40, int(4000 * scale)), True),
        )
    nats = list(NATIONALITIES)
    nat = nrng.choice(len(nats), size=n_persons, p=_NAT_WEIGHT / _NAT_WEIGHT.sum())
    female = nrng.random(n_persons) < 0.7
    given_idx = nrng.choice(400, size=n_persons, p=_zipf(400, 0.7))
    second_idx = nrng.choice(400, size=n_persons, p=_zipf(400, 0.7))
    family_rank = nrng.random(n_persons)
    born = np.datetime64("1965-01-01") + nrng.integers(0, 365 * 45, n_persons).astype("m8[D]")
    counts = nrng.choice([1, 2, 3, 4], size=n_persons, p=[0.72, 0.2, 0.06, 0.02])
    rows: list[tuple[str, ...]] = []
    truth: list[tuple[str, str, str]] = []
    serial = dict.fromkeys(SOURCES, 0)
    for p in range(n_persons):
        group = NATIONALITIES[nats[nat[p]]]
        fem, mal, fams = pools[group]
        given = (fem if female[p] else mal)[given_idx[p]]
        second = (fem if female[p] else mal)[second_idx[p]]
        zipf_s = 1.3 if group == "east_asian" else 0.9
        family = fams[min(len(fams) - 1, int(len(fams) * family_rank[p] ** (1 + zipf_s * 2)))]
        if group == "spanish":
            family = f"{family} {fams[(given_idx[p] * 7 + p) % len(fams)]}"
        dob = str(born[p])
        city = rng.choice(_CITIES)
        postcode = f"{rng.randint(10000, 99999)}"
        address = f"{rng.randint(1, 250)} {rng.choice(pools['spanish'][2])} street"
        phone = f"+{rng.randint(30, 99)} {rng.randint(100000000, 999999999)}"
        doc = f"{rng.choice('ABCDEFGHKLMNPRSTUVXZ')}{rng.choice('ABCEHKMPTX')}{rng.randint(1000000, 9999999)}"
        sources = nrng.choice(len(SOURCES), size=counts[p], replace=False, p=_SOURCE_WEIGHT)
        for s in sources:
            source = SOURCES[s]
            serial[source] += 1
            rid = f"{source[:3].upper()}{serial[source]:07d}"
            g, f = given, family
            if group == "spanish" and rng.random() < 0.4:
                f = f.split()[0]
            if rng.random() < 0.12:
                g = f"{g} {second}"
            if g.lower() in _NICK and rng.random() < 0.3:
                g = _NICK[g.lower()].capitalize()
            if group == "slavic" and rng.random() < 0.35:
                g, f = _translit(rng, g), _translit(rng, f)
            if rng.random() < 0.18:
                g = _typo(rng, g)
            if rng.random() < 0.2:
                f = _typo(rng, f)
            if group == "slavic" and rng.random() < 0.1:
                g, f = _cyrillic(g), _cyrillic(f)
            if rng.random() < 0.1:
                g, f = f, g
            if rng.random() < 0.15:
                g, f = g.upper(), f.upper()
            moved = rng.random() < 0.3
            rows.append(
                (
                    rid,
                    source,
                    g if rng.random() > 0.02 else "",
                    f if rng.random() > 0.03 else "",
                    _date(rng, dob),
                    ("F" if female[p] else "M") if rng.random() > 0.04 else "",
                    nats[nat[p]] if rng.random() > 0.06 else "",
                    "" if rng.random() < 0.5 else (address if not moved else f"{rng.randint(1, 250)} {rng.choice(pools['spanish'][2])} street"),
                    "" if rng.random() < 0.5 else (postcode if not moved else f"{rng.randint(10000, 99999)}"),
                    "" if rng.random() < 0.2 else (city if not moved else rng.choice(_CITIES)),
                    "" if rng.random() < 0.55 else (phone if rng.random() > 0.1 else f"+{rng.randint(30, 99)} {rng.randint(100000000, 999999999)}"),
                    "" if rng.random() < 0.65 else (doc if rng.random() > 0.03 else _typo(rng, doc)),
                )
            )  # fmt: skip
            truth.append((rid, source, f"P{p:07d}"))
    columns = ["record_id", "source", "first_name", "last_name", "date_of_birth", "sex"]
    columns += ["nationality", "address", "postcode", "city", "phone", "document_number"]
    order = nrng.permutation(len(rows))
    records = pd.DataFrame([rows[i] for i in order], columns=columns)
    truth_frame = pd.DataFrame(
        [truth[i] for i in order], columns=["record_id", "source", "person_id"]
    )
    return HardSet(records=records.reset_index(drop=True), truth=truth_frame)
