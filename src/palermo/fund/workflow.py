"""Writes of the grant workflow: call -> application -> review -> board decision -> grant -> report.

Modelled on CiviCRM's funding framework (docs.civicrm.org/funding: applicants on a portal,
reviewers separate from applicants, approval, then drawdowns and proof of use). The
conflict-of-interest rule lives here, not in a view: nobody is assigned to, or may score, an
application from an organisation they belong to (in any role).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation, OrganisationKind, Role
from palermo.accounts.permissions import has_role
from palermo.fund import rubric
from palermo.fund.models import (
    AgeGroup,
    Application,
    ApplicationStatus,
    Attachment,
    BoardMeeting,
    Call,
    CallStatus,
    Decision,
    Grant,
    GrantReport,
    Instalment,
    PeopleAssisted,
    Review,
    ReviewAssignment,
    Service,
    Sex,
)
from palermo.fund.queries import can_apply_for
from palermo.fund.services import require_manager

ATTACHMENT_TYPES = {".pdf", ".docx", ".odt", ".xlsx", ".ods", ".txt", ".png", ".jpg", ".jpeg"}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


@dataclass
class CallSpec:
    title: str
    year: int
    opens_on: dt.date
    closes_on: dt.date
    priorities: list[str] = field(default_factory=list)
    eligibility: str = ""
    eligible_kinds: list[str] = field(default_factory=lambda: [OrganisationKind.NGO.value])
    max_amount_usd: Decimal | None = None
    rubric: list[dict[str, Any]] = field(default_factory=lambda: list(rubric.DEFAULT_RUBRIC))
    status: str = CallStatus.OPEN
    is_demo: bool = False


@transaction.atomic
def create_call(request: HttpRequest | None, user: Any, spec: CallSpec) -> Call:
    require_manager(user)
    if spec.closes_on < spec.opens_on:
        raise ValidationError({"closes_on": "the call closes before it opens"})
    try:
        rubric.validate(spec.rubric)
    except rubric.RubricError as exc:
        raise ValidationError({"rubric": str(exc)}) from None
    unknown = sorted(set(spec.eligible_kinds) - set(OrganisationKind.values))
    if unknown:
        raise ValidationError({"eligible_kinds": f"unknown organisation kinds {unknown}"})
    call = Call.objects.create(**spec.__dict__)
    audit(request, LogType.CHANGE, "fund.call.create", obj=call, user=user)
    return call


def _check_attachment(upload: UploadedFile) -> None:
    name = upload.name or ""
    if Path(name).suffix.lower() not in ATTACHMENT_TYPES:
        raise ValidationError(
            {"files": f"{name}: file type not accepted ({', '.join(sorted(ATTACHMENT_TYPES))})"}
        )
    if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"files": f"{name}: larger than {MAX_ATTACHMENT_BYTES} bytes"})


@transaction.atomic
def submit_application(
    request: HttpRequest | None,
    user: Any,
    call: Call,
    organisation: Organisation,
    *,
    title: str,
    requested_usd: Decimal,
    summary: str = "",
    theme: str = "",
    country: Any = None,
    files: list[UploadedFile] | None = None,
    today: dt.date | None = None,
) -> Application:
    """An organisation applies to an open call, with its attachments."""
    today = today or timezone.localdate()
    if not can_apply_for(user).filter(organisation_id=organisation.pk).exists() and not (
        getattr(user, "is_superuser", False)
    ):
        raise PermissionDenied("you may apply only on behalf of your own organisation")
    if call.status != CallStatus.OPEN or not call.opens_on <= today <= call.closes_on:
        raise ValidationError({"call": "this call is not open for applications"})
    if call.eligible_kinds and organisation.kind not in call.eligible_kinds:
        raise ValidationError({"organisation": "organisations of this kind are not eligible"})
    if requested_usd <= 0:
        raise ValidationError({"requested_usd": "ask for a positive amount"})
    if call.max_amount_usd is not None and requested_usd > call.max_amount_usd:
        raise ValidationError(
            {"requested_usd": f"the call funds at most {call.max_amount_usd} USD per project"}
        )
    for upload in files or []:
        _check_attachment(upload)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                organisation=organisation,
                title=title,
                summary=summary,
                theme=theme,
                country=country,
                requested_usd=requested_usd,
                submitted_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            {"call": "your organisation has already applied to this call"}
        ) from None
    for upload in files or []:
        Attachment.objects.create(
            application=application, file=upload, name=upload.name, size=upload.size or 0
        )
    audit(request, LogType.CHANGE, "fund.application.create", obj=application, user=user)
    return application


def conflicted(reviewer: Any, application: Application) -> bool:
    """True if ``reviewer`` belongs, in any role, to the organisation that applied."""
    return bool(reviewer.memberships.filter(organisation_id=application.organisation_id).exists())


@transaction.atomic
def assign_reviewer(
    request: HttpRequest | None, user: Any, application: Application, reviewer: Any
) -> ReviewAssignment:
    require_manager(user)
    if not has_role(reviewer, Role.REVIEWER):
        raise ValidationError({"reviewer": f"{reviewer} does not hold the reviewer role"})
    if conflicted(reviewer, application):
        raise ValidationError(
            {"reviewer": f"{reviewer} belongs to {application.organisation}: conflict of interest"}
        )
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW):
        raise ValidationError({"application": "the board has already decided on it"})
    assignment, _created = ReviewAssignment.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"assigned_by": user}
    )
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.IN_REVIEW)
    audit(
        request,
        LogType.CHANGE,
        "fund.assignment.create",
        obj=application,
        user=user,
        metadata={"reviewer": reviewer.pk},
    )
    return assignment


@transaction.atomic
def submit_review(
    request: HttpRequest | None,
    user: Any,
    application: Application,
    scores: dict[str, Any],
    comment: str = "",
) -> Review:
    """Score an application against its call's rubric: assigned, unconflicted reviewers only."""
    # Checked again at scoring time: a reviewer may have joined the applicant since assignment.
    if conflicted(user, application):
        raise PermissionDenied("you cannot review an application from your own organisation")
    assignment = ReviewAssignment.objects.filter(application=application, reviewer=user).first()
    if assignment is None:
        raise PermissionDenied("you are not assigned to this application")
    if hasattr(application, "decision"):
        raise ValidationError({"scores": "the board has already decided on this application"})
    if Review.objects.filter(assignment=assignment).exists():
        raise ValidationError({"scores": "you have already scored this application"})
    try:
        total = rubric.score(application.call.rubric, scores)
    except rubric.RubricError as exc:
        raise ValidationError({"scores": str(exc)}) from None
    review = Review.objects.create(
        assignment=assignment, scores=scores, total=total, comment=comment
    )
    audit(request, LogType.CHANGE, "fund.review.create", obj=application, user=user)
    return review


@transaction.atomic
def record_meeting(
    request: HttpRequest | None, user: Any, held_on: dt.date, minutes: str, is_demo: bool = False
) -> BoardMeeting:
    require_manager(user)
    if not minutes.strip():
        raise ValidationError({"minutes": "a board meeting needs its minutes"})
    meeting = BoardMeeting.objects.create(held_on=held_on, minutes=minutes, is_demo=is_demo)
    audit(request, LogType.CHANGE, "fund.meeting.create", obj=meeting, user=user)
    return meeting


@transaction.atomic
def decide(
    request: HttpRequest | None,
    user: Any,
    application: Application,
    meeting: BoardMeeting,
    *,
    approved: bool,
    amount_usd: Decimal | None = None,
    instalments: list[tuple[dt.date, Decimal]] | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    notes: str = "",
) -> Decision:
    """Record the board's decision; an approval creates the grant and its instalments."""
    require_manager(user)
    if hasattr(application, "decision"):
        raise ValidationError({"application": "the board has already decided on it"})
    if approved:
        if amount_usd is None or amount_usd <= 0:
            raise ValidationError({"amount_usd": "an approval needs a positive amount"})
        plan = instalments or [(starts_on or meeting.held_on, amount_usd)]
        if sum((a for _d, a in plan), Decimal(0)) != amount_usd:
            raise ValidationError({"instalments": "the instalments must add up to the grant"})
    decision = Decision.objects.create(
        meeting=meeting,
        application=application,
        approved=approved,
        amount_usd=amount_usd if approved else None,
        notes=notes,
        decided_by=user if getattr(user, "pk", None) else None,
    )
    status = ApplicationStatus.APPROVED if approved else ApplicationStatus.REJECTED
    Application.objects.filter(pk=application.pk).update(status=status)
    if approved:
        assert amount_usd is not None
        start = starts_on or meeting.held_on
        grant = Grant.objects.create(
            application=application,
            number=f"VTF-G-{application.call.year}-{application.pk:05d}",
            amount_usd=amount_usd,
            starts_on=start,
            ends_on=ends_on or start.replace(year=start.year + 1),
        )
        for number, (due_on, amount) in enumerate(plan, start=1):
            Instalment.objects.create(grant=grant, number=number, due_on=due_on, amount_usd=amount)
    audit(
        request,
        LogType.CHANGE,
        "fund.decision.create",
        obj=application,
        user=user,
        metadata={"approved": approved, "amount_usd": str(amount_usd or "")},
    )
    return decision


@transaction.atomic
def schedule_report(
    request: HttpRequest | None,
    user: Any,
    grant: Grant,
    period_start: dt.date,
    period_end: dt.date,
    due_on: dt.date,
) -> GrantReport:
    require_manager(user)
    if period_end < period_start:
        raise ValidationError({"period_end": "the period ends before it starts"})
    report = GrantReport.objects.create(
        grant=grant, period_start=period_start, period_end=period_end, due_on=due_on
    )
    audit(request, LogType.CHANGE, "fund.report.create", obj=report, user=user)
    return report


@transaction.atomic
def submit_report(
    request: HttpRequest | None,
    user: Any,
    report: GrantReport,
    *,
    narrative: str,
    spent_usd: Decimal,
    people: list[tuple[str, str, str, int]],
    statement: UploadedFile | None = None,
) -> GrantReport:
    """The grantee's report: narrative, financial statement, people assisted by sex/age/service."""
    organisation_id = report.grant.application.organisation_id
    if not can_apply_for(user).filter(organisation_id=organisation_id).exists():
        raise PermissionDenied("only the grantee organisation submits its reports")
    if report.submitted_at is not None:
        raise ValidationError({"report": "this report has already been submitted"})
    if not narrative.strip():
        raise ValidationError({"narrative": "the narrative is required"})
    if spent_usd < 0:
        raise ValidationError({"spent_usd": "spending cannot be negative"})
    if statement is not None:
        _check_attachment(statement)
        report.financial_statement = statement
    seen: set[tuple[str, str, str]] = set()
    for i, (sex, age, service, count) in enumerate(people, start=1):
        if (sex, age, service) in seen:
            raise ValidationError({"people": f"row {i}: {sex}/{age}/{service} given twice"})
        seen.add((sex, age, service))
        if sex not in Sex.values or age not in AgeGroup.values or service not in Service.values:
            raise ValidationError({"people": f"row {i}: unknown sex, age group or service"})
        if count < 0:
            raise ValidationError({"people": f"row {i}: a count cannot be negative"})
        PeopleAssisted.objects.create(
            report=report, sex=sex, age_group=age, service=service, count=count
        )
    report.narrative = narrative
    report.spent_usd = spent_usd
    report.submitted_at = timezone.now()
    report.submitted_by = user
    report.full_clean(exclude=["financial_statement"])
    report.save()
    audit(request, LogType.CHANGE, "fund.report.update", obj=report, user=user)
    return report
