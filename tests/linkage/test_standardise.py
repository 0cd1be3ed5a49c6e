"""Standardisation: scripts, nicknames, name order, partial dates, phones."""

from __future__ import annotations

import pandas as pd
import pytest

from palermo.linkage import standardise
from palermo.linkage.standardise import FIELDS, clean_text, parse_partial_date, phonetic


def _records(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {c: [None] * n for c in FIELDS if c not in ("record_id", "source")}
    base.update(columns)
    return pd.DataFrame({"record_id": [str(i) for i in range(n)], "source": ["s"] * n, **base})


def test_cyrillic_and_diacritics_fold_to_ascii() -> None:
    assert clean_text("Олена Шевченко") == "olena shevchenko"
    assert clean_text("José  Núñez-García") == "jose nunez garcia"


def test_transliteration_variants_share_a_phonetic_key() -> None:
    assert phonetic("shevchenko") == phonetic("schewtschenko")
    assert phonetic("yulia") == phonetic("julia")


def test_nicknames_and_swapped_names_meet() -> None:
    table = standardise(
        _records(first_name=["Sasha", "Kovalenko"], last_name=["Kovalenko", "Aleksandr"])
    )
    assert table["given"][0] == "aleksandr"
    assert table["name_key"][0] == table["name_key"][1]


def test_several_given_names_keep_the_first_and_all() -> None:
    table = standardise(_records(first_name=["Maria Elena"], last_name=["Lopez Garcia"]))
    assert table["given"][0] == "mariya"
    assert table["given_all"][0] == "mariya elena"
    assert table["family"][0] == "lopez"
    assert table["family_all"][0] == "lopez garcia"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-05-17", (1990, 5, 17)),
        ("1990", (1990, None, None)),
        ("1990-01-01", (1990, None, None)),  # placeholder for "year only"
        ("1990-17-05", (1990, 5, 17)),  # day and month transposed in the field
        ("17/05/1990", (1990, 5, 17)),
        ("19900517", (1990, 5, 17)),
        ("1990-05", (1990, 5, None)),
    ],
)
def test_partial_dates(text: str, expected: tuple[int | None, ...]) -> None:
    assert parse_partial_date(text) == expected


def test_bad_date_is_refused() -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_partial_date("yesterday")


def test_phone_keeps_last_nine_digits_and_drops_stubs() -> None:
    table = standardise(_records(phone=["+380 (12) 345-6789", "0123456789", "112"]))
    assert table["phone"].tolist() == ["123456789", "123456789", None]
