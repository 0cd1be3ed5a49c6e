"""Reminders by e-mail go only to invited organisations that have not submitted."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from palermo.reporting import services
from palermo.reporting.models import Invitation
from tests.reporting.conftest import World, logged_in

pytestmark = pytest.mark.django_db


def test_reminders_go_only_to_those_who_have_not_submitted(world: World) -> None:
    sub = services.save_answers(
        None, world.focal_estonia, world.round, world.estonia, {"comments": "done"}
    )
    services.submit(None, world.focal_estonia, sub)
    services.save_answers(
        None, world.focal_egypt, world.round, world.egypt, {"comments": "draft only"}
    )
    Invitation.objects.filter(organisation=world.unodc).update(email="tip-focal@un.example")
    mail.outbox.clear()
    out = StringIO()
    call_command("rounds", "remind", world.round.code, "--json", stdout=out)
    report = json.loads(out.getvalue())
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["focal-egy@example.org", "tip-focal@un.example"]
    assert "focal-est@example.org" not in recipients
    assert report["answered"] == 1
    assert len(report["reminded"]) == 2
    assert all(world.round.name in m.subject for m in mail.outbox)
    assert Invitation.objects.get(organisation=world.egypt).reminders_sent == 1
    assert Invitation.objects.get(organisation=world.estonia).reminders_sent == 0


def test_dry_run_sends_nothing_and_the_page_button_sends(world: World) -> None:
    mail.outbox.clear()
    out = StringIO()
    call_command("rounds", "remind", str(world.round.pk), "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "would remind 2" in out.getvalue()
    response = logged_in(world.analyst).post(reverse("reporting:remind", args=[world.round.pk]))
    assert response.status_code == 302
    assert sorted(a for m in mail.outbox for a in m.to) == [
        "focal-egy@example.org",
        "focal-est@example.org",
    ]
    assert (
        logged_in(world.focal_egypt)
        .post(reverse("reporting:remind", args=[world.round.pk]))
        .status_code
        == 403
    )
