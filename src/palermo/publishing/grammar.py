"""Language-aware wording of report figures: dates, lists, amounts, counted nouns and country names.

Everything goes through Babel (CLDR) so the French report says "19 septembre 2017", "A, B et C" and
"6,7 millions de dollars", and the English one "19 September 2017", "A, B and C" and "$6.7 million".
UN editorial rules on top of CLDR (from the seed, A/74/127, and the UN editorial manual):

- numbers under 10 are spelled out ("trois États"), 10 and more in figures ("13 pays");
- English lists take no serial comma (CLDR ``en_GB`` pattern), French ones CLDR ``fr``;
- the first of the month is "1er" in French;
- country names take their article in French running text ("le Japon", "les Maldives", "l'État de
  Palestine", but "Fidji"): the article table is data (``data/country_articles.csv``, from UNTERM
  with cited overrides), see ``country_phrase``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.lists import format_list as _babel_list
from babel.numbers import format_decimal

LANGS = ("fr", "en")
DATA = Path(__file__).resolve().parent / "data"

_LIST_LOCALE = {"fr": "fr", "en": "en_GB"}  # en_GB: "A, B and C" as the UN writes it
_WORDS = {
    "fr": ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"],
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A figure in the language's notation: 1 518 / 1,518; 6,7 / 6.7."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=check_lang(lang))
    return text.replace("\u202f", "\u00a0")  # UN French uses a no-break space between thousands


def cardinal(n: int, lang: str, feminine: bool = False) -> str:
    """UN style: words under 10 ("trois", "une"), figures from 10 on."""
    if 0 <= n < 10:
        word = _WORDS[check_lang(lang)][n]
        return "une" if (lang == "fr" and feminine and n == 1) else word
    return number(n, lang)


def count(n: int, singular: str, plural: str, lang: str, feminine: bool = False) -> str:
    """ "trois États", "un État", "13 pays"; the noun agrees with the number (CLDR: 0 and 1 are
    singular in French, only 1 in English)."""
    one = n in (0, 1) if lang == "fr" else n == 1
    return f"{cardinal(n, lang, feminine)} {singular if one else plural}"


def date(value: dt.date, lang: str) -> str:
    """ "19 septembre 2017", "1er mars 2019"; "19 September 2017"."""
    text = _babel_date(value, "d MMMM y", locale=check_lang(lang))
    if lang == "fr" and value.day == 1:
        text = "1er" + text[1:]
    return text


def date_range(start: dt.date, end: dt.date, lang: str) -> tuple[str, str]:
    return date(start, lang), date(end, lang)


def listing(items: list[str], lang: str) -> str:
    """ "A, B et C" / "A, B and C"; empty string for no item."""
    if not items:
        return ""
    return _babel_list(list(items), locale=_LIST_LOCALE[check_lang(lang)])


def amount_usd(value: float, lang: str) -> str:
    """ "6,7 millions de dollars" / "$6.7 million"; below a million "50 000 dollars" / "$50,000"."""
    check_lang(lang)
    if abs(value) >= 1_000_000:
        millions = value / 1_000_000
        figure = number(millions, lang, decimals=1)
        if lang == "fr":
            unit = "million" if abs(millions) < 2 else "millions"
            return f"{figure} {unit} de dollars"
        return f"${figure} million"
    figure = number(round(value), lang)
    return f"{figure} dollars" if lang == "fr" else f"${figure}"


def percent(share: float, lang: str, decimals: int = 0) -> str:
    """A share (0.59) as "59 %" (French: no-break space before %) / "59 per cent" (UN English)."""
    figure = number(share * 100, lang, decimals)
    return f"{figure}\u00a0%" if lang == "fr" else f"{figure} per cent"


@dataclass(frozen=True)
class CountryName:
    """A country's short name and the article it takes in running text."""

    iso3: str
    name: str
    article: str  # fr: "le", "la", "l'", "les" or ""; en: "the" or ""

    def phrase(self) -> str:
        if not self.article:
            return self.name
        if self.article.endswith("'"):
            return f"{self.article}{self.name}"
        return f"{self.article} {self.name}"


@cache
def _articles() -> dict[str, dict[str, str]]:
    path = DATA / "country_articles.csv"
    table: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            iso3 = (row.get("iso3") or "").strip().upper()
            article = (row.get("article_fr") or "").strip()
            if len(iso3) != 3:
                raise ValueError(f"{path.name}, row {line}, column iso3: {iso3!r} is not ISO3")
            if article not in ("", "le", "la", "l'", "les"):
                raise ValueError(f"{path.name}, row {line}, column article_fr: {article!r}")
            table[iso3] = row
    return table


def country_name(iso3: str, lang: str, fallback: str = "") -> CountryName:
    """The name and article of ``iso3`` in ``lang`` from the table; ``fallback`` name otherwise."""
    row = _articles().get(iso3.upper())
    if row is None:
        return CountryName(iso3.upper(), fallback or iso3.upper(), "")
    return CountryName(iso3.upper(), row[f"name_{lang}"] or fallback, row[f"article_{lang}"])


def country_phrase(iso3: str, lang: str, fallback: str = "") -> str:
    """ "le Japon", "Fidji", "les Maldives", "l'État de Palestine" / "Japan", "the State of Palestine"."""
    return country_name(iso3, check_lang(lang), fallback).phrase()


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
