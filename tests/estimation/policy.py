"""API permission matrix lines for the estimation app (merged by tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.policy_rules import OK, rule

# Estimation runs (palermo.estimation): the generic row builder makes a run in the first
# organisation (the callers' own). Platform administrators, secretariat analysts and national focal
# points run and read; read-only members read; other roles see nothing (404). Create with an empty
# body gets past the gate as a 400 for the run roles.
_RUN_READERS = {"read_only": OK, "secretariat_analyst": OK, "national_focal_point": OK}
_RUNNERS = {"secretariat_analyst": 400, "national_focal_point": 400}
POLICY: dict[str, dict[str, dict[str, Any]]] = {}
POLICY["estimationrun"] = {
    "list": rule(OK, OK),
    "retrieve own": rule(OK, 404, **_RUN_READERS),
    "create": rule(400, 403, **_RUNNERS),
}
POLICY["estimationrunexport"] = {"retrieve own": rule(OK, 404, **_RUN_READERS)}
