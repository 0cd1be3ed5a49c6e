"""A donor's personal data: fund officers and platform administrators only, every read audited."""

from __future__ import annotations

import pytest
from django.test import Client

from palermo.accounts.models import AuditLog, Membership, Role
from palermo.fund import services
from tests.fund.conftest import People


@pytest.mark.django_db
def test_donor_personal_data_is_invisible_to_roles_without_the_right(people: People) -> None:
    donor = services.create_donor(
        None,
        people.officer,
        services.DonorSpec(
            "individual", "Private individual", full_name="Jane Q. Giver", email="jane@example.org"
        ),
    )
    admin = people.readonly
    Membership.objects.create(user=admin, organisation=people.secretariat, role=Role.PLATFORM_ADMIN)
    for user in (people.officer, admin):
        client = Client()
        client.force_login(user)
        assert b"Jane Q. Giver" in client.get(f"/fund/donors/{donor.pk}/").content
        assert (
            client.get(f"/api/fund/donors/{donor.pk}/").json()["personal"]["email"]
            == "jane@example.org"
        )
        assert AuditLog.objects.filter(action="fund.donor_personal.read", user=user).count() >= 2
    for user in (people.analyst, people.reviewer, people.applicant, people.ngo_reviewer):
        client = Client()
        client.force_login(user)
        for url in (
            f"/fund/donors/{donor.pk}/",
            "/fund/donors/",
            "/fund/ledger/",
            f"/api/fund/donors/{donor.pk}/",
            "/api/fund/donors/",
            "/api/fund/contributions/",
        ):
            response = client.get(url)
            assert response.status_code in (403, 404), (user, url)
            assert b"Jane" not in response.content
        # The aggregates they may see name no individual.
        page = client.get("/fund/")
        assert page.status_code == 200
        assert b"Jane" not in page.content
        assert b"Jane" not in client.get("/api/fund/summary/").content
    assert Client().get(f"/fund/donors/{donor.pk}/").status_code == 302  # to the sign-in page
