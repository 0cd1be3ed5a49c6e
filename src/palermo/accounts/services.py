"""Every write to accounts data: organisations, users, memberships, TOTP devices, audit retention.

Each function writes one audit row in the same transaction as the change, so a change that is
rolled back leaves no audit row claiming it happened, and a change never lands without its row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo.accounts.events import audit
from palermo.accounts.models import AuditLog, LogType, Membership, Organisation, Role, User

ORGANISATION_FIELDS = ("name", "short_name", "kind", "country_iso3", "website", "is_active")
USER_FIELDS = ("first_name", "last_name", "email", "is_active", "preferred_language")


def _apply(obj: Any, fields: tuple[str, ...], data: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the allowed fields on ``obj``; return {field: [old, new]} for those that changed."""
    changed: dict[str, list[Any]] = {}
    for name, value in data.items():
        if name not in fields:
            raise ValueError(f"field {name!r} cannot be set here")
        old = getattr(obj, name)
        if old != value:
            changed[name] = [old, value]
            setattr(obj, name, value)
    return changed


@transaction.atomic
def create_organisation(request: HttpRequest | None, **data: Any) -> Organisation:
    organisation = Organisation()
    _apply(organisation, ORGANISATION_FIELDS, data)
    organisation.full_clean()
    organisation.save()
    audit(request, LogType.CHANGE, "organisation.create", obj=organisation, metadata={"data": data})
    return organisation


@transaction.atomic
def update_organisation(
    request: HttpRequest | None, organisation: Organisation, **data: Any
) -> Organisation:
    changed = _apply(organisation, ORGANISATION_FIELDS, data)
    if changed:
        organisation.full_clean()
        organisation.save()
        audit(
            request,
            LogType.CHANGE,
            "organisation.update",
            obj=organisation,
            metadata={"changed": changed},
        )
    return organisation


@transaction.atomic
def create_user(
    request: HttpRequest | None, username: str, password: str | None = None, **data: Any
) -> User:
    """A new user. With no password the account cannot sign in until one is set."""
    user = User(username=username)
    _apply(user, USER_FIELDS, data)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit(
        request,
        LogType.CHANGE,
        "user.create",
        obj=user,
        metadata={"data": data, "password_set": bool(password)},
    )
    return user


@transaction.atomic
def update_user(request: HttpRequest | None, user: User, **data: Any) -> User:
    changed = _apply(user, USER_FIELDS, data)
    if changed:
        user.full_clean(exclude=["password"])
        user.save()
        audit(request, LogType.CHANGE, "user.update", obj=user, metadata={"changed": changed})
    return user


def _sync_staff(user: User) -> None:
    # Platform administrators need is_staff to reach the Django admin's audit search page.
    staff = user.is_superuser or user.memberships.filter(role=Role.PLATFORM_ADMIN).exists()
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def grant_membership(
    request: HttpRequest | None, user: User, organisation: Organisation, role: str
) -> Membership:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        _sync_staff(user)
        audit(
            request,
            LogType.CHANGE,
            "membership.grant",
            obj=membership,
            metadata={"user": user.username, "organisation": organisation.pk, "role": role},
        )
    return membership


@transaction.atomic
def revoke_membership(request: HttpRequest | None, membership: Membership) -> None:
    user = membership.user
    metadata = {
        "user": user.username,
        "organisation": membership.organisation_id,
        "role": membership.role,
    }
    audit(request, LogType.CHANGE, "membership.revoke", obj=membership, metadata=metadata)
    membership.delete()
    _sync_staff(user)


# Two-factor devices ---------------------------------------------------------------------------


def pending_totp_device(user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call (enrolment starts here)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Palermo", confirmed=False)
    return device


@transaction.atomic
def confirm_totp(request: HttpRequest | None, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` if ``token`` is valid; one confirmed device per user replaces the others."""
    if not device.verify_token(token):
        audit(request, LogType.AUTH, "auth.otp_failed", user=user, metadata={"step": "enrol"})
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit(request, LogType.AUTH, "auth.otp_enrolled", obj=device, user=user)
    return True


@transaction.atomic
def remove_totp(request: HttpRequest | None, user: User) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit(request, LogType.AUTH, "auth.otp_removed", user=user, metadata={"devices": deleted})
    return deleted


# Audit retention ------------------------------------------------------------------------------


def purge_audit(
    *, days: int | None = None, dry_run: bool = False, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Delete audit rows older than the retention period, then log the purge itself."""
    days = settings.PALERMO_AUDIT_RETENTION_DAYS if days is None else days
    if days < 1:
        raise ValueError(f"retention must be at least 1 day, got {days}")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = AuditLog.objects.filter(created_at__lt=cutoff)
    report: dict[str, Any] = {
        "retention_days": days,
        "cutoff": cutoff.isoformat(),
        "dry_run": dry_run,
        "matched": old.count(),
        "deleted": 0,
    }
    if not dry_run:
        with transaction.atomic():
            report["deleted"], _ = old.delete()
            audit(
                None,
                LogType.CHANGE,
                "audit.purge",
                object_type="accounts.AuditLog",
                metadata={k: v for k, v in report.items() if k != "dry_run"},
            )
    return report
