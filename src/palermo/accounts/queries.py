"""Who may see which accounts rows: one scope function per model family, resolved in the query.

Every function returns a QuerySet (never a list filtered in Python), so callers can keep filtering,
paginating and counting in the database, as Primero's record scope service does. The policy is
described in docs/security.md ("Access model"); in short:

- platform administrators and superusers see every organisation, user, membership and audit row;
- secretariat analysts see every active organisation (they coordinate across all of them);
- anyone else signed in sees the organisations they belong to, themselves and their own memberships;
- the audit log is visible to platform administrators only (it says what everyone read, and from
  where, so it is itself sensitive); anonymous users see nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from palermo.accounts.models import AuditLog, Membership, Organisation, Role, User
from palermo.accounts.permissions import has_role, is_platform_admin


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_organisation_ids(user: Any, *roles: str) -> QuerySet[Any]:
    """The ids of the active organisations where ``user`` holds one of ``roles`` (any role if none).

    A values queryset, so ``Case.objects.filter(organisation__in=user_organisation_ids(u, "case_worker"))``
    stays one SQL query. Superusers get every organisation; platform administrators do NOT get
    every organisation here: administering accounts is not a licence to read other apps' records.
    """
    if not _signed_in(user):
        return Organisation.objects.none().values("id")
    if user.is_superuser:
        return Organisation.objects.values("id")
    memberships = Membership.objects.filter(user=user, organisation__is_active=True)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("organisation_id")


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisations ``user`` may read."""
    if not _signed_in(user):
        return Organisation.objects.none()
    if is_platform_admin(user):
        return Organisation.objects.all()
    if has_role(user, Role.SECRETARIAT_ANALYST):
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(id__in=user_organisation_ids(user))


def users_visible_to(user: Any) -> QuerySet[User]:
    """Users ``user`` may read: everyone for platform administrators, otherwise only themselves."""
    if not _signed_in(user):
        return User.objects.none()
    if is_platform_admin(user):
        return User.objects.all()
    return User.objects.filter(pk=user.pk)


def memberships_visible_to(user: Any) -> QuerySet[Membership]:
    """Memberships ``user`` may read: all for platform administrators, otherwise their own."""
    if not _signed_in(user):
        return Membership.objects.none()
    base = Membership.objects.select_related("user", "organisation")
    if is_platform_admin(user):
        return base.all()
    return base.filter(user=user)


def audit_visible_to(user: Any) -> QuerySet[AuditLog]:
    """Audit rows ``user`` may read: all for platform administrators, none for anyone else."""
    if not is_platform_admin(user):
        return AuditLog.objects.none()
    return AuditLog.objects.all()
