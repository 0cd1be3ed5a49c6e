"""Linkage pages: start a run, its progress, the review queue (identifiers by role), persons,
capture histories; who may open them."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from palermo.accounts.models import AuditLog
from palermo.cases import linkage
from palermo.cases.models import Decision, LinkageRun, MatchDecision, Source
from palermo.estimation.models import EstimationRun
from tests.cases.conftest import World
from tests.cases.linkage_fixtures import case, fake_engine  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_engine")]


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def _cases(world: World) -> None:
    hotline = Source.objects.create(organisation=world.org_a, name="hotline-a")
    case(world.source_a, "Ivan", "Petrov", gender="Masculine", year=2021)
    case(hotline, "Igor", "Petrov", gender="Masculine", year=2021)
    case(world.source_b, "Bogdan", "Secret", gender="Masculine", year=2021)
    case(world.source_b, "Bogdana", "Secret", gender="Feminine", year=2021)


@override_settings(PALERMO_LINKAGE_BACKGROUND=False)
def test_start_a_run_and_follow_its_progress(world: World) -> None:
    _cases(world)
    client = _client(world, "focal_a")
    assert client.get(reverse("cases:linkage")).status_code == 200
    response = client.post(reverse("cases:linkage-start"))
    assert response.status_code == 302
    run = LinkageRun.objects.get()
    assert response["Location"] == reverse("cases:linkage-run", args=[run.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"cases/progress.js" in page.content
    assert b"<script>" not in page.content  # the CSP forbids inline scripts
    status = client.get(reverse("cases:linkage-status", args=[run.pk])).json()
    assert status["status"] == "done"
    assert status["running"] is False
    assert set(run.organisations.all()) == {world.org_a}


def test_progress_of_a_running_run(world: World) -> None:
    run = linkage.create_run(world.users["worker_a"])
    linkage._progress(run, "reading", 500, 2000)
    client = _client(world, "worker_a")
    status = client.get(reverse("cases:linkage-status", args=[run.pk])).json()
    assert status == {
        "status": "running",
        "running": True,
        "phase": "reading",
        "done": 500,
        "total": 2000,
        "persons": 0,
        "review_pairs": 0,
    }
    page = client.get(reverse("cases:linkage-run", args=[run.pk]))
    assert b'data-running="1"' in page.content
    # another organisation's user: 404
    assert (
        _client(world, "worker_b").get(reverse("cases:linkage-run", args=[run.pk])).status_code
        == 404
    )


def test_review_pair_identifiers_by_role(world: World) -> None:
    _cases(world)
    linkage.execute_run(linkage.create_run(world.users["worker_a"]), world.users["worker_a"])
    worker = _client(world, "worker_a")
    queue = worker.get(reverse("cases:review"))
    assert queue.status_code == 200
    pair = linkage.current_run_for(world.users["worker_a"]).review.get()
    url = reverse("cases:review-pair", args=[pair.pk])
    assert b"Petrov" in worker.get(url).content  # case workers read identifiers
    analyst = _client(world, "analyst_a")
    seen = analyst.get(url)
    assert seen.status_code == 200
    assert b"Petrov" not in seen.content  # analysts: pseudonymised
    assert AuditLog.objects.filter(action="cases.case.read").count() == 4
    # another organisation: 404 for the pair, and an empty queue
    other = _client(world, "worker_b")
    assert other.get(url).status_code == 404
    assert other.get(reverse("cases:review")).status_code == 404  # no run in force for B
    # the decision, through the page
    response = worker.post(url, {"decision": "accept", "note": "same phone"})
    assert response.status_code == 302
    decision = MatchDecision.objects.get()
    assert decision.decision == Decision.ACCEPT
    assert decision.decided_by == world.users["worker_a"]
    assert worker.post(url, {"decision": "maybe"}).status_code == 400


def test_persons_and_capture_pages(world: World) -> None:
    _cases(world)
    user = world.users["worker_a"]
    run = linkage.execute_run(linkage.create_run(user), user)
    client = _client(world, "worker_a")
    listing = client.get(reverse("cases:persons"))
    assert listing.status_code == 200
    person = run.links.first().person
    page = client.get(reverse("cases:person", args=[person]))
    assert page.status_code == 200
    assert b"police-a" in page.content or b"hotline-a" in page.content
    assert _client(world, "worker_b").get(reverse("cases:person", args=[person])).status_code == 404
    capture = client.get(reverse("cases:capture"), {"by": ["sex", "year"]})
    assert capture.status_code == 200
    csv = client.get(reverse("cases:capture"), {"by": "sex", "format": "csv"})
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig").splitlines()
    assert text[0] == "hotline-a,police-a,sex,count"
    assert sum(int(line.rsplit(",", 1)[1]) for line in text[1:]) == run.persons


@pytest.mark.parametrize("name", ["admin_a", "fund_a"])
def test_roles_without_cases_get_no_linkage(world: World, name: str) -> None:
    client = _client(world, name)
    assert client.get(reverse("cases:linkage")).status_code == 403
    assert client.post(reverse("cases:linkage-start")).status_code == 403
    assert client.get(reverse("cases:review")).status_code == 403


def test_anonymous_is_sent_to_sign_in() -> None:
    assert Client().get(reverse("cases:linkage")).status_code == 302


@override_settings(PALERMO_LINKAGE_BACKGROUND=False)
def test_estimate_from_linked_cases_page(world: World) -> None:
    _cases(world)
    focal = _client(world, "focal_a")
    focal.post(reverse("cases:linkage-start"))
    url = reverse("estimation:from-cases")
    assert focal.get(url).status_code == 200
    assert _client(world, "worker_a").get(url).status_code == 403  # case workers run no estimate
    form = {
        "name": "from cases",
        "organisation": world.org_a.pk,
        "method": "main",
        "threshold": "0.02",
        "bootstrap": "0",
        "ci": "conditional",
        "sex": "male",
        "age_group": "total",
        "exploitation": "all",
    }
    response = focal.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    run = EstimationRun.objects.get()
    assert run.lists == ["hotline-a", "police-a"]
    # Ivan and Igor Petrov (a pair left for review: two persons); B's men are not in A's scope
    assert run.observed == 2
    assert run.sex == "male"
