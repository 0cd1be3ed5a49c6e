"""The identifier vault: encrypted at rest, unreadable in a raw dump, keys rotated by a command."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from palermo.cases import vault
from palermo.cases.importer import import_file
from palermo.cases.models import CaseRecord
from tests.cases.conftest import GOOD_ROWS, World, write_htcds


def _raw_dump() -> str:
    """Every cell of the case table, read with raw SQL (what a stolen backup shows)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {CaseRecord._meta.db_table}")  # noqa: S608 (constant)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def test_identifiers_are_not_readable_in_a_raw_database_dump(world: World, tmp_path: Path) -> None:
    outcome = import_file(write_htcds(tmp_path / "a.csv", GOOD_ROWS), world.source_a)
    assert outcome.batch.created == 3
    dump = _raw_dump()
    for secret in ("Olena", "Kovalenko", "Mohammed", "Rahman", "1990-04-02", "Petrova"):
        assert secret not in dump
        assert secret.lower() not in dump.lower()
    # ...while the typed, pseudonymous columns are there for statistics
    assert "30--38" in dump
    case = CaseRecord.objects.get(name_index=vault.blind_index("olena", "KOVALENKO"))
    assert vault.decrypt(case.vault)["prs_FirstName"] == "Olena"


def test_vault_needs_the_configured_key(world: World, tmp_path: Path) -> None:
    import_file(write_htcds(tmp_path / "a.csv", GOOD_ROWS[:1]), world.source_a)
    token = CaseRecord.objects.get().vault
    with (
        override_settings(PALERMO_FIELD_KEYS=[Fernet.generate_key().decode()]),
        pytest.raises(InvalidToken),
    ):
        vault.decrypt(token)


def test_rotate_keys_reencrypts_under_the_new_key(
    world: World, tmp_path: Path, field_keys: list[str]
) -> None:
    import_file(write_htcds(tmp_path / "a.csv", GOOD_ROWS), world.source_a)
    before = dict(CaseRecord.objects.values_list("pk", "vault"))
    new = Fernet.generate_key().decode()
    with override_settings(PALERMO_FIELD_KEYS=[new, field_keys[0]]):
        out = StringIO()
        call_command("cases", "rotate-keys", "--json", stdout=out)
        assert json.loads(out.getvalue())["rotated"] == 3
    after = dict(CaseRecord.objects.values_list("pk", "vault"))
    assert all(before[pk] != after[pk] for pk in before)
    # the old key can go: everything opens with the new key alone
    with override_settings(PALERMO_FIELD_KEYS=[new]):
        names = {vault.decrypt(t)["prs_FirstName"] for t in after.values()}
    assert names == {"Olena", "Mohammed", "Elena"}


def test_blind_index_folds_case_accents_and_spaces() -> None:
    assert vault.blind_index("Élena ", "PETROVA") == vault.blind_index("elena", "petrova")
    assert vault.blind_index("", "") == ""


def test_key_file_is_created_once_when_nothing_is_configured(tmp_path: Path) -> None:
    with override_settings(PALERMO_FIELD_KEYS=None, VAR_DIR=tmp_path):
        token = vault.encrypt({"prs_FirstName": "Ana"})
        assert (tmp_path / "field_keys").stat().st_mode & 0o077 == 0
        assert vault.decrypt(token) == {"prs_FirstName": "Ana"}
