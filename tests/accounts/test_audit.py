"""The audit log: reads and writes leave rows; the page, admin, export and purge behave."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from palermo.accounts.events import audit
from palermo.accounts.models import AuditLog, Membership, Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, client: Client) -> User:
    user = make_user("admin", "platform_admin")
    client.force_login(user)
    return user


def last(action: str) -> AuditLog:
    return AuditLog.objects.filter(action=action).latest("id")


def test_api_writes_are_audited(client: Client, admin: User, org: Organisation) -> None:
    created = client.post("/api/organisations/", {"name": "IOM", "kind": "igo"})
    assert created.status_code == 201, created.content
    row = last("organisation.create")
    assert (row.log_type, row.user, row.object_id) == ("change", admin, str(created.json()["id"]))
    client.patch(
        f"/api/organisations/{org.pk}/", {"short_name": "MoJ"}, content_type="application/json"
    )
    assert last("organisation.update").metadata == {"changed": {"short_name": ["", "MoJ"]}}
    user = client.post("/api/users/", {"username": "new", "password": "Str0ng-Passphrase!"})
    assert user.status_code == 201
    row = last("user.create")
    assert "Str0ng-Passphrase!" not in json.dumps(row.metadata)
    assert row.metadata == {"data": {"is_active": True}, "password_set": True}
    assert User.objects.get(username="new").is_active
    grant = client.post(
        "/api/memberships/", {"user": user.json()["id"], "organisation": org.pk, "role": "reviewer"}
    )
    assert grant.status_code == 201
    assert last("membership.grant").metadata["role"] == "reviewer"
    assert client.delete(f"/api/memberships/{grant.json()['id']}/").status_code == 204
    assert last("membership.revoke").object_id == str(grant.json()["id"])


def test_api_rejects_weak_passwords(client: Client, admin: User) -> None:
    response = client.post("/api/users/", {"username": "new", "password": "password"})
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="new").exists()
    assert not AuditLog.objects.filter(action="user.create").exists()


def test_granting_platform_admin_gives_admin_site_access(client: Client, admin, org) -> None:
    user = User.objects.create_user("new")
    client.post(
        "/api/memberships/", {"user": user.pk, "organisation": org.pk, "role": "platform_admin"}
    )
    user.refresh_from_db()
    assert user.is_staff
    client.delete(f"/api/memberships/{Membership.objects.get(user=user).pk}/")
    user.refresh_from_db()
    assert not user.is_staff


def test_api_reads_of_people_and_of_the_log_are_audited(client: Client, admin: User) -> None:
    client.get("/api/users/?search=adm")
    assert last("user.list").metadata == {"query": {"search": ["adm"]}}
    client.get(f"/api/users/{admin.pk}/")
    assert last("user.read").object_id == str(admin.pk)
    client.get("/api/audit/?log_type=access")
    assert last("audit.list").log_type == "access"


def test_api_audit_filters(client: Client, admin: User) -> None:
    audit(None, "change", "treaty.update", object_type="reference.Treaty", object_id="tip")
    audit(None, "auth", "auth.login_failed", username="mallory")
    rows = client.get("/api/audit/?object_type=reference.Treaty&object_id=tip").json()["results"]
    assert [r["action"] for r in rows] == ["treaty.update"]
    rows = client.get("/api/audit/?log_type=auth&username=mallory").json()["results"]
    assert [r["action"] for r in rows] == ["auth.login_failed"]
    today = timezone.now().date().isoformat()
    assert client.get(f"/api/audit/?date_from={today}").json()["count"] >= 2
    assert client.get("/api/audit/?date_to=2000-01-01").json()["count"] == 0


def test_api_audit_is_read_only(client: Client, admin: User) -> None:
    row = audit(None, "change", "treaty.update")
    assert client.delete(f"/api/audit/{row.pk}/").status_code == 405
    assert client.post("/api/audit/", {}).status_code == 405


def test_audit_page_search_is_audited(client: Client, admin: User) -> None:
    audit(None, "auth", "auth.login_failed", username="mallory")
    page = client.get("/accounts/audit/?username=mallory")
    assert page.status_code == 200
    assert b"auth.login_failed" in page.content
    row = last("audit.search")
    assert (row.log_type, row.user) == ("access", admin)
    assert row.metadata["filters"] == {"username": "mallory"}


def test_audit_page_is_for_platform_admins(client: Client, make_user) -> None:
    assert client.get("/accounts/audit/").status_code == 302  # anonymous: to the login page
    client.force_login(make_user("cw", "case_worker"))
    assert client.get("/accounts/audit/").status_code == 403
    assert client.get("/accounts/audit/?export=csv").status_code == 403
    assert not AuditLog.objects.filter(log_type__in=["access", "export"]).exists()


def test_csv_export_is_audited_and_formula_safe(client: Client, admin: User) -> None:
    audit(None, "auth", "auth.login_failed", username="=cmd|' /C calc'!A0")
    response = client.get("/accounts/audit/?action=auth.login_failed&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text
    row = last("audit.export")
    assert (row.log_type, row.metadata["format"], row.metadata["rows"]) == ("export", "csv", 1)


def test_xlsx_export_from_api_is_audited(client: Client, admin: User) -> None:
    audit(None, "auth", "auth.login_failed", username="=1+1")
    response = client.get("/api/audit/export/?kind=xlsx&log_type=auth")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=1+1" in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert last("audit.export").metadata["format"] == "xlsx"
    assert client.get("/api/audit/export/?kind=exe").status_code == 400


def test_admin_audit_page_is_searchable_and_read_only(client: Client, admin: User) -> None:
    row = audit(None, "auth", "auth.login_failed", username="mallory")
    listing = client.get("/admin/accounts/auditlog/?q=mallory&log_type__exact=auth")
    assert listing.status_code == 200
    assert b"mallory" in listing.content
    assert last("audit.search").metadata["via"] == "admin"
    assert client.get("/admin/accounts/auditlog/add/").status_code == 403
    assert client.post(f"/admin/accounts/auditlog/{row.pk}/delete/").status_code == 403
    assert client.get(f"/admin/accounts/auditlog/{row.pk}/change/").status_code == 200
    assert AuditLog.objects.filter(pk=row.pk).exists()


def test_admin_audit_page_is_closed_to_other_staff(client: Client, make_user) -> None:
    staff = make_user("staff", "case_worker")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get("/admin/accounts/auditlog/").status_code == 403


def old_row(days: int) -> AuditLog:
    row = audit(None, "change", "treaty.update")
    AuditLog.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    return row


def test_purge_dry_run_deletes_nothing(settings) -> None:
    settings.PALERMO_AUDIT_RETENTION_DAYS = 30
    old_row(40)
    out = io.StringIO()
    call_command("audit", "purge", "--dry-run", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["matched"], report["deleted"], report["dry_run"]) == (1, 0, True)
    assert AuditLog.objects.count() == 1


def test_purge_deletes_old_rows_and_logs_itself(settings) -> None:
    settings.PALERMO_AUDIT_RETENTION_DAYS = 30
    old, kept = old_row(40), old_row(10)
    out = io.StringIO()
    call_command("audit", "purge", "--json", stdout=out)
    assert json.loads(out.getvalue())["deleted"] == 1
    assert not AuditLog.objects.filter(pk=old.pk).exists()
    assert AuditLog.objects.filter(pk=kept.pk).exists()
    purge = last("audit.purge")
    assert (purge.log_type, purge.metadata["deleted"], purge.metadata["retention_days"]) == (
        "change",
        1,
        30,
    )


def test_purge_refuses_a_nonsense_retention() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1 day"):
        call_command("audit", "purge", "--days", "0", "--json", stdout=io.StringIO())


def test_unknown_audit_actions_are_refused() -> None:
    with pytest.raises(ValueError, match="not allowed"):
        audit(None, "access", "case.update")
    with pytest.raises(ValueError, match="unknown audit log type"):
        audit(None, "gossip", "case.read")
