"""Who sees what: a focal point sees only their own organisation's answers; audit of reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from palermo.accounts.models import AuditLog, Membership, Organisation, Role, User
from palermo.reporting import queries, services
from tests.reporting.conftest import World, logged_in

pytestmark = pytest.mark.django_db


def test_a_focal_point_cannot_see_another_countrys_draft(world: World) -> None:
    draft = services.save_answers(
        None, world.focal_estonia, world.round, world.estonia, {"comments": "EST draft"}
    )
    egypt = logged_in(world.focal_egypt)
    assert egypt.get(reverse("reporting:submission", args=[draft.pk])).status_code == 404
    assert (
        egypt.get(reverse("reporting:answer", args=[world.round.pk, world.estonia.pk])).status_code
        == 404
    )
    assert (
        egypt.get(
            reverse("reporting:template", args=[world.round.pk, world.estonia.pk])
        ).status_code
        == 404
    )
    assert egypt.get(f"/api/reporting/submissions/{draft.pk}/").status_code == 404
    assert (
        egypt.patch(
            f"/api/reporting/submissions/{draft.pk}/",
            {"answers": {}},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert egypt.get("/api/reporting/submissions/").json()["results"] == []
    response = egypt.post(
        "/api/reporting/submissions/",
        {
            "round": world.round.pk,
            "organisation": world.estonia.pk,
            "answers": {"comments": "hijack"},
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.answers == {"comments": "EST draft"}
    # Its own focal point sees it; the read is audited.
    assert (
        logged_in(world.focal_estonia)
        .get(reverse("reporting:submission", args=[draft.pk]))
        .status_code
        == 200
    )
    assert AuditLog.objects.filter(
        action="reporting.submission.read", user=world.focal_estonia
    ).exists()


def test_the_secretariat_sees_submitted_answers_not_drafts(world: World) -> None:
    draft = services.save_answers(
        None, world.focal_estonia, world.round, world.estonia, {"comments": "d"}
    )
    analyst = logged_in(world.analyst)
    assert analyst.get(reverse("reporting:submission", args=[draft.pk])).status_code == 404
    services.submit(None, world.focal_estonia, draft)
    assert analyst.get(reverse("reporting:submission", args=[draft.pk])).status_code == 200
    assert list(queries.submissions_visible_to(world.analyst)) == [draft]


def test_only_managers_create_rounds_and_review(world: World) -> None:
    egypt = logged_in(world.focal_egypt)
    assert egypt.get(reverse("reporting:new")).status_code == 403
    assert (
        egypt.post("/api/reporting/rounds/", {}, content_type="application/json").status_code == 403
    )
    sub = services.save_answers(
        None, world.focal_egypt, world.round, world.egypt, {"comments": "x"}
    )
    services.submit(None, world.focal_egypt, sub)
    response = egypt.post(
        "/api/reporting/reviews/",
        {"submission": sub.pk, "decision": "accept"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert (
        egypt.post(
            reverse("reporting:submission", args=[sub.pk]), {"decision": "accept"}
        ).status_code
        == 403
    )


def test_rounds_are_visible_to_invited_organisations_once_open(world: World, make_round) -> None:  # type: ignore[no-untyped-def]
    stranger_org = Organisation.objects.create(
        name="Another State", kind="state", country_iso3="USA"
    )
    stranger = User.objects.create(username="stranger")
    Membership.objects.create(
        user=stranger, organisation=stranger_org, role=Role.NATIONAL_FOCAL_POINT
    )
    assert (
        logged_in(stranger).get(reverse("reporting:round", args=[world.round.pk])).status_code
        == 404
    )
    assert (
        logged_in(world.focal_egypt)
        .get(reverse("reporting:round", args=[world.round.pk]))
        .status_code
        == 200
    )
    hidden = make_round("gr-next", status="draft")
    services.invite(None, None, hidden, [world.egypt])
    assert (
        logged_in(world.focal_egypt).get(reverse("reporting:round", args=[hidden.pk])).status_code
        == 404
    )
    assert (
        logged_in(world.analyst).get(reverse("reporting:round", args=[hidden.pk])).status_code
        == 200
    )


def test_only_states_with_a_country_and_un_entities_are_invited(world: World) -> None:
    ngo = Organisation.objects.create(name="Shelter NGO", kind="ngo")
    with pytest.raises(Exception, match="Shelter NGO"):
        services.invite(None, None, world.round, [ngo])
