"""Access: anyone reads, editors write, a UN entity member writes only its own entity's activities."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from palermo.accounts.models import AuditLog
from palermo.coordination.models import Activity, IcatChair

URL = "/api/coordination/activities/"


def _client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _body(org, **extra):  # type: ignore[no-untyped-def]
    return {
        "organisation": org.pk,
        "title": "Training of judges",
        "kind": "training",
        "pillar": "prosecution",
        "start_date": "2018-05-02",
        "participants_trained": 25,
        "countries": ["ETH"],
        **extra,
    }


@pytest.fixture
def iom_activity(entities):  # type: ignore[no-untyped-def]
    return Activity.objects.create(
        organisation=entities["IOM"],
        title="IOM training",
        kind="training",
        pillar="protection",
        start_date=dt.date(2018, 1, 1),
    )


@pytest.mark.django_db
def test_entity_member_records_own_activity_audited(entities, member, countries) -> None:  # type: ignore[no-untyped-def]
    user = member("case_worker", "UNODC")
    response = _client(user).post(URL, _body(entities["UNODC"]), content_type="application/json")
    assert response.status_code == 201, response.content
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.created_by == user
    assert [c.iso3 for c in activity.countries.all()] == ["ETH"]
    row = AuditLog.objects.get(action="coordination.activity.create")
    assert (row.username, row.object_id) == (user.username, str(activity.pk))
    patch = _client(user).patch(
        f"{URL}{activity.pk}/", {"participants_trained": 30}, content_type="application/json"
    )
    assert patch.status_code == 200
    assert AuditLog.objects.filter(
        action="coordination.activity.update", object_id=str(activity.pk)
    ).exists()
    assert _client(user).delete(f"{URL}{activity.pk}/").status_code == 204
    assert AuditLog.objects.filter(action="coordination.activity.delete").exists()


@pytest.mark.django_db
def test_entity_member_cannot_touch_another_entitys_activity(
    entities, member, iom_activity, countries
) -> None:  # type: ignore[no-untyped-def]
    client = _client(member("case_worker", "UNODC"))
    detail = f"{URL}{iom_activity.pk}/"
    assert (
        client.patch(detail, {"title": "Mine now"}, content_type="application/json").status_code
        == 403
    )
    assert (
        client.put(detail, _body(entities["UNODC"]), content_type="application/json").status_code
        == 403
    )
    assert client.delete(detail).status_code == 403
    assert (
        client.post(URL, _body(entities["IOM"]), content_type="application/json").status_code == 403
    )
    iom_activity.refresh_from_db()
    assert iom_activity.title == "IOM training"
    assert not AuditLog.objects.filter(log_type="change").exists()
    # The web form hides it altogether.
    edit = reverse("coordination:activity_edit", args=[iom_activity.pk])
    assert client.get(edit).status_code == 404


@pytest.mark.django_db
def test_read_only_members_and_state_staff_cannot_write(entities, member) -> None:  # type: ignore[no-untyped-def]
    for user in (member("read_only", "UNODC"), member("national_focal_point", "STATE")):
        response = _client(user).post(
            URL, _body(entities["UNODC"]), content_type="application/json"
        )
        assert response.status_code == 403


@pytest.mark.django_db
def test_analyst_edits_everything_and_validation_is_enforced(
    entities, member, iom_activity
) -> None:  # type: ignore[no-untyped-def]
    client = _client(member("secretariat_analyst", "STATE"))
    detail = f"{URL}{iom_activity.pk}/"
    assert (
        client.patch(detail, {"suspects_arrested": 3}, content_type="application/json").status_code
        == 200
    )
    bad = client.patch(detail, {"end_date": "2017-01-01"}, content_type="application/json")
    assert bad.status_code == 400
    assert "end_date" in bad.json()
    chair = client.post(
        "/api/coordination/icat-chairs/",
        {"organisation": entities["UNODC"].pk, "year": 2016},
        content_type="application/json",
    )
    assert chair.status_code == 201
    assert AuditLog.objects.filter(action="coordination.icatchair.create").exists()
    assert IcatChair.objects.get().year == 2016


@pytest.mark.django_db
def test_entity_member_cannot_write_icat_records(entities, member) -> None:  # type: ignore[no-untyped-def]
    client = _client(member("case_worker", "UNODC"))
    response = client.post(
        "/api/coordination/icat-chairs/",
        {"organisation": entities["UNODC"].pk, "year": 2016},
        content_type="application/json",
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_public_pages_totals_and_export(entities, iom_activity) -> None:  # type: ignore[no-untyped-def]
    client = _client()
    listing = client.get(URL).json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [r["title"] for r in rows] == ["IOM training"]
    assert client.get(reverse("coordination:icat")).status_code == 200
    assert client.get(reverse("coordination:campaigns")).status_code == 200
    page = client.get(
        reverse("coordination:activities"), {"from": "2018-01-01", "to": "2018-12-31"}
    )
    assert page.status_code == 200
    assert "IOM training" in page.content.decode()
    csv = client.get(reverse("coordination:activities"), {"export": "csv"})
    assert csv.status_code == 200
    assert b"IOM training" in csv.content
    totals = client.get("/api/coordination/activity-totals/", {"from": "2018-01-01"}).json()
    assert totals["total"]["activities"] == 1
    # Anonymous visitors cannot open the form.
    assert client.get(reverse("coordination:activity_new")).status_code == 302


@pytest.mark.django_db
def test_entity_member_uses_the_web_form(entities, member, countries) -> None:  # type: ignore[no-untyped-def]
    client = _client(member("fund_officer", "IOM"))
    form = client.get(reverse("coordination:activity_new"))
    assert form.status_code == 200
    assert "United Nations Office on Drugs and Crime" not in form.content.decode()
    response = client.post(
        reverse("coordination:activity_new"),
        {
            "organisation": entities["IOM"].pk,
            "title": "Shelter support",
            "kind": "victim_assistance",
            "pillar": "protection",
            "start_date": "2018-02-01",
            "activity_count": 1,
            "victims_assisted": 40,
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get(title="Shelter support").victims_assisted == 40
    assert AuditLog.objects.filter(action="coordination.activity.create").exists()
