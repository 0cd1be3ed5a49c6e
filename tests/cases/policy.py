"""API permission matrix lines for the cases app (merged by tests/test_permission_matrix.py).

The generic row builder puts a source, and its case and import, in the first organisation (the
callers' own). Case records are read by case workers (with identifiers), national focal points,
secretariat analysts and read-only members (pseudonymised) of the owning organisation; platform
administrators, fund officers and reviewers get 404, as for a case that does not exist. Only case
workers change a case (the others in scope: 403). Sources are created by case workers and focal
points (an empty body: 400). Nothing is public (anonymous: 403). tests/cases/test_access.py
covers another organisation's rows (404 on every endpoint).
"""

from __future__ import annotations

from typing import Any

from tests.policy_rules import OK, rule

_READERS = {
    "superuser": OK,
    "case_worker": OK,
    "national_focal_point": OK,
    "secretariat_analyst": OK,
    "read_only": OK,
}
POLICY: dict[str, dict[str, dict[str, Any]]] = {}
POLICY["caserecord"] = {
    "list": rule(OK, OK),
    "retrieve own": rule(404, 404, **_READERS),
    "partial_update own": rule(
        404,
        404,
        superuser=OK,
        case_worker=OK,
        national_focal_point=403,
        secretariat_analyst=403,
        read_only=403,
    ),
}
POLICY["casesource"] = {
    "list": rule(OK, OK),
    "retrieve own": rule(404, 404, **_READERS),
    "create": rule(403, 403, superuser=400, case_worker=400, national_focal_point=400),
}
POLICY["caseimport"] = {
    "list": rule(OK, OK),
    "retrieve own": rule(404, 404, **_READERS),
}

# Record linkage (tests/cases/test_linkage_api.py covers rows of other organisations). Lists are
# scoped (empty, 200, for roles without linkage); a decision is created by the linkage roles only
# (an empty body: 400), never by read-only members, administrators, fund officers or reviewers.
_LINKERS = {
    "superuser": 400,
    "case_worker": 400,
    "national_focal_point": 400,
    "secretariat_analyst": 400,
}
POLICY["caselinkagerun"] = {"list": rule(OK, OK)}
POLICY["casereviewpair"] = {"list": rule(OK, OK)}
POLICY["casematchdecision"] = {"list": rule(OK, OK), "create": rule(403, 403, **_LINKERS)}
