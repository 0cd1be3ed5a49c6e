"""Linkage API: runs, review pairs and decisions within the caller's scope only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from palermo.accounts.models import User
from palermo.cases import linkage
from palermo.cases.models import MatchDecision, Source
from tests.cases.conftest import World
from tests.cases.linkage_fixtures import case, fake_engine  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_engine")]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(client: Client, url: str) -> list[dict[str, Any]]:
    data = client.get(url).json()
    return data["results"] if isinstance(data, dict) else data


def test_api_scope_and_decisions(world: World) -> None:
    hotline = Source.objects.create(organisation=world.org_a, name="hotline-a")
    ivan = case(world.source_a, "Ivan", "Petrov")
    igor = case(hotline, "Igor", "Petrov")
    b1 = case(world.source_b, "Ivan", "Petrov")
    case(world.source_b, "Igor", "Petrov")
    worker_a, worker_b = world.users["worker_a"], world.users["worker_b"]
    for user in (worker_a, worker_b):
        linkage.execute_run(linkage.create_run(user), user)
    a, b = _client(worker_a), _client(worker_b)
    rows = _rows(a, "/api/cases/linkage-runs/")
    assert [r["organisations"] for r in rows] == [[world.org_a.pk]]
    pairs = _rows(a, "/api/cases/review-pairs/")
    assert {(p["case_l"], p["case_r"]) for p in pairs} == {(ivan.pk, igor.pk)}
    # B cannot decide on A's records, nor A on a cross-organisation pair: 404 as if absent
    body = {"case_l": ivan.pk, "case_r": igor.pk, "decision": "reject"}
    assert b.post("/api/cases/match-decisions/", body).status_code == 404
    cross = {"case_l": ivan.pk, "case_r": b1.pk, "decision": "accept"}
    assert a.post("/api/cases/match-decisions/", cross).status_code == 404
    assert a.post("/api/cases/match-decisions/", body).status_code == 201
    assert MatchDecision.objects.get().decision == "reject"
    again = a.post("/api/cases/match-decisions/", {**body, "decision": "accept"})
    assert again.status_code == 201
    assert MatchDecision.objects.get().decision == "accept"  # a new decision replaces the old
    assert _rows(b, "/api/cases/match-decisions/") == []
    assert len(_rows(a, "/api/cases/match-decisions/")) == 1
    assert _rows(a, "/api/cases/review-pairs/") == []  # decided pairs leave the queue
