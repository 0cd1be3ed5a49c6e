"""API permission matrix lines for the fund app (merged by tests/test_permission_matrix.py).

Read as sentences: only fund officers and platform administrators (and superusers) read donors,
contributions and the ledger (everyone else 403, a donor's personal data included); members of
the applying organisation read its applications and grants (the generic row builder makes them in
the callers' own organisation); a draft call is the managers' only (404 for others); anonymous
callers get 403 everywhere.
"""

from __future__ import annotations

from typing import Any

from tests.policy_rules import OK, rule

_MANAGERS = {"fund_officer": OK}
POLICY: dict[str, dict[str, dict[str, Any]]] = {
    "funddonor": {"list": rule(OK, 403, **_MANAGERS), "retrieve any": rule(OK, 403, **_MANAGERS)},
    "fundcontribution": {
        "list": rule(OK, 403, **_MANAGERS),
        "retrieve any": rule(OK, 403, **_MANAGERS),
    },
    "fundledger": {"list": rule(OK, 403, **_MANAGERS)},
    "fundcall": {"list": rule(OK, OK), "retrieve any": rule(OK, 404, **_MANAGERS)},
    "fundapplication": {"list": rule(OK, OK), "retrieve own": rule(OK, OK)},
    "fundgrant": {"list": rule(OK, OK), "retrieve own": rule(OK, OK)},
    "fundsummary": {"list": rule(OK, OK)},
}
