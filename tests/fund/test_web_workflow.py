"""Through the web: a call from opening to the grantee's report; the rules that guard each step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from palermo.accounts.models import AuditLog
from palermo.fund import services, workflow
from palermo.fund.models import Application, GrantReport, PeopleAssisted, Review
from tests.fund.conftest import People


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_call_from_opening_to_grantee_report_through_the_web(people: People, funded) -> None:
    officer, applicant, reviewer = (
        _client(u) for u in (people.officer, people.applicant, people.reviewer)
    )
    r = officer.post(
        "/fund/calls/new/",
        {
            "title": "Call 2026",
            "year": 2026,
            "opens_on": "2020-01-01",
            "closes_on": "2099-01-01",
            "priorities": "armed conflict\nmixed migration flows",
            "max_amount_usd": "100000",
        },
    )
    assert r.status_code == 302, r.content
    call_url = r["Location"]
    assert "armed conflict" in applicant.get(call_url).content.decode()
    r = applicant.post(
        call_url + "apply/",
        {
            "organisation": people.ngo.pk,
            "title": "Shelter for survivors",
            "summary": "Beds, care.",
            "theme": "shelter",
            "requested_usd": "60000",
            "files": [SimpleUploadedFile("proposal.pdf", b"%PDF-1.4 demo", "application/pdf")],
        },
    )
    assert r.status_code == 302, r.content
    app = Application.objects.get()
    assert app.files.count() == 1
    # The other NGO cannot see it; the unassigned reviewer neither.
    assert _client(people.other_applicant).get(f"/fund/applications/{app.pk}/").status_code == 404
    assert reviewer.get(f"/fund/applications/{app.pk}/").status_code == 404
    assert (
        officer.post(
            f"/fund/applications/{app.pk}/", {"step": "assign", "reviewer": people.reviewer.pk}
        ).status_code
        == 302
    )
    page = reviewer.get(f"/fund/applications/{app.pk}/")
    assert page.status_code == 200
    assert b"proposal.pdf" in page.content
    assert (
        reviewer.get(f"/fund/applications/{app.pk}/files/{app.files.get().pk}/").status_code == 200
    )
    scores = {
        "step": "review",
        "comment": "Strong.",
        "score_direct_assistance": 5,
        "score_priority_fit": 4,
        "score_capacity": 4,
        "score_budget": 3,
        "score_safeguarding": 5,
    }
    assert reviewer.post(f"/fund/applications/{app.pk}/", scores).status_code == 302
    assert Review.objects.get().total == Decimal("88.00")  # (15+8+8+3+10)/(50) = 44/50
    r = officer.post(
        f"/fund/applications/{app.pk}/",
        {
            "step": "decide",
            "held_on": "2026-03-01",
            "minutes": "Board approved the project.",
            "approved": "1",
            "amount_usd": "50000",
            "instalments": 2,
        },
    )
    assert r.status_code == 302
    app.refresh_from_db()
    grant = app.grant
    assert app.status == "approved"
    assert grant.instalments.count() == 2
    r = officer.post(
        f"/fund/grants/{grant.pk}/", {"step": "pay", "amount_usd": "25000", "paid_on": "2026-03-02"}
    )
    assert r.status_code == 302
    # A payment above the remaining amount is refused, on the page too.
    r = officer.post(
        f"/fund/grants/{grant.pk}/",
        {"step": "pay", "amount_usd": "25000.01", "paid_on": "2026-03-03"},
    )
    assert r.status_code == 200
    assert b"remaining" in r.content
    officer.post(
        f"/fund/grants/{grant.pk}/",
        {
            "step": "schedule",
            "period_start": "2026-03-01",
            "period_end": "2026-12-31",
            "due_on": dt.date.today().isoformat(),
        },
    )
    report = GrantReport.objects.get()
    # The reminder command e-mails the grantee once.
    call_command("fund", "remind", "--json", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["applicant@example.org"]
    r = applicant.post(
        f"/fund/reports/{report.pk}/",
        {
            "narrative": "We assisted 12 people.",
            "spent_usd": "20000",
            "n_female_adult_shelter": 7,
            "n_male_child_legal": 5,
            "statement": SimpleUploadedFile("statement.xlsx", b"xlsx", "application/octet-stream"),
        },
    )
    assert r.status_code == 302, r.content
    report.refresh_from_db()
    assert report.submitted_at is not None
    assert report.financial_statement
    assert sum(PeopleAssisted.objects.values_list("count", flat=True)) == 12
    call_command("fund", "remind", "--json", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1  # submitted: no more reminders
    assert AuditLog.objects.filter(action="fund.report.update").exists()


@pytest.mark.django_db
def test_a_reviewer_cannot_score_their_own_organisations_application(
    people: People, open_call
) -> None:
    app = workflow.submit_application(
        None, people.applicant, open_call, people.ngo, title="P", requested_usd=Decimal(1000)
    )
    # ngo_reviewer is a reviewer (review panel) AND a member of the applying NGO.
    with pytest.raises(ValidationError, match="conflict of interest"):
        workflow.assign_reviewer(None, people.officer, app, people.ngo_reviewer)
    # Even if an assignment slipped in (e.g. they joined the NGO after being assigned), no score.
    from palermo.fund.models import ReviewAssignment

    ReviewAssignment.objects.create(application=app, reviewer=people.ngo_reviewer)
    scores = {
        "direct_assistance": 5,
        "priority_fit": 5,
        "capacity": 5,
        "budget": 5,
        "safeguarding": 5,
    }
    with pytest.raises(PermissionDenied, match="own organisation"):
        workflow.submit_review(None, people.ngo_reviewer, app, scores)
    r = _client(people.ngo_reviewer).post(
        f"/fund/applications/{app.pk}/",
        {"step": "review", **{f"score_{k}": v for k, v in scores.items()}},
    )
    assert r.status_code == 403
    assert not Review.objects.exists()
    # An unassigned reviewer cannot score either.
    with pytest.raises(PermissionDenied, match="not assigned"):
        workflow.submit_review(None, people.reviewer, app, scores)


@pytest.mark.django_db
def test_a_payment_above_the_remaining_amount_is_refused(people: People, funded, open_call) -> None:
    app = workflow.submit_application(
        None, people.applicant, open_call, people.ngo, title="P", requested_usd=Decimal(40000)
    )
    meeting = workflow.record_meeting(None, people.officer, dt.date(2026, 1, 1), "Approved.")
    workflow.decide(None, people.officer, app, meeting, approved=True, amount_usd=Decimal(40000))
    grant = app.grant
    services.record_payment(None, people.officer, grant, "39999.99", dt.date(2026, 1, 2))
    with pytest.raises(ValidationError, match=r"remaining 0\.01"):
        services.record_payment(None, people.officer, grant, "0.02", dt.date(2026, 1, 3))
    services.record_payment(None, people.officer, grant, "0.01", dt.date(2026, 1, 3))
    assert services.remaining_usd(grant) == Decimal("0.00")
    with pytest.raises(PermissionDenied):
        services.record_payment(None, people.applicant, grant, "1", dt.date(2026, 1, 3))


@pytest.mark.django_db
def test_submission_rules(people: People, open_call) -> None:
    with pytest.raises(PermissionDenied):
        workflow.submit_application(
            None, people.applicant, open_call, people.other_ngo, title="X", requested_usd=Decimal(1)
        )
    with pytest.raises(ValidationError, match="at most"):
        workflow.submit_application(
            None, people.applicant, open_call, people.ngo, title="X", requested_usd=Decimal(100001)
        )
    with pytest.raises(ValidationError, match="file type"):
        workflow.submit_application(
            None,
            people.applicant,
            open_call,
            people.ngo,
            title="X",
            requested_usd=Decimal(1),
            files=[SimpleUploadedFile("x.exe", b"MZ")],
        )
    workflow.submit_application(
        None, people.applicant, open_call, people.ngo, title="X", requested_usd=Decimal(1)
    )
    with pytest.raises(ValidationError, match="already applied"):
        workflow.submit_application(
            None, people.applicant, open_call, people.ngo, title="Y", requested_usd=Decimal(1)
        )
