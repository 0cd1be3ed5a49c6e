"""Privacy-preserving mode: keyed encodings, Dice, linking without names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from palermo.linkage import encode, link_encodings, pair_scores
from palermo.linkage.bloom import decode, dice

KEY = b"a shared secret of thirty-two b!"


def _one(first: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "record_id": ["1"],
            "source": ["s"],
            "first_name": [first],
            "last_name": ["Popa"],
            "date_of_birth": ["1990-02-03"],
            "sex": ["F"],
            "nationality": ["MDA"],
            "address": [None],
            "postcode": [None],
            "city": ["Chisinau"],
            "phone": [None],
            "document_number": [None],
        }
    )


def test_encoding_hides_names_and_depends_on_the_key() -> None:
    a = encode(_one("Ana"), KEY)
    assert "Ana" not in a.to_csv()
    assert "popa" not in a.to_csv().lower()
    assert a.equals(encode(_one("Ana"), KEY))
    assert not a["bf_given"].equals(
        encode(_one("Ana"), b"another key of thirty-two bytes!")["bf_given"]
    )


def test_dice_tracks_similarity() -> None:
    ana, anna, ion = (decode(encode(_one(n), KEY)["bf_given"]) for n in ("Ana", "Anna", "Ion"))
    assert dice(ana, ana)[0] == 1.0
    assert dice(ana, anna)[0] > 0.6 > dice(ana, ion)[0]
    assert np.isnan(dice(ana, np.zeros_like(ana)))[0]


@pytest.mark.slow
def test_febrl4_without_addresses_reaches_095() -> None:
    from palermo.linkage import febrl

    records, truth = febrl.febrl4(address=False)
    result = link_encodings(encode(records, KEY), link_only=True)
    assert result.stats["pairs_scored"] < len(records) ** 2 / 100  # blocked, not all pairs
    assert pair_scores(result.pairs, truth, result.stats["threshold"])["f1"] >= 0.95
