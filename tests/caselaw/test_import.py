"""Imports: the shipped SHERLOC index, CSV/JSON records (idempotent, all or nothing), validation."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from palermo.accounts.models import AuditLog, User
from palermo.caselaw import importer, queries
from palermo.caselaw.models import Decision, Party
from palermo.caselaw.validation import designation_problem


def run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("caselaw", *args, "--json", stdout=out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_sherloc_index_imports_1567_cases_and_searches_by_country_year(reference_db: Any) -> None:
    try:
        assert run("import-sherloc") == {
            **run_counts(1567, 1567, 0),
            "file": str(importer.SHERLOC_INDEX),
        }
        assert run("import-sherloc")["unchanged"] == 1567
        assert Decision.objects.filter(status="published").count() == 1567
        assert (
            Decision.objects.exclude(source_url__startswith="https://sherloc.unodc.org/").count()
            == 0
        )
        found = run("search", "", "--country", "USA", "--year", "2021", "--limit", "500")
        expected = Decision.objects.filter(country__iso3="USA", year=2021)
        assert found["total"] == expected.count() > 0
        assert {h["id"] for h in found["hits"]} == set(expected.values_list("id", flat=True))
        assert all(h["country"] == "USA" and h["year"] == 2021 for h in found["hits"])
        texas = run("search", "supreme court of texas", "--country", "USA")["hits"][0]
        assert texas["title"].lower().startswith("case no. 20-0434")
        assert texas["score"] > 0
    finally:
        Decision.objects.all().delete()  # reference_db is committed: leave no decisions behind


def run_counts(read: int, inserted: int, updated: int) -> dict[str, int]:
    return {"read": read, "inserted": inserted, "updated": updated,
            "unchanged": read - inserted - updated}  # fmt: skip


CSV = """ref,title,country,year,court_level,verdict,summary_en,summary_fr,forms,means,sherloc_keywords,victims,defendants
r1,Forced labour on farms,FRA,2019,appeal,conviction,Workers were exploited.,Des travailleurs exploités.,forced_labour,deception,Non-punishment of victims,female:adult:ROU:3:A.B.,male:adult:FRA:1
r2,Child begging ring,ROU,2020,first_instance,acquittal,Children forced to beg.,,forced_begging,,,male:child:ROU:2:Victim 1,
"""


@pytest.mark.django_db
def test_csv_import_is_idempotent_and_updates(tmp_path: Path, countries: Any) -> None:
    path = tmp_path / "decisions.csv"
    path.write_text(CSV, encoding="utf-8")
    assert run("import", str(path), "--status", "published") == {
        **run_counts(2, 2, 0),
        "file": str(path),
    }
    assert run("import", str(path))["unchanged"] == 2
    r1 = Decision.objects.get(ref="r1")
    assert {(t.kind, t.code) for t in r1.tags.all()} == {
        ("form", "forced_labour"), ("means", "deception"), ("keyword", "non_punishment")}  # fmt: skip
    assert Party.objects.get(decision=r1, role="victim").designation == "A.B."
    path.write_text(CSV.replace("Forced labour on farms", "Forced labour on two farms"), "utf-8")
    assert run("import", str(path))["updated"] == 1
    assert Decision.objects.get(ref="r1").status == "published"  # an update does not unpublish
    assert AuditLog.objects.filter(action="caselaw.decision.import").count() == 2


@pytest.mark.django_db
def test_json_import_and_all_or_nothing_errors(tmp_path: Path, countries: Any) -> None:
    good = {"ref": "j1", "title": "JSON decision", "country": "NGA", "summaries": {"en": "x"},
            "victims": [{"sex": "female", "age_group": "child", "nationality": "NGA", "count": 2}]}  # fmt: skip
    bad = {
        "ref": "j2",
        "title": "Bad",
        "country": "XXX",
        "victims": ["female:adult:NGA:1:Maria Lopez"],
    }
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"decisions": [good, bad]}), "utf-8")
    with pytest.raises(CommandError) as err:
        run("import", str(path))
    message = str(err.value)
    assert "d.json: row 2, column country: unknown ISO3 code 'XXX'" in message
    assert "d.json: row 2, column victims:" in message
    assert "full name" in message
    assert not Decision.objects.exists()
    path.write_text(json.dumps([good]), "utf-8")
    assert run("import", str(path))["inserted"] == 1


@pytest.mark.parametrize(
    ("value", "ok"),
    [("A.B.", True), ("AB", True), ("A. B.", True), ("Victim 1", True), ("V2", True),
     ("Maria", True), ("", True), ("Maria Lopez", False), ("Jean-Pierre Dupont", False),
     ("María José García", False)],
)  # fmt: skip
def test_victim_designations(value: str, ok: bool) -> None:
    assert (designation_problem(value) is None) is ok


@pytest.mark.django_db
def test_api_editor_writes_with_review_and_audit(
    client: Any, editor: User, countries: Any, make: Callable[..., int]
) -> None:
    client.force_login(editor)
    body = {"title": "API decision", "country": "FRA", "summaries": {"en": "Organ removal."},
            "forms": ["organ_removal"], "status": "published"}  # fmt: skip
    created = client.post("/api/caselaw/decisions/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"  # creation never publishes
    refused = client.patch(f"/api/caselaw/decisions/{pk}/", {"victims": ["female:adult::1:Ann Smith"]},
                           content_type="application/json")  # fmt: skip
    assert refused.status_code == 400
    assert "victims" in refused.json()
    for step in ("in_review", "published"):
        resp = client.patch(
            f"/api/caselaw/decisions/{pk}/", {"status": step}, content_type="application/json"
        )
        assert resp.status_code == 200, resp.content
    client.logout()
    assert client.get(f"/api/caselaw/decisions/{pk}/").json()["forms"] == ["organ_removal"]
    assert queries.search(None, "organ").total == 1
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"caselaw.decision.create", "caselaw.decision.update"} <= actions


@pytest.mark.django_db
def test_editor_pages_and_document_upload(client: Any, editor: User, countries: Any) -> None:
    client.force_login(editor)
    resp = client.post("/caselaw/new/", {"title": "Page decision", "country": "FRA", "language": "en",
                                         "victims": "female:adult:FRA:1:Jane Doe"})  # fmt: skip
    assert resp.status_code == 200
    assert "full name" in resp.content.decode()
    resp = client.post("/caselaw/new/", {"title": "Page decision", "country": "FRA", "language": "en",
                                         "victims": "female:adult:FRA:1:J.D."})  # fmt: skip
    assert resp.status_code == 302
    decision = Decision.objects.get(title="Page decision")
    html = b"<html><body><p>The court found debt bondage.</p><script>x()</script></body></html>"
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"/caselaw/decision/{decision.pk}/upload/", {"file": SimpleUploadedFile("d.html", html)}
    )
    decision.refresh_from_db()
    assert "debt bondage" in decision.full_text
    assert "x()" not in decision.full_text
    assert queries.search(editor, "bondage").total == 1
    assert client.get(f"/caselaw/decision/{decision.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/caselaw/decision/{decision.pk}/").status_code == 404
