"""Match the country names and codes that other sources use (UNTC, World Bank, Kelley, CIA) to ISO3."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from palermo.reference.loaders.base import DATA_DIR, LoadError, read_rows
from palermo.reference.models import Country

ALIASES_FILE = DATA_DIR / "country_aliases.csv"

_ARTICLE = re.compile(r"\s*\((the|l'|le|la|les|el|los|las)\)$", re.IGNORECASE)


def clean_unterm(name: str) -> str:
    """'Cook Islands (the) **' -> 'Cook Islands': drop UNTERM's status stars and sorting articles."""
    name = re.sub(r"\s*\*+\s*$", "", name.strip())
    return _ARTICLE.sub("", name).strip()


def normalise(name: str) -> str:
    """A key that survives accents, case, '&', 'St.', punctuation and a leading 'The'."""
    text = unicodedata.normalize("NFKD", name.replace("&nbsp;", " "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("’", "'")
    text = re.sub(r"\bst\b\.?", "saint", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


class CountryResolver:
    """ISO3 from a name, ISO2/ISO3/M49 code or alias; built once from the database and aliases."""

    def __init__(self, aliases_file: Path = ALIASES_FILE) -> None:
        self.by_name: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        for iso3, iso2, m49, names, un_names, formal in Country.objects.values_list(
            "iso3", "iso2", "m49", "names", "un_names", "formal_names"
        ):
            self.codes[iso3] = iso3
            if iso2:
                self.codes[iso2] = iso3
            if m49:
                self.codes[m49] = iso3
            for candidate in (names.get("en"), un_names.get("en"), formal.get("en")):
                if candidate:
                    self.by_name.setdefault(normalise(candidate), iso3)
                    self.by_name.setdefault(normalise(candidate).replace(" ", ""), iso3)
        for line, row in read_rows(aliases_file, required=("alias", "iso3")):
            if row["iso3"] not in self.codes:
                raise LoadError(aliases_file, line, "iso3", f"unknown ISO3 {row['iso3']!r}")
            self.by_name[normalise(row["alias"])] = row["iso3"]
            self.by_name[normalise(row["alias"]).replace(" ", "")] = row["iso3"]

    def code(self, code: str) -> str | None:
        code = code.strip().upper()
        if code.isdigit():
            code = code.zfill(3)
        return self.codes.get(code)

    def name(self, name: str) -> str | None:
        """ISO3 for ``name``; 'CapeVerde'-style names without spaces (Kelley's data) match too."""
        if not name.strip():
            return None
        key = normalise(name)
        return self.by_name.get(key) or self.by_name.get(key.replace(" ", ""))
