"""Role checks and DRF permission classes shared by every app.

What a user may see is decided in the query by each model family's scope function (``queries.py``);
these helpers answer the coarser question "does this user hold this role (anywhere / in this
organisation)?".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from palermo.accounts.models import Membership, Role


def has_role(user: Any, *roles: str, organisation_id: int | None = None) -> bool:
    """True if ``user`` holds one of ``roles`` (in ``organisation_id`` when given). Superusers do."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    memberships = Membership.objects.filter(user=user, role__in=roles, organisation__is_active=True)
    if organisation_id is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
    return memberships.exists()


def is_platform_admin(user: Any) -> bool:
    return has_role(user, Role.PLATFORM_ADMIN)


class IsPlatformAdminOrReadOnly(BasePermission):
    """Anyone may read (reference data is public); only platform administrators may write."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return request.method in SAFE_METHODS or is_platform_admin(request.user)


def requires_two_factor(user: Any) -> bool:
    """True if one of the user's roles is listed in PALERMO_REQUIRE_2FA_ROLES (or superuser, if listed)."""
    roles = set(getattr(settings, "PALERMO_REQUIRE_2FA_ROLES", ()))
    if not roles or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and "superuser" in roles:
        return True
    return Membership.objects.filter(
        user=user, role__in=roles - {"superuser"}, organisation__is_active=True
    ).exists()


class IsPlatformAdmin(BasePermission):
    """Only platform administrators (and superusers), for every method."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_platform_admin(request.user)


class IsSignedInReadPlatformAdminWrite(BasePermission):
    """Signed-in users read (what their scope shows them); only platform administrators write."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not getattr(request.user, "is_authenticated", False):
            return False
        return request.method in SAFE_METHODS or is_platform_admin(request.user)
