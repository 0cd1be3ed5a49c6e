"""The main navigation shows each person the links they can use, and refusals are explained."""

from __future__ import annotations

import pytest
from django.test import Client

from palermo.accounts.models import Membership, Organisation, OrganisationKind, Role, User


def _member(role: str) -> User:
    org, _ = Organisation.objects.get_or_create(name="Secretariat", kind=OrganisationKind.UN)
    user = User.objects.create_user(f"u-{role}", password="x")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_report"),
    [(Role.SECRETARIAT_ANALYST, True), (Role.PLATFORM_ADMIN, True), (Role.CASE_WORKER, False)],
)
def test_the_report_link_is_shown_only_to_roles_that_may_open_it(
    role: str, sees_report: bool
) -> None:
    client = Client()
    client.force_login(_member(role))
    page = client.get("/").content.decode()
    assert ('href="/reports/"' in page) is sees_report
    assert client.get("/reports/").status_code == (200 if sees_report else 403)


@pytest.mark.django_db
def test_a_refusal_is_a_page_of_the_site_in_the_user_language() -> None:
    client = Client()
    client.force_login(_member(Role.CASE_WORKER))
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    response = client.get("/reports/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Accès refusé" in body
    assert 'href="/countries/"' in body  # the site's navigation is there
