"""API permission matrix lines for the reporting app (merged by tests/test_permission_matrix.py).

Read as sentences: blank questionnaires are public; rounds are read by those invited (the generic
row is a round in preparation, so only the secretariat and superusers see it) and written by
secretariat analysts and platform administrators; a submission (the generic row is the caller's own
organisation's draft) is read by that organisation's focal points and read-only members, not by the
secretariat before it is submitted; focal points write their own drafts (only in an open round,
hence 404 on the generic draft round's submission); only the secretariat reviews.
"""

from __future__ import annotations

from typing import Any

from tests.policy_rules import OK, rule

_MANAGER = {"secretariat_analyst": OK}
POLICY: dict[str, dict[str, dict[str, Any]]] = {}
POLICY["reportingquestionnaire"] = {
    "list": rule(OK, OK, anonymous=OK),
    "retrieve any": rule(OK, OK, anonymous=OK),
}
POLICY["reportinground"] = {
    "list": rule(OK, OK),
    "retrieve own": rule(OK, 404, **_MANAGER),
    "create": rule(400, 403, secretariat_analyst=400),
    "partial_update own": rule(OK, 403, **_MANAGER),
}
POLICY["reportingsubmission"] = {
    "list": rule(OK, OK),
    "retrieve own": rule(OK, 404, platform_admin=404, national_focal_point=OK, read_only=OK),
    "create": rule(400, 403, platform_admin=403, national_focal_point=400),
    "partial_update own": rule(404, 404),
}
POLICY["reportingreview"] = {"create": rule(400, 403, secretariat_analyst=400)}
