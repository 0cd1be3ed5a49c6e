"""Vocabulary of the permission matrix, shared by tests/test_permission_matrix.py and each app's
``tests/<app>/policy.py`` (which holds that app's lines of the policy table)."""

from __future__ import annotations

from typing import Any

from palermo.accounts.models import Role

OK, GATE = "ok", "gate"
ADMINS = ("superuser", Role.PLATFORM_ADMIN.value)
ROLES = [role.value for role in Role]
PRINCIPALS = ["anonymous", "superuser", *ROLES]


def rule(admin: Any, member: Any, anonymous: Any = 403, **by_role: Any) -> dict[str, Any]:
    """Expected outcome for each principal: admins, the other roles (with exceptions), anonymous."""
    out = {"anonymous": anonymous, **dict.fromkeys(ADMINS, admin)}
    out.update({role: member for role in ROLES if role not in ADMINS})
    out.update(by_role)
    return out
