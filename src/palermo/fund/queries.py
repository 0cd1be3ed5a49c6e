"""Who may see which fund records (scope resolved in the query), and the fund's read functions.

Access policy (docs/fund.md, "Access"):
- fund officers and platform administrators (and superusers) manage the fund: they see every donor,
  contribution, call, application, grant, report and the ledger;
- an individual donor's personal data (name, e-mail, telephone, address) is visible to them only,
  and every read of it is audited (``donor_personal_data``);
- reviewers see the applications they are assigned to, and nothing else of the fund;
- the members of an organisation (an NGO applying) see their organisation's applications, grants
  and reports (``user_organisation_ids``);
- any signed-in user sees open and closed calls for proposals and the aggregate dashboard.

``fund_summary(date_from, date_to)`` is the read the report generator uses: no user, aggregates only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Role
from palermo.accounts.permissions import has_role
from palermo.accounts.queries import user_organisation_ids
from palermo.fund.models import (
    Application,
    Call,
    CallStatus,
    Contribution,
    Donor,
    DonorPersonalData,
    Grant,
    GrantReport,
    ReviewAssignment,
)

MANAGER_ROLES = (Role.FUND_OFFICER, Role.PLATFORM_ADMIN)
# Roles that may submit an application on behalf of their organisation (read-only members and
# reviewers may not: a reviewer applying would blur the line the conflict-of-interest rule draws).
APPLICANT_ROLES = (
    Role.CASE_WORKER,
    Role.NATIONAL_FOCAL_POINT,
    Role.SECRETARIAT_ANALYST,
    Role.FUND_OFFICER,
    Role.PLATFORM_ADMIN,
)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_manager(user: Any) -> bool:
    """Fund officers and platform administrators (anywhere) manage the fund."""
    return has_role(user, *MANAGER_ROLES)


def donors_visible_to(user: Any) -> QuerySet[Donor]:
    if not is_manager(user):
        return Donor.objects.none()
    return Donor.objects.select_related("country")


def contributions_visible_to(user: Any) -> QuerySet[Contribution]:
    if not is_manager(user):
        return Contribution.objects.none()
    return Contribution.objects.select_related("donor", "earmark_call")


def donor_personal_data(
    request: HttpRequest | None, user: Any, donor: Donor
) -> DonorPersonalData | None:
    """An individual donor's identity for a fund manager (audited), else None for anyone else."""
    if not is_manager(user):
        return None
    personal = DonorPersonalData.objects.filter(donor=donor).first()
    if personal is not None:
        audit(request, LogType.ACCESS, "fund.donor_personal.read", obj=donor, user=user)
    return personal


def calls_visible_to(user: Any) -> QuerySet[Call]:
    if is_manager(user):
        return Call.objects.all()
    if not _signed_in(user):
        return Call.objects.none()
    return Call.objects.exclude(status=CallStatus.DRAFT)


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Managers: all; applicants: their organisations'; reviewers: the ones assigned to them."""
    base = Application.objects.select_related("call", "organisation", "country")
    if is_manager(user):
        return base.all()
    if not _signed_in(user):
        return base.none()
    assigned = ReviewAssignment.objects.filter(reviewer=user).values("application_id")
    return base.filter(Q(organisation_id__in=user_organisation_ids(user)) | Q(id__in=assigned))


def applications_of_own_organisations(user: Any) -> QuerySet[Application]:
    """The applications ``user`` sees as an applicant (not as a reviewer)."""
    return Application.objects.filter(organisation_id__in=user_organisation_ids(user))


def grants_visible_to(user: Any) -> QuerySet[Grant]:
    base = Grant.objects.select_related("application__organisation", "application__call")
    if is_manager(user):
        return base.all()
    return base.filter(application__organisation_id__in=user_organisation_ids(user))


def reports_visible_to(user: Any) -> QuerySet[GrantReport]:
    return GrantReport.objects.filter(grant__in=grants_visible_to(user)).select_related("grant")


def can_apply_for(user: Any) -> QuerySet[Any]:
    """Organisations on whose behalf ``user`` may apply (ids, as a values queryset)."""
    return user_organisation_ids(user, *APPLICANT_ROLES)


def is_assigned(user: Any, application: Application) -> bool:
    return ReviewAssignment.objects.filter(application=application, reviewer=user).exists()


def reviewers() -> QuerySet[Any]:
    """Users holding the reviewer role somewhere (the pool an officer assigns from)."""
    from palermo.accounts.models import User

    return User.objects.filter(
        is_active=True, memberships__role=Role.REVIEWER, memberships__organisation__is_active=True
    ).distinct()


def may_see_dashboard(user: Any) -> bool:
    return _signed_in(user) and (is_manager(user) or has_role(user, *Role.values))


# The report generator's read, and the dashboard figures, are in summary.py; re-exported here so
# callers import them from the app's read module.
from palermo.fund.summary import dashboard, fund_summary  # noqa: E402

__all__ = [
    "applications_visible_to",
    "calls_visible_to",
    "contributions_visible_to",
    "dashboard",
    "donor_personal_data",
    "donors_visible_to",
    "fund_summary",
    "grants_visible_to",
    "is_manager",
    "reports_visible_to",
]
