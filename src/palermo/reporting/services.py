"""Every write of the reporting app: questionnaires from files, rounds, invitations, answers,
submission, review, attachments and reminders. Each write is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Membership, Organisation
from palermo.reporting import queries, questionnaires, rules
from palermo.reporting.models import (
    EDITABLE,
    RESPONDED,
    Attachment,
    Invitation,
    Questionnaire,
    Round,
    RoundStatus,
    Submission,
    SubmissionStatus,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class InvalidAnswers(Exception):
    """Answers that cannot be saved; ``issues`` says which question, cell and why."""

    def __init__(self, issues: list[rules.Issue]) -> None:
        super().__init__("; ".join(str(i) for i in issues[:20]))
        self.issues = issues


# -- questionnaires -------------------------------------------------------------------------------
def sync_questionnaires() -> list[Questionnaire]:
    """Store (or refresh) the shipped questionnaire files. A version already used by a round never
    changes: a different file with the same version is refused (bump the version instead)."""
    out = []
    for (code, version), parsed in questionnaires.builtin().items():
        definition = _definition(parsed)
        row = Questionnaire.objects.filter(code=code, version=version).first()
        if row is None:
            row = Questionnaire.objects.create(
                code=code,
                version=version,
                title=parsed.title,
                definition=definition,
                checksum=parsed.checksum,
                source=parsed.source,
            )
        elif row.checksum != parsed.checksum:
            if row.rounds.exists():
                raise questionnaires.QuestionnaireError(
                    f"{parsed.source}: {code} version {version} changed but rounds use it; "
                    "ship the change as a new version"
                )
            row.title, row.definition, row.checksum = parsed.title, definition, parsed.checksum
            row.save(update_fields=["title", "definition", "checksum"])
        out.append(row)
    return out


def _definition(parsed: questionnaires.Questionnaire) -> dict[str, Any]:
    import json

    return json.loads((questionnaires.DATA_DIR / parsed.source).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def questionnaire(code: str, version: int | None = None) -> Questionnaire:
    """The stored questionnaire ``code`` (latest version unless given), syncing the files first."""
    sync_questionnaires()
    rows = Questionnaire.objects.filter(code=code)
    if version is not None:
        rows = rows.filter(version=version)
    found = rows.order_by("-version").first()
    if found is None:
        raise ValidationError({"questionnaire": f"no questionnaire {code!r}"})
    return found


# -- rounds ---------------------------------------------------------------------------------------
@dataclass
class RoundSpec:
    code: str
    name: str
    questionnaire: str
    period_start: dt.date
    period_end: dt.date
    deadline: dt.date
    version: int | None = None
    change_factor: float = 3.0
    previous: str | None = None
    status: str = RoundStatus.DRAFT
    is_demo: bool = False


def _require_manager(user: Any) -> None:
    if user is not None and not queries.can_manage(user):
        raise PermissionDenied(
            "only secretariat analysts and platform administrators manage rounds"
        )


def create_round(request: HttpRequest | None, user: Any, spec: RoundSpec) -> Round:
    """A new round (``user`` None for commands and demos, which run as the platform)."""
    _require_manager(user)
    errors: dict[str, str] = {}
    if spec.period_end < spec.period_start:
        errors["period_end"] = "the period ends before it starts"
    if spec.deadline < spec.period_start:
        errors["deadline"] = "the deadline is before the period starts"
    if Round.objects.filter(code=spec.code).exists():
        errors["code"] = f"a round {spec.code!r} already exists"
    if spec.change_factor < 1:
        errors["change_factor"] = "a factor of at least 1"
    previous = None
    if spec.previous:
        previous = Round.objects.filter(code=spec.previous).first()
        if previous is None:
            errors["previous"] = f"no round {spec.previous!r}"
    if errors:
        raise ValidationError(errors)
    round_ = Round.objects.create(
        code=spec.code,
        name=spec.name,
        questionnaire=questionnaire(spec.questionnaire, spec.version),
        period_start=spec.period_start,
        period_end=spec.period_end,
        deadline=spec.deadline,
        change_factor=spec.change_factor,
        previous=previous,
        status=spec.status,
        is_demo=spec.is_demo,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    audit(request, LogType.CHANGE, "reporting.round.create", obj=round_, user=user)
    return round_


def set_status(request: HttpRequest | None, user: Any, round_: Round, status: str) -> Round:
    _require_manager(user)
    if status not in RoundStatus.values:
        raise ValidationError({"status": f"one of {', '.join(RoundStatus.values)}"})
    round_.status = status
    round_.save(update_fields=["status"])
    audit(
        request,
        LogType.CHANGE,
        "reporting.round.update",
        obj=round_,
        user=user,
        metadata={"status": status},
    )
    return round_


def invite(
    request: HttpRequest | None, user: Any, round_: Round, organisations: Iterable[Organisation]
) -> int:
    """Invite organisations (State authorities with a country, UN entities); returns how many new."""
    _require_manager(user)
    eligible = set(queries.eligible_respondents().values_list("id", flat=True))
    orgs = list(organisations)
    wrong = [o.name for o in orgs if o.pk not in eligible]
    if wrong:
        raise ValidationError(
            {
                "organisations": f"not State focal points with a country, nor UN entities: {', '.join(wrong)}"
            }
        )
    created = 0
    for org in orgs:
        _, new = Invitation.objects.get_or_create(round=round_, organisation=org)
        created += new
    audit(
        request,
        LogType.CHANGE,
        "reporting.invitation.create",
        obj=round_,
        user=user,
        metadata={"invited": created},
    )
    return created


# -- answers --------------------------------------------------------------------------------------
def _previous_answers(round_: Round, organisation: Organisation) -> dict[str, Any] | None:
    if round_.previous_id is None:
        return None
    prev = (
        Submission.objects.filter(round_id=round_.previous_id, status=SubmissionStatus.ACCEPTED)
        .filter(organisation=organisation)
        .first()
    )
    if prev is None and organisation.country_iso3:  # another body of the same State answered then
        prev = Submission.objects.filter(
            round_id=round_.previous_id,
            status=SubmissionStatus.ACCEPTED,
            organisation__country_iso3=organisation.country_iso3,
        ).first()
    return prev.answers if prev else None


def check_answers(
    round_: Round, organisation: Organisation, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], list[rules.Issue]]:
    """Clean ``raw`` answers: (answers, issues). Errors among the issues mean nothing may be saved."""
    definition = round_.questionnaire.parsed()
    years = round_.years()
    answers, issues = rules.clean(definition, years, raw, max_year=round_.deadline.year)
    issues += rules.breakdown_issues(definition, years, answers)
    issues += rules.change_warnings(
        definition, answers, _previous_answers(round_, organisation), round_.change_factor
    )
    return answers, issues


def _can_answer(user: Any, round_: Round, organisation: Organisation) -> bool:
    if user is None:  # commands and demos
        return True
    return queries.respondent_organisations(user, round_).filter(pk=organisation.pk).exists()


def save_answers(
    request: HttpRequest | None,
    user: Any,
    round_: Round,
    organisation: Organisation,
    raw: Mapping[str, Any],
    via: str = "web",
) -> Submission:
    """Create or update the organisation's draft with ``raw`` answers (all of them: questions left
    out are cleared). Raises InvalidAnswers, with nothing saved, if any issue is an error."""
    if not _can_answer(user, round_, organisation):
        raise PermissionDenied("you are not a focal point of an invited organisation")
    if round_.status != RoundStatus.OPEN and user is not None:
        raise ValidationError({"round": "this round is not open for answers"})
    answers, issues = check_answers(round_, organisation, raw)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise InvalidAnswers(errors)
    with transaction.atomic():
        sub, created = Submission.objects.select_for_update().get_or_create(
            round=round_, organisation=organisation, defaults={"status": SubmissionStatus.DRAFT}
        )
        if not sub.editable and user is not None:
            raise ValidationError(
                {"status": f"a {sub.get_status_display()} submission cannot be changed"}
            )
        sub.answers = answers
        sub.flags = [i.as_dict() for i in issues]
        sub.via = via
        sub.updated_by = user if getattr(user, "is_authenticated", False) else None
        sub.save()
    audit(
        request,
        LogType.CHANGE,
        "reporting.submission.create" if created else "reporting.submission.update",
        obj=sub,
        user=user,
        metadata={"via": via, "warnings": len(issues)},
    )
    return sub


def submit(request: HttpRequest | None, user: Any, sub: Submission) -> Submission:
    """Send a draft (or a returned submission) to the secretariat."""
    if not _can_answer(user, sub.round, sub.organisation):
        raise PermissionDenied("you are not a focal point of this organisation")
    if sub.status not in EDITABLE:
        raise ValidationError({"status": "already submitted"})
    if sub.round.status != RoundStatus.OPEN and user is not None:
        raise ValidationError({"round": "this round is not open for answers"})
    definition = sub.round.questionnaire.parsed()
    missing = rules.required_issues(definition, sub.answers)
    missing += [
        rules.Issue(q.id, "an attachment is required")
        for q in definition.questions
        if q.type == "attachment"
        and q.required
        and not sub.attachments.filter(question=q.id).exists()
    ]
    if missing:
        raise InvalidAnswers(missing)
    sub.status = SubmissionStatus.SUBMITTED
    sub.submitted_at = timezone.now()
    sub.submitted_by = user if getattr(user, "is_authenticated", False) else None
    sub.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit(
        request,
        LogType.CHANGE,
        "reporting.submission.update",
        obj=sub,
        user=user,
        metadata={"status": "submitted"},
    )
    return sub


def review(
    request: HttpRequest | None, user: Any, sub: Submission, decision: str, comment: str = ""
) -> Submission:
    """Accept a submitted answer, or return it to the respondent with comments (required then)."""
    _require_manager(user)
    if sub.status != SubmissionStatus.SUBMITTED:
        raise ValidationError({"status": "only a submitted answer can be reviewed"})
    if decision not in ("accept", "return"):
        raise ValidationError({"decision": "accept or return"})
    if decision == "return" and not comment.strip():
        raise ValidationError({"comment": "say what must change when returning an answer"})
    sub.status = SubmissionStatus.ACCEPTED if decision == "accept" else SubmissionStatus.RETURNED
    sub.review_comment = comment.strip()
    sub.reviewed_at = timezone.now()
    sub.reviewed_by = user if getattr(user, "is_authenticated", False) else None
    sub.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "updated_at"])
    audit(
        request,
        LogType.CHANGE,
        "reporting.review.create",
        obj=sub,
        user=user,
        metadata={"decision": decision},
    )
    if decision == "return":
        _send(
            _recipients(sub.round, sub.organisation),
            f"[Palermo] {sub.round.name}: your answer was returned",
            f"The secretariat returned the answer of {sub.organisation.name} to '{sub.round.name}' "
            f"with these comments:\n\n{sub.review_comment}\n",
        )
    return sub


def add_attachment(
    request: HttpRequest | None,
    user: Any,
    sub: Submission,
    question: str,
    filename: str,
    content: bytes,
    content_type: str = "",
) -> Attachment:
    if not _can_answer(user, sub.round, sub.organisation) or not sub.editable:
        raise PermissionDenied("you cannot change this submission")
    definition = sub.round.questionnaire.parsed()
    if question not in {q.id for q in definition.questions if q.type == "attachment"}:
        raise ValidationError({"question": f"{question!r} takes no attachment"})
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": f"larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB"})
    att = Attachment.objects.create(
        submission=sub,
        question=question,
        filename=filename[:200],
        content_type=content_type[:100],
        size=len(content),
        content=content,
    )
    audit(
        request,
        LogType.CHANGE,
        "reporting.attachment.create",
        obj=sub,
        user=user,
        metadata={"file": att.filename},
    )
    return att


# -- reminders ------------------------------------------------------------------------------------
def _recipients(
    round_: Round, org: Organisation, invitation: Invitation | None = None
) -> list[str]:
    """The invitation's contact address, else the e-mail of the organisation's focal points."""
    if invitation is not None and invitation.email:
        return [invitation.email]
    emails = (
        Membership.objects.filter(
            organisation=org, role__in=queries.RESPONDENT_ROLES, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def _send(to: list[str], subject: str, body: str, connection: Any = None) -> int:
    if not to:
        return 0
    return EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, to, connection=connection
    ).send()


def remind(
    request: HttpRequest | None, user: Any, round_: Round, dry_run: bool = False
) -> dict[str, Any]:
    """E-mail every invited organisation that has not submitted (no answer, a draft, or a returned
    answer); never those whose answer is submitted or accepted."""
    _require_manager(user)
    answered = set(
        round_.submissions.filter(status__in=RESPONDED).values_list("organisation_id", flat=True)
    )
    due = [
        i
        for i in round_.invitations.select_related("organisation")
        if i.organisation_id not in answered
    ]
    sent, without_address = [], []
    connection = get_connection() if not dry_run else None
    for invitation in due:
        to = _recipients(round_, invitation.organisation, invitation)
        if not to:
            without_address.append(invitation.organisation.name)
            continue
        if not dry_run:
            _send(
                to,
                f"[Palermo] Reminder: {round_.name}, due {round_.deadline.isoformat()}",
                f"Dear colleague,\n\nThe answer of {invitation.organisation.name} to '{round_.name}' "
                f"(period {round_.period_start.isoformat()} to {round_.period_end.isoformat()}) is due "
                f"on {round_.deadline.isoformat()} and has not been submitted yet.\n",
                connection,
            )
            invitation.reminders_sent += 1
            invitation.last_reminded_at = timezone.now()
            invitation.save(update_fields=["reminders_sent", "last_reminded_at"])
        sent.append({"organisation": invitation.organisation.name, "to": to})
    if not dry_run:
        audit(
            request,
            LogType.CHANGE,
            "reporting.reminder.create",
            obj=round_,
            user=user,
            metadata={"sent": len(sent)},
        )
    return {
        "round": round_.code,
        "dry_run": dry_run,
        "invited": round_.invitations.count(),
        "answered": len(answered),
        "reminded": sent,
        "without_address": without_address,
    }
