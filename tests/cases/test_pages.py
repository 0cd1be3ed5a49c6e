"""Pages: upload with validation report and progress status, sources, cases, statistics, demo."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from palermo.accounts.models import Organisation
from palermo.cases.demo import load_demo
from palermo.cases.models import CaseRecord, ImportBatch, Source
from tests.cases.conftest import GOOD_ROWS, HTCDS_HEADER, World


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _upload(client: Client, source: Source, rows: list[str]) -> ImportBatch:
    body = (HTCDS_HEADER + "".join(r + "\n" for r in rows)).encode()
    response = client.post(
        reverse("cases:upload", args=[source.pk]),
        {"file": SimpleUploadedFile("cases.csv", body, "text/csv")},
    )
    assert response.status_code == 302, response.content[:500]
    return ImportBatch.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def test_upload_validates_imports_and_reports_progress(world: World) -> None:
    client = _client(world, "worker_a")
    batch = _upload(client, world.source_a, GOOD_ROWS)
    assert (batch.status, batch.created) == ("done", 3)
    page = client.get(reverse("cases:import", args=[batch.pk]))
    assert page.status_code == 200
    assert "<script>" not in page.content.decode()  # CSP: only static scripts
    status = client.get(reverse("cases:import-status", args=[batch.pk])).json()
    assert status == {**status, "status": "done", "running": False, "created": 3}


def test_upload_with_errors_gives_a_downloadable_report(world: World) -> None:
    client = _client(world, "worker_a")
    batch = _upload(client, world.source_a, [*GOOD_ROWS, "R9,A,B,1990-01-01,Female,UA,,2019,,PL"])
    assert batch.status == "invalid"
    assert CaseRecord.objects.count() == 0
    page = client.get(reverse("cases:import", args=[batch.pk])).content.decode()
    assert "prs_Gender" in page
    csv = client.get(reverse("cases:import-report", args=[batch.pk, "csv"])).content.decode()
    assert re.search(r"^5,prs_Gender,prs_Gender,Female,picklist,", csv, re.MULTILINE)


def test_only_case_workers_and_focal_points_upload(world: World) -> None:
    analyst = _client(world, "analyst_a")
    response = analyst.post(
        reverse("cases:upload", args=[world.source_a.pk]),
        {"file": SimpleUploadedFile("c.csv", b"x", "text/csv")},
    )
    assert response.status_code == 404
    assert ImportBatch.objects.count() == 0


def test_pages_render_for_a_case_worker(world: World) -> None:
    client = _client(world, "worker_a")
    _upload(client, world.source_a, GOOD_ROWS)
    case = CaseRecord.objects.filter(source=world.source_a).first()
    assert case is not None
    for url in [
        reverse("cases:list"),
        reverse("cases:sources"),
        reverse("cases:source", args=[world.source_a.pk]),
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:statistics") + "?scope=mine",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("cases:detail", args=[case.pk]), {"status": "Closed", "reason": "assisted"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "Closed"
    created = client.post(
        reverse("cases:sources"),
        {"name": "hotline-a", "organisation": world.org_a.pk, "retention_days": 365},
    )
    assert created.status_code == 302
    assert Source.objects.get(name="hotline-a").organisation == world.org_a


def test_demo_data_is_idempotent(db: None) -> None:
    for short in ("DEMO-NR", "DEMO-NGO"):
        Organisation.objects.create(name=f"{short} organisation", short_name=short, kind="ngo")
    first = load_demo(StringIO())
    assert first["cases"] > 2000
    second = load_demo(StringIO())
    assert second["cases"] == first["cases"]
    assert all(n == 0 for n in second["created"].values())
    assert all(s.description.startswith("Demo data") for s in Source.objects.all())


def test_benchmark_import_leaves_the_database_as_it_was(db: None, tmp_path: Path) -> None:
    from palermo.cases import benchmarks
    from palermo.htcds import write_htcds_csv

    path = write_htcds_csv(tmp_path / "b.csv", 300, seed=1)
    done = benchmarks._in_rollback(lambda: benchmarks._import(path))
    assert done["created"] == 300
    assert not CaseRecord.objects.exists()
    assert not Organisation.objects.exists()
