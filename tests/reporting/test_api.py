"""The reporting API: questionnaires, rounds, submissions and reviews, with the audit they leave."""

from __future__ import annotations

import pytest
from django.test import Client

from palermo.accounts.models import AuditLog
from palermo.reporting.models import Submission
from tests.reporting.conftest import World, logged_in

pytestmark = pytest.mark.django_db


def test_questionnaires_are_public() -> None:
    response = Client().get("/api/reporting/questionnaires/")
    assert response.status_code == 200
    payload = response.json()
    rows = payload["results"] if isinstance(payload, dict) else payload
    codes = {(q["code"], q["version"]) for q in rows}
    assert codes == {("global-report", 1), ("sg-measures", 1)}


def test_a_focal_point_answers_through_the_api(world: World) -> None:
    api = logged_in(world.focal_egypt)
    body = {
        "round": world.round.pk,
        "organisation": world.egypt.pk,
        "answers": {"offences_recorded": {"trafficking/2022": "-2"}, "data_sources": ["tarot"]},
    }
    response = api.post("/api/reporting/submissions/", body, content_type="application/json")
    assert response.status_code == 400
    problems = {(p["question"], p["cell"], p["message"]) for p in response.json()["answers"]}
    assert ("offences_recorded", "trafficking/2022", "negative number (-2)") in problems
    assert not Submission.objects.exists()

    body["answers"] = {"offences_recorded": {"trafficking/2022": "31"}}
    response = api.post("/api/reporting/submissions/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api.patch(
        f"/api/reporting/submissions/{pk}/", {"submit": True}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    # Submitted: no longer editable by the respondent.
    assert (
        api.patch(
            f"/api/reporting/submissions/{pk}/", {"answers": {}}, content_type="application/json"
        ).status_code
        == 404
    )

    analyst = logged_in(world.analyst)
    assert analyst.get(f"/api/reporting/submissions/{pk}/").json()["answers"] == {
        "offences_recorded": {"trafficking/2022": 31}
    }
    response = analyst.post(
        "/api/reporting/reviews/",
        {"submission": pk, "decision": "return"},
        content_type="application/json",
    )
    assert response.status_code == 400  # a return needs comments
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "reporting.submission.create",
        "reporting.submission.update",
        "reporting.submission.read",
    } <= actions


def test_rounds_api_shows_completion_and_lets_the_secretariat_change_status(world: World) -> None:
    analyst = logged_in(world.analyst)
    detail = analyst.get(f"/api/reporting/rounds/{world.round.pk}/").json()
    assert detail["years"] == [2021, 2022, 2023]
    assert {line["region"]: line["invited"] for line in detail["completion"]} == {
        "Africa": 1,
        "Europe": 1,
        "UN entities": 1,
    }
    response = analyst.patch(
        f"/api/reporting/rounds/{world.round.pk}/",
        {"status": "closed"},
        content_type="application/json",
    )
    assert response.json()["status"] == "closed"
    response = logged_in(world.focal_egypt).post(
        "/api/reporting/submissions/",
        {"round": world.round.pk, "organisation": world.egypt.pk, "answers": {}},
        content_type="application/json",
    )
    assert response.status_code == 400  # closed round
    created = analyst.post(
        "/api/reporting/rounds/",
        {
            "code": "sg-2021",
            "name": "SG report 2021",
            "questionnaire": "sg-measures",
            "period_start": "2019-04-16",
            "period_end": "2021-04-15",
            "deadline": "2021-04-15",
            "invite": [world.egypt.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["completion"][0]["invited"] == 1
