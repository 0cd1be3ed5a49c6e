"""API permission matrix lines for the coordination app (merged by tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.policy_rules import GATE, OK, rule

# Coordination data are public: anyone reads. Platform administrators and secretariat analysts
# write every record. Members of a UN entity or IGO write their own entity's activities only; the
# matrix's callers belong to a State authority, so for them every write is refused (403).
_EDITORS = {"secretariat_analyst": GATE}
_PUBLIC_READ_EDITOR_WRITE = {
    "list": rule(OK, OK, anonymous=OK),
    "retrieve any": rule(OK, OK, anonymous=OK),
    "create": rule(GATE, 403, **_EDITORS),
    "update any": rule(GATE, 403, **_EDITORS),
    "partial_update any": rule(GATE, 403, **_EDITORS),
    "destroy any": rule(GATE, 403, **_EDITORS),
}
POLICY: dict[str, dict[str, dict[str, Any]]] = {
    "coordinationactivity": {
        **_PUBLIC_READ_EDITOR_WRITE,
        # An empty body gets past the gate as a 400 for those who may record activities.
        "create": rule(400, 403, secretariat_analyst=400),
    },
    "coordinationtotals": {"list": rule(OK, OK, anonymous=OK)},
}
for _basename in (
    "icatmember",
    "icatworkinggroup",
    "icatchair",
    "icatmeeting",
    "icatpublication",
    "worldday",
    "campaign",
    "campaignadoption",
    "campaignresult",
    "coordinationresource",
):
    POLICY[_basename] = _PUBLIC_READ_EDITOR_WRITE
