"""Access: organisation A cannot read B's cases through any endpoint; identifiers only for case
workers of the owning organisation; field groups per role; every case read is audited; public
endpoints never return a case record."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from palermo.accounts.models import AuditLog
from palermo.cases import services
from palermo.cases.importer import import_file
from palermo.cases.models import CaseRecord, ImportBatch
from palermo.cases.queries import cases_visible_to
from tests.cases.conftest import GOOD_ROWS, World, write_htcds


@pytest.fixture
def loaded(world: World, tmp_path: Path) -> World:
    import_file(write_htcds(tmp_path / "a.csv", GOOD_ROWS[:2]), world.source_a)
    import_file(write_htcds(tmp_path / "b.csv", GOOD_ROWS[2:]), world.source_b)
    return world


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _b_urls(world: World) -> list[str]:
    case = CaseRecord.objects.get(source=world.source_b)
    batch = ImportBatch.objects.get(source=world.source_b)
    return [
        reverse("caserecord-detail", args=[case.pk]),
        reverse("casesource-detail", args=[world.source_b.pk]),
        reverse("caseimport-detail", args=[batch.pk]),
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:source", args=[world.source_b.pk]),
        reverse("cases:import", args=[batch.pk]),
        reverse("cases:import-status", args=[batch.pk]),
        reverse("cases:import-report", args=[batch.pk, "csv"]),
    ]


def test_scope_is_one_query_on_the_organisation(loaded: World) -> None:
    assert set(cases_visible_to(loaded.users["worker_a"]).values_list("source", flat=True)) == {
        loaded.source_a.pk
    }
    for name in ("admin_a", "fund_a"):
        assert not cases_visible_to(loaded.users[name]).exists()
    assert "organisation_id" in str(cases_visible_to(loaded.users["worker_a"]).query)


@pytest.mark.parametrize("name", ["worker_a", "analyst_a", "focal_a", "admin_a"])
def test_organisation_a_cannot_read_b_through_any_endpoint(loaded: World, name: str) -> None:
    client = _client(loaded, name)
    for url in _b_urls(loaded):
        assert client.get(url).status_code == 404, url
    case_b = CaseRecord.objects.get(source=loaded.source_b)
    patch = client.patch(
        reverse("caserecord-detail", args=[case_b.pk]), {"status": "Closed"}, "application/json"
    )
    assert patch.status_code == 404
    assert client.post(reverse("cases:upload", args=[loaded.source_b.pk])).status_code == 404
    listed = client.get(reverse("caserecord-list")).json()
    pids = {row["pid"] for row in listed.get("results", listed)}
    assert case_b.pid not in pids


def test_public_endpoints_never_return_a_case_record(loaded: World) -> None:
    anonymous = Client()
    pids = list(CaseRecord.objects.values_list("pid", flat=True))
    for url in [*_b_urls(loaded), reverse("caserecord-list"), reverse("cases:list")]:
        response = anonymous.get(url)
        assert response.status_code in (302, 403), url
    page = anonymous.get(reverse("cases:statistics"))
    assert page.status_code == 200
    body = page.content.decode()
    assert not any(pid in body for pid in pids)
    assert "Olena" not in body
    assert "Kovalenko" not in body
    assert "&lt;5" in body  # three records: every count is small


def test_case_worker_sees_identifiers_analyst_sees_pseudonymised(loaded: World) -> None:
    case = CaseRecord.objects.filter(source=loaded.source_a).order_by("pk").first()
    assert case is not None
    url = reverse("caserecord-detail", args=[case.pk])
    worker = _client(loaded, "worker_a").get(url).json()
    assert worker["identifiers"]["prs_FirstName"] == "Olena"
    for name in ("analyst_a", "focal_a"):
        data = _client(loaded, name).get(url).json()
        assert "identifiers" not in data
        assert data["age_band"] == "30--38"
        page = _client(loaded, name).get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert "Olena" not in page
        assert "Kovalenko" not in page


def test_every_case_read_is_audited(loaded: World) -> None:
    case = CaseRecord.objects.filter(source=loaded.source_a).first()
    assert case is not None
    for name, url in [
        ("worker_a", reverse("caserecord-detail", args=[case.pk])),
        ("analyst_a", reverse("caserecord-detail", args=[case.pk])),
        ("worker_a", reverse("cases:detail", args=[case.pk])),
    ]:
        before = AuditLog.objects.filter(action="cases.case.read", object_id=str(case.pk)).count()
        assert _client(loaded, name).get(url).status_code == 200
        rows = AuditLog.objects.filter(action="cases.case.read", object_id=str(case.pk))
        assert rows.count() == before + 1
        assert rows.order_by("-pk").first().username == name  # type: ignore[union-attr]
    assert AuditLog.objects.filter(action="cases.case.list").count() == 0
    _client(loaded, "worker_a").get(reverse("caserecord-list"))
    assert AuditLog.objects.filter(action="cases.case.list").count() == 1


def test_field_groups_decide_who_writes(loaded: World) -> None:
    case = CaseRecord.objects.filter(source=loaded.source_a).first()
    assert case is not None
    url = reverse("caserecord-detail", args=[case.pk])
    analyst = _client(loaded, "analyst_a").patch(url, {"status": "Closed"}, "application/json")
    assert analyst.status_code == 403
    worker = _client(loaded, "worker_a")
    response = worker.patch(
        url, {"status": "FollowUp", "prs_MobilePhone": "+380501234567"}, "application/json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "FollowUp"
    assert data["identifiers"]["prs_MobilePhone"] == "+380501234567"
    assert data["history"][0] == {**data["history"][0], "old": "Active", "new": "FollowUp"}
    bad = worker.patch(url, {"status": "Active", "nonsense": 1}, "application/json")
    assert bad.status_code == 400  # an unknown field is refused, not ignored
    change = AuditLog.objects.filter(action="cases.case.update", object_id=str(case.pk)).get()
    assert "+380" not in str(change.metadata)  # field names only, never values


def test_referral_needs_consent_and_services_are_recorded(loaded: World) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    case = CaseRecord.objects.filter(source=loaded.source_a).first()
    assert case is not None
    worker = loaded.users["worker_a"]
    with pytest.raises(ValidationError):
        services.refer(None, worker, case, loaded.org_b, consent=False)
    referral = services.refer(None, worker, case, loaded.org_b, consent=True)
    assert referral.consent_recorded_by == worker
    assert referral.consent_date is not None
    services.add_service(None, worker, case, "shelter")
    services.add_exploitation(
        None, worker, case, "ForcedLabour", sector="F_Construction", country="PL"
    )
    with pytest.raises(PermissionDenied):
        services.add_service(None, loaded.users["analyst_a"], case, "medical")
    data = services.case_view(None, worker, case)
    assert [s["kind"] for s in data["services"]] == ["shelter"]
    assert data["referrals"][0]["to_organisation"] == loaded.org_b.pk
    assert data["exploitations"][0]["sector"] == "F_Construction"
