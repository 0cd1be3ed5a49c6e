"""Privacy-preserving linkage: keyed Bloom-filter encodings an agency makes on its own machine.

Method of Schnell, Bachteler and Reiher (2009), "Privacy-preserving record linkage using Bloom
filters": each field's q-grams are hashed with k keyed functions into a bit array; similar
strings set similar bits, so the Dice coefficient of two filters approximates the q-gram
similarity of the hidden strings. Hashing is HMAC-SHA256 under a secret key that the agencies
share and the platform never sees (double hashing of Kirsch and Mitzenmacher for the k positions).
Each field has its own filter (record-level comparisons per field, as in the CLK design) and the
OR of them is the record's combined filter. Linking never compares all pairs: the agency also
emits keyed hashes of coarse blocking keys (phonetic codes with birth year, postcode or city;
Christen 2012, ch. on privacy), records sharing one are candidates, then per-field Dice scores
are combined and, for link-only data, each record keeps its single best partner.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from palermo.linkage.standardise import standardise

BITS = 1024
WORDS = BITS // 64
K_HASHES = 20
# what each field contributes to a record's score: identifying fields weigh most
WEIGHTS: dict[str, float] = {
    "given": 2.0,
    "family": 3.0,
    "dob": 3.0,
    "sex": 0.5,
    "nationality": 0.5,
    "postcode": 1.5,
    "city": 1.0,
    "address": 2.0,
    "phone": 2.0,
    "document_number": 3.0,
}
FIELDS = tuple(WEIGHTS)
MIN_KEY_BYTES = 16


def read_key(path: str | Path) -> bytes:
    """The shared secret; refuses keys too short to resist guessing."""
    key = Path(path).read_bytes().strip()
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(
            f"{path}: key file holds {len(key)} bytes; at least {MIN_KEY_BYTES} needed"
        )
    return key


def _grams(text: str) -> list[str]:
    padded = f"_{text}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


def _date_tokens(row: pd.Series) -> list[str]:
    """Year, month, day and their pairs, with an order-free month/day token for transposed dates."""
    year, month, day = row["dob_year"], row["dob_month"], row["dob_day"]
    if not isinstance(year, str):
        return []
    tokens = [f"y{year}", f"y{year}", f"y{year}"]  # the year alone carries most of the evidence
    if isinstance(month, str):
        tokens += [f"m{month}", f"ym{year}{month}"]
    if isinstance(day, str) and isinstance(month, str):
        tokens += [f"d{day}", f"md{month}{day}", f"dm{min(month, day)}{max(month, day)}"]
    return tokens


def _tokens(table: pd.DataFrame, field: str) -> list[list[str]]:
    if field == "dob":
        return [_date_tokens(row) for _, row in table.iterrows()]
    column = "given_all" if field == "given" else field
    values = table[column].tolist()
    if field in ("sex", "nationality", "postcode", "phone", "document_number"):
        return [[f"={v}", *_grams(v)] if isinstance(v, str) else [] for v in values]
    return [_grams(v.replace(" ", "_")) if isinstance(v, str) else [] for v in values]


class _Hasher:
    """Bit positions of a token in one field, cached: a million records share few q-grams."""

    def __init__(self, key: bytes, field: str) -> None:
        self.key = hmac.new(key, field.encode(), hashlib.sha256).digest()
        self.cache: dict[str, np.ndarray] = {}

    def positions(self, token: str) -> np.ndarray:
        found = self.cache.get(token)
        if found is None:
            digest = hmac.new(self.key, token.encode(), hashlib.sha256).digest()
            h1 = int.from_bytes(digest[:8], "big")
            h2 = int.from_bytes(digest[8:16], "big") | 1
            found = np.array([(h1 + i * h2) % BITS for i in range(K_HASHES)], dtype=np.int64)
            self.cache[token] = found
        return found


def _filters(token_lists: Iterable[list[str]], hasher: _Hasher, n: int) -> np.ndarray:
    bits = np.zeros((n, BITS), dtype=bool)
    for i, tokens in enumerate(token_lists):
        for token in tokens:
            bits[i, hasher.positions(token)] = True
    return np.packbits(bits, axis=1).view(">u8").astype(np.uint64)


def _b64(rows: np.ndarray) -> list[str]:
    return [base64.b64encode(r.astype(">u8").tobytes()).decode() if r.any() else "" for r in rows]


def encode(records: pd.DataFrame, key: bytes, fields: tuple[str, ...] = FIELDS) -> pd.DataFrame:
    """record_id, source, one base64 filter per field (empty when unknown) and ``clk`` (their OR)."""
    table = standardise(records)
    out = pd.DataFrame({"record_id": table["record_id"], "source": table["source"]})
    combined = np.zeros((len(table), WORDS), dtype=np.uint64)
    for field in fields:
        filters = _filters(_tokens(table, field), _Hasher(key, field), len(table))
        combined |= filters
        out[f"bf_{field}"] = _b64(filters)
    out["clk"] = _b64(combined)
    out["blocks"] = _block_tokens(table, key)
    return out


def decode(column: pd.Series) -> np.ndarray:
    """Base64 filters back to an (n, WORDS) uint64 array; empty strings give all-zero rows."""
    out = np.zeros((len(column), WORDS), dtype=np.uint64)
    for i, text in enumerate(column.fillna("").astype(str)):
        if text:
            out[i] = np.frombuffer(base64.b64decode(text), dtype=">u8").astype(np.uint64)
    return out


def dice(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise Dice coefficient of two (n, WORDS) arrays; NaN where either filter is empty."""
    common = np.bitwise_count(a & b).sum(axis=1).astype(float)
    total = (np.bitwise_count(a).sum(axis=1) + np.bitwise_count(b).sum(axis=1)).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = 2 * common / total
    out[(np.bitwise_count(a).sum(axis=1) == 0) | (np.bitwise_count(b).sum(axis=1) == 0)] = np.nan
    return np.asarray(out, dtype=float)


@dataclass
class EncodedLinkage:
    pairs: pd.DataFrame  # record_id_l, source_l, record_id_r, source_r, score, per-field dice
    candidates: int


_BLOCK_KEYS = (
    ("n", ("name_key",)),
    ("fy", ("family_phon", "dob_year")),
    ("gd", ("given_phon", "dob")),
    ("dp", ("dob", "postcode")),
    ("fp", ("family_phon", "postcode")),
    ("gp", ("given_phon", "postcode")),
    ("fc", ("family_phon", "city")),
    ("gc", ("given_phon", "city")),
    ("ph", ("phone",)),
    ("doc", ("document_number",)),
)


def _block_tokens(table: pd.DataFrame, key: bytes) -> list[str]:
    """Keyed hashes of coarse keys (phonetic codes, dates): equal only when the keys are equal."""
    secret = hmac.new(key, b"blocking", hashlib.sha256).digest()
    out: list[str] = []
    columns = {c for _, cols in _BLOCK_KEYS for c in cols}
    rows = table[sorted(columns)].to_dict("records")
    for row in rows:
        tokens = []
        for name, cols in _BLOCK_KEYS:
            values = [row[c] for c in cols]
            if all(isinstance(v, str) and v for v in values):
                raw = f"{name}:{'|'.join(values)}".encode()
                tokens.append(hmac.new(secret, raw, hashlib.sha256).hexdigest()[:16])
        out.append(" ".join(tokens))
    return out


def _candidates(blocks: pd.Series, max_bucket: int) -> np.ndarray:
    exploded = blocks.fillna("").astype(str).str.split().explode().dropna()
    frame = pd.DataFrame({"key": exploded.to_numpy(), "i": exploded.index.to_numpy()})
    frame = frame[frame["key"] != ""]
    sizes = frame.groupby("key")["i"].transform("size")
    frame = frame[(sizes > 1) & (sizes <= max_bucket)]  # a huge bucket is a common value
    pairs = frame.merge(frame, on="key")
    pairs = pairs[pairs["i_x"] < pairs["i_y"]][["i_x", "i_y"]].drop_duplicates()
    return np.asarray(pairs.to_numpy(dtype=np.int64).reshape(-1, 2), dtype=np.int64)


def link_encoded(
    encoded: pd.DataFrame,
    link_only: bool = False,
    max_bucket: int = 500,
) -> EncodedLinkage:
    """Score candidate pairs of encoded records (all sources stacked) by weighted per-field Dice."""
    fields = [f for f in FIELDS if f"bf_{f}" in encoded.columns]
    if not fields:
        raise ValueError("no bf_<field> columns: is this the output of `palermo link encode`?")
    decoded = {f: decode(encoded[f"bf_{f}"]) for f in fields}
    if "blocks" not in encoded.columns:
        raise ValueError("no blocks column: is this the output of `palermo link encode`?")
    pairs = _candidates(encoded["blocks"].reset_index(drop=True), max_bucket)
    sources = encoded["source"].astype(str).to_numpy()
    if link_only and len(pairs):
        pairs = pairs[sources[pairs[:, 0]] != sources[pairs[:, 1]]]
    left, right = pairs[:, 0], pairs[:, 1]
    scores = pd.DataFrame(
        {
            "record_id_l": encoded["record_id"].astype(str).to_numpy()[left],
            "source_l": sources[left],
            "record_id_r": encoded["record_id"].astype(str).to_numpy()[right],
            "source_r": sources[right],
        }
    )
    weighted = np.zeros(len(pairs))
    weight_sum = np.zeros(len(pairs))
    for field in fields:
        value = dice(decoded[field][left], decoded[field][right])
        scores[f"dice_{field}"] = value
        known = ~np.isnan(value)
        # disagreement counts twice: a low Dice is stronger evidence against than a high one for
        weighted[known] += WEIGHTS[field] * np.where(
            value[known] < 0.6, 2 * value[known] - 0.6, value[known]
        )
        weight_sum[known] += WEIGHTS[field]
    with np.errstate(invalid="ignore", divide="ignore"):
        scores["score"] = np.where(weight_sum > 0, weighted / weight_sum, 0.0)
    return EncodedLinkage(scores.sort_values("score", ascending=False), len(pairs))


def one_to_one(pairs: pd.DataFrame) -> pd.DataFrame:
    """Greedy best-first assignment: each record keeps at most one partner per other source."""
    taken: set[tuple[str, str, str]] = set()
    keep = []
    for row in pairs.itertuples(index=False):
        a = (row.source_l, row.record_id_l, row.source_r)
        b = (row.source_r, row.record_id_r, row.source_l)
        if a in taken or b in taken:
            keep.append(False)
            continue
        taken.update((a, b))
        keep.append(True)
    return pairs[np.array(keep, dtype=bool)] if len(pairs) else pairs
