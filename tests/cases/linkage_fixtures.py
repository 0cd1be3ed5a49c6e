"""Shared pieces of the linkage tests: cases with encrypted identifiers and a deterministic engine.

The stand-in engine scores pairs from the decrypted names it is given (so the tests also prove the
vault is read inside the run): same first and last name -> 0.99, same last name only -> 0.7.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd
import pytest

from palermo import linkage as engine
from palermo.cases import linkage, vault
from palermo.cases.models import CaseRecord, Source


def case(source: Source, first: str, last: str, **typed: object) -> CaseRecord:
    return CaseRecord.objects.create(
        source=source,
        vault=vault.encrypt(
            {"prs_FirstName": first, "prs_SecondName": last, "prs_Birthdate": "1990-01-02"}
        ),
        **typed,
    )


def fake_link(records: pd.DataFrame, options: engine.LinkageOptions) -> engine.LinkageResult:
    rows = []
    for (_, a), (_, b) in combinations(records.iterrows(), 2):
        if a["last_name"] != b["last_name"]:
            continue
        prob = 0.99 if a["first_name"] == b["first_name"] else 0.7
        rows.append((a["record_id"], a["source"], b["record_id"], b["source"], 5.0, prob))
    pairs = pd.DataFrame(
        rows,
        columns=[
            "record_id_l",
            "source_l",
            "record_id_r",
            "source_r",
            "match_weight",
            "match_probability",
        ],
    )
    review = pairs[pairs["match_probability"] < options.threshold]
    clusters = records[["record_id", "source"]].assign(cluster_id=records["record_id"])
    return engine.LinkageResult(pairs, clusters, review, {"records": len(records)}, [])


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linkage, "ENGINE", fake_link)
