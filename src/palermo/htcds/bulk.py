"""Large HTCDS-named CSVs (a million rows in seconds) for benchmarks and streaming tests.

Unlike ``synthetic`` this draws every column independently with numpy (no persons, no agencies):
the point is volume with realistic cardinalities, not linkage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pycountry

from palermo.htcds.ctdc import AGE_BANDS
from palermo.htcds.synthetic import SECTORS, _data, _draw, distributions


def _pick(
    rng: np.random.Generator, values: list[str] | tuple[str, ...], n: int
) -> np.ndarray[Any, Any]:
    return np.asarray(np.array(values, dtype=object)[rng.integers(0, len(values), n)], dtype=object)


def _blank(
    rng: np.random.Generator, col: np.ndarray[Any, Any], share: float
) -> np.ndarray[Any, Any]:
    return np.where(rng.random(len(col)) < share, "", col).astype(object)


def generate_htcds_frame(rows: int, seed: int = 0) -> pd.DataFrame:
    """``rows`` valid HTCDS records (22 columns, about 200 bytes a row)."""
    rng = np.random.default_rng(seed)
    names = _data("synthetic-names.json")["pools"]
    first = sorted({n for p in names.values() for n in p["female"] + p["male"]})
    last = sorted({n for p in names.values() for n in p["last"]})
    cities = sorted({n for p in names.values() for n in p["cities"]})
    streets = sorted({n for p in names.values() for n in p["streets"]})
    dist = distributions()
    iso3 = _draw(rng, dist["citizenship"], rows)
    to2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    iso2 = np.array([to2.get(c, "") for c in iso3], dtype=object)
    born = np.datetime64("1960-01-01") + rng.integers(0, 45 * 365, rows).astype("timedelta64[D]")
    referred = np.datetime64("2005-01-01") + rng.integers(0, 18 * 365, rows).astype(
        "timedelta64[D]"
    )
    age = ((referred - born).astype(int) // 365).astype(int)
    bands = np.array(AGE_BANDS, dtype=object)[
        np.searchsorted(np.array([0, 9, 18, 21, 24, 27, 30, 39, 48]), age, side="right") - 1
    ]
    exploit = _pick(
        rng,
        [
            "ForcedLabour",
            "SexualExploitation",
            "ForcedLabour;SexualExploitation",
            "ForcedBegging",
            "",
        ],
        rows,
    )
    frame = pd.DataFrame(
        {
            "prs_FirstName": _pick(rng, first, rows),
            "prs_SecondName": _pick(rng, last, rows),
            "prs_Birthdate": _blank(rng, born.astype(str).astype(object), 0.1),
            "prs_Gender": _pick(
                rng, ["Feminine", "Masculine", "Feminine", "NonSpecifiedUnknown"], rows
            ),
            "prs_Citizenship": iso2,
            "prs_MobilePhone": _blank(
                rng,
                np.char.add("+", rng.integers(10**10, 10**12, rows).astype(str)).astype(object),
                0.4,
            ),
            "prs_MailingStreet": np.char.add(
                rng.integers(1, 300, rows).astype(str),
                _pick(rng, [" " + s for s in streets], rows).astype(str),
            ).astype(object),
            "prs_MailingCity": _pick(rng, cities, rows),
            "prs_MailingPostalCode": np.char.zfill(
                rng.integers(1000, 99999, rows).astype(str), 5
            ).astype(object),
            "prs_MailingCountry": iso2,
            "prs_IdentityNumber": _blank(
                rng,
                np.char.add("ID", rng.integers(10**7, 10**8, rows).astype(str)).astype(object),
                0.5,
            ),
            "vic_TraffickingStatus": _pick(
                rng, ["ActualVictimOfTrafficking", "PossibleVictimOfTrafficking"], rows
            ),
            "vic_TypeOfExploitation": exploit,
            "vic_ForcedLabourIndustry": np.where(
                np.char.startswith(exploit.astype(str), "ForcedLabour"),
                _pick(rng, SECTORS, rows),
                "",
            ).astype(object),
            "vic_TypeOfSexExploitation": np.where(
                np.char.find(exploit.astype(str), "Sexual") >= 0, "Prostitution", ""
            ).astype(object),
            "vic_LocationOfExploitation": _pick(
                rng, ["US", "UA", "MD", "RU", "PH", "TH", "MY", ""], rows
            ),
            "vic_AgeWhenTrafficked": np.maximum(age - rng.integers(0, 3, rows), 0)
            .astype(str)
            .astype(object),
            "cas_Status": _pick(rng, ["Active", "FollowUp", "Closed", "ClosedReferred"], rows),
            "cas_IncomingReferralDate": referred.astype(str).astype(object),
            "con_Consent": _pick(rng, ["true", "false", "true"], rows),
            "ext_AgeBand": bands,
            "ext_YearOfRegistration": referred.astype("datetime64[Y]").astype(str).astype(object),
        }
    )
    return frame


def write_htcds_csv(path: str | Path, rows: int, seed: int = 0, chunk: int = 250_000) -> Path:
    """Write ``rows`` valid records to ``path`` in chunks (bounded memory)."""
    out = Path(path)
    for i, start in enumerate(range(0, rows, chunk)):
        frame = generate_htcds_frame(min(chunk, rows - start), seed + i)
        frame.to_csv(out, mode="w" if i == 0 else "a", header=i == 0, index=False)
    return out
