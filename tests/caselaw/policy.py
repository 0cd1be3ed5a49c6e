"""API permission matrix lines for the case-law app (merged by tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.policy_rules import OK, rule

# Decisions: anyone lists and reads PUBLISHED ones; the matrix's generic row is a draft (the
# default status), so only editors (platform administrators, secretariat analysts) see it and
# everyone else gets 404. Editors write; an empty body is a 400 (no title) except PATCH, which
# changes nothing (200).
_EDITORS = {"secretariat_analyst": OK}
POLICY: dict[str, dict[str, dict[str, Any]]] = {}
POLICY["caselawdecision"] = {
    "list": rule(OK, OK, anonymous=OK),
    "retrieve any": rule(OK, 404, anonymous=404, **_EDITORS),
    "create": rule(400, 403, secretariat_analyst=400),
    "update any": rule(400, 403, secretariat_analyst=400),
    "partial_update any": rule(OK, 403, **_EDITORS),
    "destroy any": rule(204, 403, secretariat_analyst=204),
}
POLICY["caselawsearch"] = {"list": rule(OK, OK, anonymous=OK)}
