"""Cleaning GLOTIP's free-text citizenship labels (2017 on) into countries, and geographical reach."""

from __future__ import annotations

import contextlib
import csv
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
NATIONALS = "NATIONALS"
UNKNOWN = "UNKNOWN"
REACHES = ("domestic", "subregional", "regional", "transregional")


@lru_cache(maxsize=8192)
def normalise(label: str) -> str:
    """Case-fold, repair UTF-8 read as Latin-1 ('TÃ¼rkiye'), drop accents and the replacement mark."""
    text = label.strip()
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("latin-1").decode("utf-8")
    text = unicodedata.normalize("NFKD", text.replace("\ufffd", ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("’", "'").split())


@lru_cache(maxsize=1)
def regions() -> dict[str, tuple[str, str, str]]:
    """ISO3 -> (M49 code, region, sub-region), M49 names as GLOTIP uses them."""
    with (DATA / "regions.csv").open(encoding="utf-8") as fh:
        return {r["iso3"]: (r["m49"], r["region"], r["subregion"]) for r in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    import pycountry

    for country in pycountry.countries:
        for name in ("name", "official_name", "common_name"):
            if hasattr(country, name):
                table[normalise(getattr(country, name))] = country.alpha_3
    with (DATA / "aliases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            table[normalise(row["label"])] = row["target"]
    return table


def add_country_names(names: dict[str, str]) -> None:
    """Teach the table the country names a release itself uses (name -> ISO3)."""
    table = _table()
    for name, iso3 in names.items():
        table.setdefault(normalise(name), iso3)


def clean(label: str) -> str | None:
    """A label -> ISO3, NATIONALS, UNKNOWN, or None when the table does not know it."""
    return _table().get(normalise(label))


def reach(reporting: str, citizenship: str) -> str | None:
    """Geographical reach of a flow from citizenship country to the detecting country."""
    if citizenship in (NATIONALS, reporting):
        return "domestic"
    here, there = regions().get(reporting), regions().get(citizenship)
    if here is None or there is None:
        return None
    if here[2] == there[2]:
        return "subregional"
    if here[1] == there[1]:
        return "regional"
    return "transregional"
