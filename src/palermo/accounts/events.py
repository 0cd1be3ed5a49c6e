"""Audit log rows, written by explicit calls (never by signals), as KoboToolbox's audit_log does.

Use ``audit(...)`` from services and views:

    audit(request, "access", "case.read", obj=case)
    audit(None, "change", "reference.load", object_type="reference.Country", metadata={...}, user=None)

Action names are validated here against ``ACTIONS`` so a new action needs no migration, only a line.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from palermo.accounts.models import AuditLog, LogType

# log type -> allowed action prefixes (the part before the first dot is the domain).
ACTIONS: dict[str, set[str]] = {
    LogType.AUTH: {
        "auth.login",
        "auth.logout",
        "auth.login_failed",
        "auth.lockout",
        "auth.otp",
        "auth.otp_verified",
        "auth.otp_failed",
        "auth.otp_enrolled",
        "auth.otp_removed",
        "auth.password_changed",
        "auth.password_change_failed",
    },
    LogType.ACCESS: {"read", "list", "search"},
    LogType.CHANGE: {
        "create",
        "update",
        "delete",
        "load",
        "import",
        "purge",
        "rotate",
        "grant",
        "revoke",
    },
    LogType.EXPORT: {"export", "download"},
}


def _check_action(log_type: str, action: str) -> None:
    if log_type not in LogType.values:
        raise ValueError(f"unknown audit log type {log_type!r}")
    allowed = ACTIONS[log_type]
    verb = action.rsplit(".", 1)[-1]
    if action not in allowed and verb not in allowed:
        raise ValueError(f"audit action {action!r} is not allowed for log type {log_type!r}")


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is trusted only behind a proxy that sets REMOTE_ADDR for us.
    return request.META.get("REMOTE_ADDR") or None


def audit(
    request: HttpRequest | None,
    log_type: str,
    action: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    user: Any = None,
    username: str = "",
    metadata: dict[str, Any] | None = None,
) -> AuditLog:
    """Write one audit row: who (request.user or ``user``), what, when, from where.

    ``username`` records who it claimed to be when there is no user (a failed sign-in).
    """
    _check_action(log_type, action)
    if request is not None and user is None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or obj.pk
    return AuditLog.objects.create(
        log_type=log_type,
        action=action,
        user=user,
        username=(getattr(user, "username", "") if user else username)[:150],
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""),
        path=(request.path[:255] if request is not None else ""),
        metadata=metadata or {},
    )
