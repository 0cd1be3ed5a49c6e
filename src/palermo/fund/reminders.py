"""Reminders to grantees whose reports are due: one e-mail per report, at most once a week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, User
from palermo.fund.models import GrantReport
from palermo.fund.queries import APPLICANT_ROLES

REMIND_EVERY_DAYS = 7


def due_reports(days: int, today: dt.date) -> list[GrantReport]:
    """Unsubmitted reports due within ``days`` (or overdue) not reminded in the last week."""
    horizon = today + dt.timedelta(days=days)
    quiet_since = today - dt.timedelta(days=REMIND_EVERY_DAYS)
    reports = GrantReport.objects.filter(submitted_at__isnull=True, due_on__lte=horizon).exclude(
        last_reminded_on__gt=quiet_since
    )
    return list(reports.select_related("grant__application__organisation").order_by("due_on"))


def recipients(report: GrantReport) -> list[str]:
    organisation_id = report.grant.application.organisation_id
    emails = (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role__in=APPLICANT_ROLES,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(emails)


def send_due(
    days: int = 14, dry_run: bool = False, today: dt.date | None = None
) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    out = []
    for report in due_reports(days, today):
        to = recipients(report)
        grant = report.grant
        item = {
            "report": report.pk,
            "grant": grant.number,
            "organisation": str(grant.application.organisation),
            "due_on": report.due_on.isoformat(),
            "overdue": report.due_on < today,
            "to": to,
        }
        out.append(item)
        if dry_run or not to:
            continue
        state = "is overdue since" if report.due_on < today else "is due on"
        send_mail(
            subject=f"[Palermo] Trust fund report for grant {grant.number} {state} {report.due_on}",
            message=(
                f"The report on grant {grant.number} ({grant.application.title}) for "
                f"{report.period_start} to {report.period_end} {state} {report.due_on}.\n"
                "Please submit it on the platform: narrative, financial statement and the number "
                "of people assisted by sex, age group and service.\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=to,
        )
        GrantReport.objects.filter(pk=report.pk).update(last_reminded_on=today)
        audit(None, LogType.CHANGE, "fund.report.update", obj=report, metadata={"reminded": to})
    return out
