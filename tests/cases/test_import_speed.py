"""The column-wise bulk import writes exactly what the row-by-row rules say, and reads the file once.

Each stored record is checked against a plain per-row reading of the same CSV (the rules of
docs/cases.md: identifiers in the vault, country codes typed, places in the vault, the rest in
``extra``), so the vectorised path cannot drift from them. No timing here: speed is measured by
``palermo bench --only cases``.
"""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from palermo.cases import vault
from palermo.cases.bulkload import new_pids
from palermo.cases.fields import IDENTIFIER_FIELDS, TYPED_COLUMNS
from palermo.cases.importer import import_file
from palermo.cases.models import CaseRecord, ImportBatch
from tests.cases.conftest import World

HEADER = [
    "record_id",
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_MailingStreet",
    "ext_AgeBand",
    "ext_YearOfRegistration",
    "vic_TypeOfExploitation",
    "vic_LocationOfExploitation",
    "cas_Status",
    "con_Consent",
]
ROWS = [
    ["R1", "Olena", "Kovalenko", "1990-04-02", "Feminine", "UA", 'Flat 2, "Dnipro" house',
     "30--38", "2019", "SexualExploitation", "PL", "Closed", "true"],
    ["R2", "ÉLENA ", "Petrova", "", "Feminine", "MD;RO", "", "18--20", "2021",
     "ForcedLabour;SexualExploitation", "a farm near Foggia", "", ""],
    ["", "", "", "", "Masculine", "", "", "", "", "", "", "Active", "false"],
    ["R4", "Zoë", "", "", "", "BD", "Back\\slash", "", "2016-2018", "ForcedLabour", "", "", ""],
]  # fmt: skip


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _expected(row: dict[str, str]) -> dict[str, Any]:
    """The stored values of one row by the per-row rules (the reference the bulk path follows).

    Mapping to HTCDS strips each cell (palermo.htcds.ctdc), so the reference does too.
    """
    row = {k: v.strip() for k, v in row.items()}
    identifiers = {k: v for k, v in row.items() if k in IDENTIFIER_FIELDS and v}
    typed: dict[str, Any] = {}
    extra = {}
    for name, value in row.items():
        if not value or name == "record_id" or name in IDENTIFIER_FIELDS:
            continue
        if name == "vic_LocationOfExploitation" and not (len(value) == 2 and value.isupper()):
            identifiers[name] = value
        elif name in TYPED_COLUMNS:
            typed[TYPED_COLUMNS[name]] = value
        else:
            extra[name] = value
    types = typed.get("exploitation_types", "")
    year = typed.get("year_text", "")
    return {
        "status": typed.get("status", "Active"),
        "gender": typed.get("gender", ""),
        "exploitation_country": typed.get("exploitation_country", ""),
        "citizenship_all": typed.get("citizenship_all", ""),
        "citizenship": typed.get("citizenship_all", "").split(";")[0][:2],
        "year_text": year,
        "year": int(year[:4]) if year[:4].isdigit() else None,
        "forced_labour": None if not types else "ForcedLabour" in types.split(";"),
        "sexual_exploitation": None if not types else "SexualExploitation" in types.split(";"),
        "extra": extra,
        "identifiers": identifiers,
        "name_index": vault.blind_index(
            identifiers.get("prs_FirstName", ""), identifiers.get("prs_SecondName", "")
        ),
    }


@pytest.mark.django_db
def test_each_stored_value_follows_the_row_rules(world: World, tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.csv", ROWS)
    with override_settings(PALERMO_IMPORT_CHUNK_ROWS=3):  # two chunks
        outcome = import_file(path, world.source_a)
    assert (outcome.batch.status, outcome.batch.created) == ("done", len(ROWS))
    digest = outcome.batch.sha256
    stored = {c.record_key: c for c in CaseRecord.objects.all()}
    for i, values in enumerate(ROWS):
        row = dict(zip(HEADER, values, strict=True))
        source = str(world.source_a.pk)
        key = (
            vault.keyed_hash(source, "id", row["record_id"])
            if row["record_id"]
            else vault.keyed_hash(source, "row", digest, str(i))
        )
        case = stored[key]
        want = _expected(row)
        assert vault.decrypt(case.vault) == want.pop("identifiers")
        for name, value in want.items():
            assert getattr(case, name) == value, (i, name)
        assert uuid.UUID(hex=case.pid).version == 4
        assert case.batch_id == outcome.batch.pk


@pytest.mark.django_db
def test_a_record_without_identifiers_has_an_empty_vault(world: World, tmp_path: Path) -> None:
    import_file(_write(tmp_path / "a.csv", ROWS[2:3]), world.source_a)
    case = CaseRecord.objects.get()
    assert (case.vault, case.name_index, case.extra) == ("", "", {"con_Consent": "false"})


@pytest.mark.django_db
def test_a_problem_in_a_later_chunk_rolls_back_the_rows_already_inserted(
    world: World, tmp_path: Path
) -> None:
    rows = [[f"R{i}", *ROWS[0][1:]] for i in range(7)]
    rows[6][4] = "Female"  # not a prs_Gender value, in the third chunk of 3 rows
    path = _write(tmp_path / "late.csv", rows)
    with override_settings(PALERMO_IMPORT_CHUNK_ROWS=3):
        outcome = import_file(path, world.source_a)
    assert outcome.batch.status == "invalid"
    assert [(p["row"], p["column"]) for p in outcome.batch.report["problems"]] == [
        (8, "prs_Gender")
    ]
    assert outcome.batch.rows == 7
    assert CaseRecord.objects.count() == 0


@pytest.mark.django_db
def test_chunking_does_not_change_the_natural_keys(world: World, tmp_path: Path) -> None:
    rows = [["", *r[1:]] for r in ROWS * 3]  # no record ids: keys from file hash and row number
    path = _write(tmp_path / "noid.csv", rows)
    with override_settings(PALERMO_IMPORT_CHUNK_ROWS=5):
        first = import_file(path, world.source_a)
    assert first.batch.created == len(rows)
    ImportBatch.objects.filter(pk=first.batch.pk).update(status="failed")  # not a duplicate
    with override_settings(PALERMO_IMPORT_CHUNK_ROWS=2):
        again = import_file(path, world.source_a)
    assert (again.batch.status, again.batch.created, again.batch.unchanged) == (
        "done",
        0,
        len(rows),
    )


@pytest.mark.django_db
def test_dry_run_and_duplicate_only_validate(world: World, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", ROWS)
    dry = import_file(path, world.source_a, dry_run=True)
    assert (dry.batch.status, dry.batch.rows, CaseRecord.objects.count()) == ("done", 4, 0)
    import_file(path, world.source_a)
    duplicate = import_file(path, world.source_a)
    assert (duplicate.batch.status, duplicate.batch.unchanged) == ("duplicate", 4)
    assert CaseRecord.objects.count() == 4


def test_new_pids_are_distinct_uuid4_hex() -> None:
    pids = new_pids(1000)
    assert len(set(pids)) == 1000
    assert all(uuid.UUID(hex=p).hex == p and uuid.UUID(hex=p).version == 4 for p in pids)
