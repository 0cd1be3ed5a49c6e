"""Platform-wide behaviour: `palermo demo setup`, the health endpoint, API error answers."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from palermo.accounts.models import Membership, Role, User


@pytest.mark.django_db
def test_demo_creates_one_user_per_role_and_is_idempotent() -> None:
    out = StringIO()
    call_command("demo", "setup", "--skip-reference", "--skip-apps", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert {u["role"] for u in doc["users"]} == set(Role.values)
    call_command("demo", "setup", "--skip-reference", "--skip-apps", "--json", stdout=StringIO())
    assert User.objects.count() == len(Role.values)
    assert Membership.objects.count() == len(Role.values)
    assert User.objects.get(username="admin").check_password(doc["password"])


@pytest.mark.django_db
def test_demo_refuses_on_an_https_deployment(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management.base import CommandError

    monkeypatch.setenv("PALERMO_HTTPS", "1")
    with pytest.raises(CommandError, match="refusing"):
        call_command("demo", "setup", "--skip-reference", stdout=StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_healthz_reports_the_database(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_deleting_a_region_with_children_is_a_409_not_a_crash(client) -> None:  # type: ignore[no-untyped-def]
    from palermo.accounts.models import Membership, Organisation, OrganisationKind
    from palermo.reference.models import Region

    africa = Region.objects.create(m49="002", level="region", names={"en": "Africa"})
    Region.objects.create(
        m49="015", level="subregion", parent=africa, names={"en": "Northern Africa"}
    )
    org = Organisation.objects.create(name="Secretariat", kind=OrganisationKind.UN)
    admin = User.objects.create_user("root-admin", password="x")
    Membership.objects.create(user=admin, organisation=org, role=Role.PLATFORM_ADMIN)
    client.force_login(admin)
    listing = client.get("/api/", {"format": "json"}).json()
    url = next(v for k, v in listing.items() if "region" in k)
    response = client.delete(f"{url.split('?')[0]}{africa.pk}/")
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "protected"
    assert Region.objects.filter(pk=africa.pk).exists()
