"""Pages: preview per language, downloads, narrative editing with review; roles and audit."""

from __future__ import annotations

import pytest
from django.test import Client

from palermo.accounts.models import AuditLog, Membership, Organisation, Role, User
from palermo.publishing.models import NarrativeStatus, NarrativeVersion


def user_with(role: str, name: str) -> User:
    org, _ = Organisation.objects.get_or_create(name="DEMO-UN", defaults={"short_name": "DEMO-UN"})
    user = User.objects.create_user(username=name, password="x-Long-passw0rd!")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.mark.django_db
def test_narrative_edit_review_approve_merges_into_report() -> None:
    analyst = user_with(Role.SECRETARIAT_ANALYST, "analyst")
    admin = user_with(Role.PLATFORM_ADMIN, "admin")
    client = Client()
    client.force_login(analyst)
    url = "/reports/narratives/en/recommendations/"
    text = "It is recommended that the General Assembly recall its resolution 72/195."
    assert client.post(url, {"text": text, "submit": "1"}).status_code == 302
    version = NarrativeVersion.objects.get()
    assert version.status == NarrativeStatus.SUBMITTED
    # the analyst cannot approve
    assert (
        client.post(
            f"/reports/narratives/version/{version.pk}/review/", {"action": "approve"}
        ).status_code
        == 403
    )
    client.force_login(admin)
    assert (
        client.post(
            f"/reports/narratives/version/{version.pk}/review/", {"action": "approve"}
        ).status_code
        == 302
    )
    version.refresh_from_db()
    assert version.status == NarrativeStatus.APPROVED
    assert version.reviewer == admin
    actions = list(
        AuditLog.objects.filter(action__startswith="publishing.narrative").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["publishing.narrative.create", "publishing.narrative.update"]
    page = client.get("/reports/preview/", {"lang": "en", "period": "2015-12-17:2019-04-15"})
    assert page.status_code == 200
    assert 'href="https://undocs.org/en/A/RES/72/195">72/195</a>' in page.content.decode()
    assert (
        "It is recommended that the General Assembly recall its resolution" in page.content.decode()
    )


@pytest.mark.django_db
def test_roles_and_downloads() -> None:
    client = Client()
    assert client.get("/reports/").status_code == 302  # sign in first
    reader = user_with(Role.READ_ONLY, "reader")
    client.force_login(reader)
    assert client.get("/reports/").status_code == 403
    client.force_login(user_with(Role.SECRETARIAT_ANALYST, "analyst2"))
    assert client.get("/reports/").status_code == 200
    response = client.get("/reports/download/", {"lang": "fr", "format": "docx"})
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert AuditLog.objects.filter(action="publishing.report.export").exists()
    assert client.get("/reports/download/", {"lang": "de"}).status_code == 404
    sdmx = client.get("/reports/sdmx/")
    assert sdmx.status_code == 200
    assert sdmx.content.startswith(b"DATAFLOW,FREQ")
