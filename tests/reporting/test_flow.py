"""A round from creation to accepted submissions: through the web form and through the XLSX template."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from palermo.accounts.models import AuditLog
from palermo.reporting import queries, services
from palermo.reporting.models import Round, Submission
from tests.reporting.conftest import World, logged_in

pytestmark = pytest.mark.django_db


def _cell(ws, key: str, year: int):  # type: ignore[no-untyped-def]
    """The template cell of row ``key`` and column ``year``."""
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(4, c).value == year)
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == key)
    return ws.cell(row, col)


def test_round_through_the_web(world: World) -> None:
    analyst = logged_in(world.analyst)
    assert analyst.get(reverse("reporting:new")).status_code == 200
    qn = services.questionnaire("global-report")
    response = analyst.post(
        reverse("reporting:new"),
        {
            "code": "gr-web",
            "name": "Global Report 2026",
            "questionnaire": qn.pk,
            "period_start": "2021-01-01",
            "period_end": "2023-12-31",
            "deadline": "2024-06-30",
            "change_factor": "3",
            "invite_all": "on",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.content
    round_ = Round.objects.get(code="gr-web")
    assert set(round_.invitations.values_list("organisation__name", flat=True)) == {
        "Egypt NCCPIM",
        "Estonia Ministry of Justice",
        "UNODC",
    }

    focal = logged_in(world.focal_egypt)
    url = reverse("reporting:answer", args=[round_.pk, world.egypt.pk])
    assert focal.get(url).status_code == 200
    answers = {
        "q__victims_form__total/total/2022": "120",
        "q__victims_form__women/total/2022": "70",
        "q__victims_form__girls/total/2022": "<5",
        "q__victims_form__unknown/total/2022": "unknown",
        "q__persons_convicted__total/total/2023": "1 204",
        "q__data_sources": ["police", "courts"],
        "q__comments": "Police data only.",
    }
    assert focal.post(url, {**answers, "action": "save"}).status_code == 302
    sub = Submission.objects.get(round=round_, organisation=world.egypt)
    assert sub.status == "draft"
    assert sub.answers["victims_form"] == {
        "total/total/2022": 120,
        "women/total/2022": 70,
        "girls/total/2022": "<5",
        "unknown/total/2022": "unknown",
    }
    assert sub.answers["persons_convicted"] == {"total/total/2023": 1204}
    assert focal.post(url, {**answers, "action": "submit"}).status_code == 302
    sub.refresh_from_db()
    assert sub.status == "submitted"

    # The secretariat reads it (audited) and accepts it.
    page = analyst.get(reverse("reporting:submission", args=[sub.pk]))
    assert page.status_code == 200
    assert AuditLog.objects.filter(
        action="reporting.submission.read", object_id=str(sub.pk)
    ).exists()
    response = analyst.post(reverse("reporting:submission", args=[sub.pk]), {"decision": "accept"})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == "accepted"
    rows = queries.accepted_answers(
        round="gr-web", questionnaire="global-report", question="victims_form"
    )
    assert {(r.country_iso3, r.dims["sex_age"], r.year, r.value) for r in rows} == {
        ("EGY", "total", 2022, 120),
        ("EGY", "women", 2022, 70),
        ("EGY", "girls", 2022, "<5"),
        ("EGY", "unknown", 2022, "unknown"),
    }
    round_page = analyst.get(reverse("reporting:round", args=[round_.pk])).content.decode()
    assert "Africa" in round_page
    assert "Égypte" not in round_page
    assert [r.iso3 for r in queries.responders(round_)] == ["EGY"]


def test_returned_answer_goes_back_to_the_respondent(world: World) -> None:
    sub = services.save_answers(
        None, world.focal_egypt, world.round, world.egypt, {"comments": "x"}
    )
    services.submit(None, world.focal_egypt, sub)
    services.review(None, world.analyst, sub, "return", "Please add the 2023 figures.")
    sub.refresh_from_db()
    assert sub.status == "returned"
    assert sub.editable
    page = logged_in(world.focal_egypt).get(
        reverse("reporting:answer", args=[world.round.pk, world.egypt.pk])
    )
    assert "Please add the 2023 figures." in page.content.decode()
    assert mail.outbox[-1].to == ["focal-egy@example.org"]
    assert "Please add the 2023 figures." in mail.outbox[-1].body
    services.submit(None, world.focal_egypt, sub)
    with pytest.raises(ValidationError, match="say what must change"):
        services.review(None, world.analyst, sub, "return", "  ")


def test_round_through_the_xlsx_template(world: World) -> None:
    focal = logged_in(world.focal_estonia)
    download = focal.get(reverse("reporting:template", args=[world.round.pk, world.estonia.pk]))
    assert download.status_code == 200
    wb = load_workbook(io.BytesIO(download.content))
    assert wb["about"]["B2"].value == world.round.code
    ws = wb["persons_prosecuted"]
    _cell(ws, "total/total", 2021).value = 40
    _cell(ws, "female/total", 2021).value = 12
    _cell(ws, "male/total", 2021).value = 27
    _cell(wb["victims_repatriated"], "total", 2023).value = "<5"
    answers = wb["answers"]
    row = next(
        r for r in range(2, answers.max_row + 1) if answers.cell(r, 1).value == "data_sources"
    )
    answers.cell(row, 3).value = "Police; Tribunaux"  # labels in either language
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "estonia.xlsx"
    response = focal.post(
        reverse("reporting:upload", args=[world.round.pk, world.estonia.pk]), {"file": buffer}
    )
    assert response.status_code == 302, response.content.decode()
    sub = Submission.objects.get(round=world.round, organisation=world.estonia)
    assert sub.via == "xlsx"
    assert sub.answers["persons_prosecuted"] == {
        "total/total/2021": 40,
        "female/total/2021": 12,
        "male/total/2021": 27,
    }
    assert sub.answers["victims_repatriated"] == {"total/2023": "<5"}
    assert sub.answers["data_sources"] == ["police", "courts"]

    # The template comes back pre-filled with the draft.
    again = load_workbook(
        io.BytesIO(
            focal.get(
                reverse("reporting:template", args=[world.round.pk, world.estonia.pk])
            ).content
        )
    )
    assert _cell(again["persons_prosecuted"], "male/total", 2021).value == 27

    services.submit(None, world.focal_estonia, sub)
    api = logged_in(world.analyst)
    response = api.post(
        "/api/reporting/reviews/",
        {"submission": sub.pk, "decision": "accept"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Submission.objects.get(pk=sub.pk).status == "accepted"
    assert {
        r.value
        for r in queries.accepted_answers(
            questionnaire="global-report", question="persons_prosecuted"
        )
    } == {40, 12, 27}


def test_web_form_with_attachment_and_required_question(world: World, make_round) -> None:  # type: ignore[no-untyped-def]
    sg = make_round("sg-2019", questionnaire="sg-measures")
    services.invite(None, None, sg, [world.egypt])
    focal = logged_in(world.focal_egypt)
    url = reverse("reporting:answer", args=[sg.pk, world.egypt.pk])
    page = focal.get(url)
    assert page.status_code == 200
    assert 'name="q__law_year"' in page.content.decode()
    upload = io.BytesIO(b"%PDF-1.4 national action plan")
    upload.name = "plan.pdf"
    response = focal.post(url, {"q__law_year": "2008", "q__documents": upload, "action": "submit"})
    assert response.status_code == 400  # the criminalisation question is required
    assert "an answer is required" in response.content.decode()
    sub = Submission.objects.get(round=sg)
    assert sub.status == "draft"
    assert sub.answers == {"law_year": 2008}
    assert [a.filename for a in sub.attachments.all()] == ["plan.pdf"]
    response = focal.post(
        url, {"q__law_year": "2008", "q__criminalisation": "full", "action": "submit"}
    )
    assert response.status_code == 302
    att = sub.attachments.get()
    download = logged_in(world.analyst).get(reverse("reporting:attachment", args=[sub.pk, att.pk]))
    assert download.content == b"%PDF-1.4 national action plan"
    assert AuditLog.objects.filter(action="reporting.attachment.download").exists()
    response = focal.post(url, {"q__law_year": "1850", "action": "save"})
    assert response.status_code == 400  # submitted: no longer editable, and 1850 is impossible
