"""The public export: CTDC-compatible, k-anonymous by pycanon, no direct identifier; the purge."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from palermo.accounts.models import AuditLog
from palermo.cases import export, vault
from palermo.cases.importer import import_file
from palermo.cases.models import CaseRecord
from palermo.disclosure import pycanon_k
from palermo.htcds import agency_mapping, generate_case_files
from tests.cases.conftest import World

pytest.importorskip("pycanon", reason="pycanon: pip install --no-deps pycanon")


def _export(tmp_path: Path, *args: str) -> tuple[dict[str, object], pd.DataFrame]:
    out = StringIO()
    target = tmp_path / "public.csv"
    call_command("cases", "export", "--public", "--out", str(target), *args, "--json", stdout=out)
    frame = pd.read_csv(target, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return json.loads(out.getvalue()), frame


def test_real_ctdc_2020_subset_exports_k_anonymous_by_pycanon(
    world: World, shared_data: Path, tmp_path: Path
) -> None:
    path = shared_data / "ctdc" / "ctdc_global_2020-04-14_subset_dados_app.csv"
    assert import_file(path, world.source_a).batch.created == 48_773
    for k in (10, 25):
        summary, frame = _export(tmp_path, "--k", str(k))
        assert summary["pycanon_k"] >= k
        assert pycanon_k(frame, list(frame.columns)) >= k  # the file as written, read back
        assert summary["records_in"] == 48_773
        assert summary["records_out"] == len(frame) == 48_773 - summary["suppressed"]
        assert set(frame.columns) <= set(export.PUBLISHED)
    assert AuditLog.objects.filter(action="cases.public.export").count() == 2


def test_no_direct_identifier_in_any_export(world: World, tmp_path: Path) -> None:
    files = generate_case_files(1500, seed=5)
    world.source_a.mapping = agency_mapping()
    world.source_a.save()
    agency = pd.concat([files.agencies["police"], files.agencies["ngo"]])
    agency["record_id"] = range(len(agency))
    agency.to_csv(tmp_path / "agency.csv", index=False)
    assert import_file(tmp_path / "agency.csv", world.source_a).batch.status == "done"
    _summary, frame = _export(tmp_path, "--k", "10")
    text = (tmp_path / "public.csv").read_text(encoding="utf-8-sig")
    identifiers = set()
    for case in CaseRecord.objects.all()[:300]:
        identifiers |= {v for v in vault.decrypt(case.vault).values() if len(v) > 3}
    assert identifiers  # the file had names, phones, documents...
    leaked = [v for v in identifiers if v in text]
    assert not leaked
    assert len(frame) > 0


def test_export_refuses_when_the_independent_check_fails(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = generate_case_files(200, seed=6)
    world.source_a.mapping = agency_mapping()
    world.source_a.save()
    files.agencies["police"].to_csv(tmp_path / "p.csv", index=False)
    import_file(tmp_path / "p.csv", world.source_a)

    def refuse(data: pd.DataFrame, columns: list[str], k: int) -> int:
        raise ValueError("independent check (pycanon): k = 1 < 10; not publishing")

    monkeypatch.setattr(export, "assert_k_anonymous", refuse)
    with pytest.raises(CommandError, match="pycanon"):
        _export(tmp_path, "--k", "10")
    assert not (tmp_path / "public.csv").exists()


def test_purge_identifiers_after_each_sources_retention(world: World, tmp_path: Path) -> None:
    files = generate_case_files(100, seed=7)
    for source in (world.source_a, world.source_b):
        source.mapping = agency_mapping()
        source.save()
    files.agencies["police"].to_csv(tmp_path / "p.csv", index=False)
    files.agencies["ngo"].to_csv(tmp_path / "n.csv", index=False)
    import_file(tmp_path / "p.csv", world.source_a)
    import_file(tmp_path / "n.csv", world.source_b)
    world.source_a.retention_days = 30
    world.source_a.save()
    old = timezone.now() - dt.timedelta(days=31)
    CaseRecord.objects.filter(source=world.source_a).update(created_at=old)
    CaseRecord.objects.filter(source=world.source_b).update(created_at=old)  # kept: 10 years
    due = CaseRecord.objects.filter(source=world.source_a).exclude(vault="").count()
    assert due > 0
    out = StringIO()
    call_command("cases", "purge-identifiers", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "dry_run": True,
        "purged": 0,
        "due": due,
        "by_source": {"police-a": due},
    }
    out = StringIO()
    call_command("cases", "purge-identifiers", "--json", stdout=out)
    assert json.loads(out.getvalue())["purged"] == due
    assert not CaseRecord.objects.filter(source=world.source_a).exclude(vault="").exists()
    assert CaseRecord.objects.filter(source=world.source_b).exclude(vault="").exists()
    assert (
        CaseRecord.objects.filter(source=world.source_a, name_index="").count()
        == CaseRecord.objects.filter(source=world.source_a).count()
    )
    log = AuditLog.objects.get(action="cases.identifiers.purge")
    assert log.metadata["cases"] == due
