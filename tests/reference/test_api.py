"""Reference API: filters, pagination, ordering; writes only for platform admins, audited."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from palermo.accounts.models import AuditLog, Membership, Organisation, OrganisationKind, User
from palermo.reference.models import Country, TreatyAction


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def _user(username: str, role: str | None) -> User:
    user = User.objects.create_user(username=username, password="Tr4fficking-Report-2019")
    if role:
        org = Organisation.objects.create(name=f"Org of {username}", kind=OrganisationKind.STATE)
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


def test_countries_paginated_and_filtered(ref: None, client: APIClient) -> None:
    page = client.get("/api/reference/countries/", {"page_size": 10}).json()
    assert page["count"] == Country.objects.count()
    assert len(page["results"]) == 10
    assert page["next"]
    assert page["results"][0]["iso3"] == "ABW"
    fra = client.get("/api/reference/countries/", {"iso3": "fra"}).json()["results"]
    assert [c["iso3"] for c in fra] == ["FRA"]
    assert fra[0]["region"] == "150"
    africa = client.get("/api/reference/countries/", {"region": "002", "page_size": 1000}).json()
    assert africa["count"] == Country.objects.filter(region__m49="002").count() > 50
    sids = client.get("/api/reference/countries/", {"sids": "true", "ordering": "-iso3"}).json()
    assert sids["results"][0]["iso3"] > sids["results"][-1]["iso3"]


def test_treaty_actions_filters(ref: None, client: APIClient) -> None:
    params = {"treaty": "tip", "date_from": "2015-12-17", "date_to": "2019-04-15"}
    got = client.get("/api/reference/treaty-actions/", params).json()
    assert {(a["country"], a["date"]) for a in got["results"]} == {
        ("MDV", "2016-09-14"),
        ("JPN", "2017-07-11"),
        ("FJI", "2017-09-19"),
        ("PSE", "2017-12-29"),
    }
    sigs = client.get(
        "/api/reference/treaty-actions/", {"treaty": "tip", "action": "signature"}
    ).json()
    assert (
        sigs["count"] == TreatyAction.objects.filter(treaty__code="tip", action="signature").count()
    )
    latest = client.get("/api/reference/treaty-actions/", {"ordering": "-date"}).json()["results"][
        0
    ]
    assert latest["date"] == "2017-12-29"


def test_population_and_tiers_filters(ref: None, client: APIClient) -> None:
    pop = client.get(
        "/api/reference/population/",
        {"iso3": "NER", "source": "World Bank SP.POP.TOTL", "year_min": 2000, "year_max": 2009},
    ).json()
    assert pop["count"] == 10
    assert {r["year"] for r in pop["results"]} == set(range(2000, 2010))
    tiers = client.get("/api/reference/tip-tiers/", {"iso3": "MMR", "tier": "3"}).json()
    assert tiers["count"] >= 1
    assert all(t["tier"] == "3" for t in tiers["results"])
    leg = client.get(
        "/api/reference/legislation/", {"region": "150", "criminalisation": "full"}
    ).json()
    assert leg["count"] > 0
    idx = client.get("/api/reference/policy-index/", {"iso3": "CAN", "year": 2004}).json()[
        "results"
    ]
    assert idx[0]["total"] == 13


NEW_ACTION = {
    "treaty": "smuggling",
    "country": "FJI",
    "action": "accession",
    "date": "2017-09-19",
    "source": "test citation",
}


@pytest.mark.parametrize("role", [None, "secretariat_analyst", "national_focal_point", "read_only"])
def test_writes_forbidden_to_non_admins(ref: None, client: APIClient, role: str | None) -> None:
    if role:
        client.force_authenticate(_user(f"u_{role}", role))
    assert (
        client.post("/api/reference/treaty-actions/", NEW_ACTION, format="json").status_code == 403
    )
    pk = TreatyAction.objects.first().pk
    assert client.delete(f"/api/reference/treaty-actions/{pk}/").status_code == 403
    assert (
        client.patch("/api/reference/countries/1/", {"ldc": True}, format="json").status_code == 403
    )


def test_admin_writes_are_audited(ref: None, client: APIClient) -> None:
    admin = _user("admin1", "platform_admin")
    client.force_authenticate(admin)
    resp = client.post("/api/reference/treaty-actions/", NEW_ACTION, format="json")
    assert resp.status_code == 201, resp.json()
    pk = resp.json()["id"]
    assert resp.json()["loaded_from"] == ""
    entry = AuditLog.objects.get(action="reference.treatyaction.create")
    assert entry.user == admin
    assert entry.object_id == str(pk)
    assert entry.log_type == "change"
    resp = client.patch(f"/api/reference/treaty-actions/{pk}/", {"note": "checked"}, format="json")
    assert resp.status_code == 200
    assert AuditLog.objects.filter(action="reference.treatyaction.update", user=admin).exists()
    assert client.delete(f"/api/reference/treaty-actions/{pk}/").status_code == 204
    assert AuditLog.objects.filter(
        action="reference.treatyaction.delete", object_id=str(pk)
    ).exists()
    bad = client.post("/api/reference/treaty-actions/", NEW_ACTION | {"source": " "}, format="json")
    assert bad.status_code == 400
