"""Bulk insert of validated import chunks: CaseRecord columns built per column, not per row.

A chunk of HTCDS-mapped text becomes one list per CaseRecord column. Derived values (first
citizenship, year, exploitation flags, JSON fragments of ``extra`` and of the vault) are computed
once per DISTINCT value of a column (``pd.factorize``), so a million rows cost a few thousand
conversions; only what is unique per row stays per row: the pseudonymous id, the natural key
(HMAC), the blind index (memoised per name) and the Fernet token of the identifiers.

Rows go in with ``INSERT ... ON CONFLICT DO NOTHING`` (a natural key already there is skipped):
SQLite gets one ``executemany`` of plain tuples per chunk, PostgreSQL a ``COPY`` into a temporary
staging table followed by one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING``. Everything runs in
the caller's transaction (all or nothing); memory follows the chunk size.
"""

from __future__ import annotations

import hmac
import os
import re
import time
from collections.abc import Callable, Sequence
from itertools import repeat
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from cryptography.fernet import MultiFernet
from django.db import connection
from django.utils import timezone

from palermo.cases import vault
from palermo.cases.fields import IDENTIFIER_FIELDS, RECORD_ID_COLUMNS, TYPED_COLUMNS
from palermo.cases.models import CaseRecord, ImportBatch, Source
from palermo.htcds import ColumnPlan, map_chunk, table_to_frame
from palermo.htcds.validation import Chunk

COUNTRY = re.compile(r"^[A-Z]{2}$")
LOCATION = "vic_LocationOfExploitation"
STAGE = "palermo_cases_import_stage"
# A larger SQLite page cache while the import transaction runs: the unique and secondary indexes
# of a growing table are updated at random places, and the default 2 MB cache thrashes.
SQLITE_CACHE_KIB = 64 * 1024


def per_value(values: np.ndarray[Any, Any], func: Callable[[Any], Any]) -> list[Any]:
    """``[func(v) for v in values]``, computed once per distinct value."""
    codes, uniques = pd.factorize(values)
    converted = np.empty(len(uniques), dtype=object)
    converted[:] = [func(u) for u in uniques]
    out: list[Any] = converted[codes].tolist()
    return out


def _year(text: str) -> int | None:
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def _flag(name: str) -> Callable[[str], bool | None]:
    return lambda types: None if not types else name in types.split(";")


def _fragments(name: str, values: np.ndarray[Any, Any], ascii_only: bool) -> list[str]:
    """``"name": value`` as JSON per cell ("" for a blank cell), to be joined into objects.

    json's own C string encoders, which ``json.dumps`` of a str ends in, without its per-call
    set-up (a new JSONEncoder per call when ``ensure_ascii`` is off).
    """
    encode = encode_basestring_ascii if ascii_only else encode_basestring
    key = encode(name) + ": "
    return per_value(values, lambda v: key + encode(v) if v else "")


def _objects(columns: Sequence[list[str]], rows: int, empty: str) -> list[str]:
    """JSON objects from per-column fragments (json.dumps's separators), ``empty`` when none."""
    if not columns:
        return [empty] * rows
    return [
        "{" + ", ".join(parts) + "}" if any(parts) else empty
        for parts in (tuple(p for p in row if p) for row in zip(*columns, strict=True))
    ]


def new_pids(n: int) -> list[str]:
    """``n`` random UUID4 hex strings, as ``models.new_pid`` makes them, from one urandom call."""
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.tobytes().hex()
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


class Writer:
    """Insert mapped chunks into ``source`` as CaseRecords of ``batch``; call ``close`` at the end."""

    def __init__(self, source: Source, batch: ImportBatch, digest: str, box: MultiFernet) -> None:
        self.source, self.digest, self.box = source, digest, box
        self.fields = [f for f in CaseRecord._meta.concrete_fields if not f.primary_key]
        self.order = [f.attname for f in self.fields]
        now = timezone.now()
        # Columns the file does not fill take the model's defaults (fields added later too).
        self.base: dict[str, Any] = {f.attname: f.get_default() for f in self.fields}
        self.base.update(source_id=source.pk, batch_id=batch.pk)
        stamps = [f for f in self.fields if f.attname in ("created_at", "updated_at")]
        for stamp in stamps:
            self.base[stamp.attname] = stamp.get_db_prep_save(now, connection)
        self.base["extra"] = "{}"
        self.index_key = vault._index_key()  # one derivation, not one per row
        self.source_tag = str(source.pk).encode()
        self.postgres = connection.vendor == "postgresql"
        qn = connection.ops.quote_name
        self.table = qn(CaseRecord._meta.db_table)
        self.columns = ", ".join(qn(str(f.column)) for f in self.fields)
        self.cache_size: int | None = None
        if self.postgres:
            with connection.cursor() as cursor:
                # Dropped in close(); a rolled-back import takes it away with the transaction.
                cursor.execute(
                    f"CREATE TEMP TABLE {STAGE} AS SELECT {self.columns} FROM {self.table} WITH NO DATA"  # noqa: S608
                )
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                self.cache_size = cursor.execute("PRAGMA cache_size").fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    def __call__(self, chunk: Chunk, plan: ColumnPlan, first: int) -> None:
        """Insert one validated chunk; ``first`` is the number of rows before it in the file."""
        if isinstance(chunk, pa.Table):
            chunk = table_to_frame(chunk)
        rows = self.rows(chunk, plan, first)
        if rows:
            self.insert(rows)

    def rows(self, chunk: pd.DataFrame, plan: ColumnPlan, first: int) -> list[tuple[Any, ...]]:
        n = len(chunk)
        if not n:
            return []
        mapped = map_chunk(chunk, plan, trusted=True)
        text = {str(c): mapped[c].to_numpy(dtype=object) for c in mapped.columns}
        out: dict[str, list[Any]] = {}
        identifiers = {name: text[name] for name in text if name in IDENTIFIER_FIELDS}
        if LOCATION in text:
            # A country code is published; anything else is a place, which may locate a person.
            is_country = np.array(per_value(text[LOCATION], lambda v: bool(COUNTRY.match(v))))
            identifiers[LOCATION] = np.where(is_country, "", text[LOCATION])
            text[LOCATION] = np.where(is_country, text[LOCATION], "")
        for name, attname in TYPED_COLUMNS.items():
            if name in text:
                default = self.base[attname]
                column = text[name]
                out[attname] = (
                    np.where(column == "", default, column) if default else column
                ).tolist()
        blank = np.full(n, "", dtype=object)
        citizenship = text.get("prs_Citizenship", blank)
        out["citizenship"] = per_value(citizenship, lambda v: v.split(";")[0][:2])
        out["year"] = per_value(text.get("ext_YearOfRegistration", blank), _year)
        types = text.get("vic_TypeOfExploitation", blank)
        out["forced_labour"] = per_value(types, _flag("ForcedLabour"))
        out["sexual_exploitation"] = per_value(types, _flag("SexualExploitation"))
        # Django's JSONField writes json.dumps(value) (ASCII escapes); keys in the file's order.
        extra = [n for n in text if n not in IDENTIFIER_FIELDS and n not in TYPED_COLUMNS]
        out["extra"] = _objects([_fragments(n, text[n], True) for n in extra], n, "{}")
        out["vault"] = self.tokens(identifiers, n)
        out["name_index"] = self.name_index(identifiers, n)
        out["pid"] = new_pids(n)
        out["record_key"] = self.record_keys(chunk, first)
        return list(
            zip(
                *(out[a] if a in out else repeat(self.base[a], n) for a in self.order), strict=False
            )
        )

    def tokens(self, identifiers: dict[str, np.ndarray[Any, Any]], n: int) -> list[str]:
        """One Fernet token per row, of the JSON vault.encrypt makes (sorted keys, no blanks)."""
        names = sorted(identifiers)
        payloads = _objects([_fragments(k, identifiers[k], False) for k in names], n, "")
        encrypt, now = self.box.encrypt_at_time, int(time.time())
        return [encrypt(p.encode("utf-8"), now).decode("ascii") if p else "" for p in payloads]

    def name_index(self, identifiers: dict[str, np.ndarray[Any, Any]], n: int) -> list[str]:
        """vault.blind_index(first name, second name): each name normalised once per distinct
        value, then one keyed HMAC per row over the parts that are not blank."""
        parts = [
            per_value(identifiers[k], lambda v: vault.normalise(v) if v else None)
            for k in ("prs_FirstName", "prs_SecondName")
            if k in identifiers
        ]
        if not parts:
            return [""] * n
        key = self.index_key
        out = []
        for names in zip(*parts, strict=True):
            text = "\x1f".join(v for v in names if v is not None)
            out.append(hmac.digest(key, text.encode("utf-8"), "sha256").hex() if text else "")
        return out

    def record_keys(self, chunk: pd.DataFrame, first: int) -> list[str]:
        """vault.keyed_hash of the agency's record id, or of the file hash and row number."""
        key, tag = self.index_key, self.source_tag
        ids: list[str] = []
        for column in RECORD_ID_COLUMNS:
            if column in chunk.columns:
                ids = [str(v).strip() for v in chunk[column].to_numpy(dtype=object)]
                break
        by_id = tag + b"\x1fid\x1f"
        by_row = tag + b"\x1frow\x1f" + self.digest.encode() + b"\x1f"
        keys = []
        for i, record_id in enumerate(ids or repeat("", len(chunk))):
            message = by_id + record_id.encode() if record_id else by_row + b"%d" % (first + i)
            keys.append(hmac.digest(key, message, "sha256").hex())
        return keys

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        with connection.cursor() as cursor:
            if self.postgres:
                # COPY cannot skip conflicts: stage the chunk, then insert what is new.
                with cursor.cursor.copy(f"COPY {STAGE} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(
                    f"INSERT INTO {self.table} ({self.columns}) SELECT {self.columns} FROM {STAGE} "  # noqa: S608
                    "ON CONFLICT DO NOTHING"
                )
                cursor.execute(f"TRUNCATE {STAGE}")
            else:
                marks = ", ".join(["%s"] * len(self.order))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks}) ON CONFLICT DO NOTHING",  # noqa: S608
                    rows,
                )

    def close(self) -> None:
        """After the last chunk, inside the transaction: drop the staging table."""
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {STAGE}")

    def restore(self) -> None:
        """After the transaction, whatever its end: SQLite's page cache back to its size."""
        if self.cache_size is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
