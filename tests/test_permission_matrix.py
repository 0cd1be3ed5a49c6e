"""Permission matrix: every API endpoint x every role x own/other organisation -> allowed or denied.

The table POLICY below is the access policy of the API, read as sentences: "a case_worker may not
update another organisation: 403". Endpoints are discovered from the router in palermo.web.urls,
so a new endpoint (or a new action on one) without a line here makes ``test_every_endpoint_*``
fail. Codes: OK is any 2xx; GATE means the request got past the permission gate (any status but
401/403: 400 for an empty body, 404 for a missing row); numbers are exact statuses. Anonymous
callers get 403, not 401, because session authentication comes first in REST_FRAMEWORK.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import models
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from rest_framework import viewsets

from palermo.accounts.events import audit
from palermo.accounts.models import AuditLog, Membership, Organisation, Role, User
from palermo.web.urls import router
from tests.policy_rules import GATE, OK, PRINCIPALS, ROLES, rule

PUBLIC_READ_ADMIN_WRITE = {
    "list": rule(OK, OK, anonymous=OK),
    "retrieve any": rule(OK, OK, anonymous=OK),
    "create": rule(GATE, 403),
    "update any": rule(GATE, 403),
    "partial_update any": rule(GATE, 403),
    "destroy any": rule(GATE, 403),
}

# basename -> "action target" -> principal -> expected. THE POLICY: keep it in this one table.
POLICY: dict[str, dict[str, dict[str, Any]]] = {
    "organisation": {
        "list": rule(OK, OK),
        "retrieve own": rule(OK, OK),
        "retrieve other": rule(OK, 404, secretariat_analyst=OK),
        "create": rule(201, 403),
        "update own": rule(OK, 403),
        "update other": rule(OK, 403),
        "partial_update own": rule(OK, 403),
        "partial_update other": rule(OK, 403),
    },
    "user": {
        "list": rule(OK, 403),
        "retrieve own": rule(OK, 403),
        "retrieve other": rule(OK, 403),
        "create": rule(201, 403),
        "update own": rule(OK, 403),
        "update other": rule(OK, 403),
        "partial_update own": rule(OK, 403),
        "partial_update other": rule(OK, 403),
    },
    "membership": {
        "list": rule(OK, 403),
        "retrieve own": rule(OK, 403),
        "retrieve other": rule(OK, 403),
        "create": rule(201, 403),
        "destroy own": rule(204, 403),
        "destroy other": rule(204, 403),
    },
    "me": {"list": rule(OK, OK)},
    "auditlog": {
        "list": rule(OK, 403),
        "retrieve own": rule(OK, 403),
        "retrieve other": rule(OK, 403),
        "export": rule(OK, 403),
    },
}
# Reference data (countries, population, treaties...): anyone reads, platform administrators write.
REFERENCE_BASENAMES = [
    "region",
    "country",
    "population",
    "treaty",
    "treatyaction",
    "legislation",
    "policyindex",
    "tiptier",
]
for _basename in REFERENCE_BASENAMES:
    POLICY[_basename] = PUBLIC_READ_ADMIN_WRITE
# Each app's own lines live in tests/<app>/policy.py (a POLICY dict), merged here.
for _policy_file in sorted(Path(__file__).parent.glob("*/policy.py")):
    _module = importlib.import_module(f"tests.{_policy_file.parent.name}.policy")
    for _basename, _lines in _module.POLICY.items():
        assert _basename not in POLICY, f"{_basename} has lines in two policy files"
        POLICY[_basename] = _lines

STANDARD_ACTIONS = ("list", "retrieve", "create", "update", "partial_update", "destroy")
DETAIL_ACTIONS = {"retrieve", "update", "partial_update", "destroy"}


def endpoint_actions(viewset: type[viewsets.ViewSetMixin]) -> set[str]:
    """The actions a viewset answers: the standard ones it defines plus its @action extras."""
    standard = {name for name in STANDARD_ACTIONS if hasattr(viewset, name)}
    return standard | {extra.__name__ for extra in viewset.get_extra_actions()}


def registry() -> dict[str, type[viewsets.ViewSetMixin]]:
    return {basename: viewset for _prefix, viewset, basename in router.registry}


def test_every_endpoint_has_a_policy() -> None:
    missing = sorted(set(registry()) - set(POLICY))
    assert not missing, f"API endpoints with no line in POLICY: {missing}"
    stale = sorted(set(POLICY) - set(registry()))
    assert not stale, f"POLICY lines for endpoints that no longer exist: {stale}"


def test_every_endpoint_action_has_a_policy() -> None:
    for basename, viewset in registry().items():
        covered = {key.split()[0] for key in POLICY[basename]}
        missing = endpoint_actions(viewset) - covered
        assert not missing, f"{basename}: actions with no expectation in POLICY: {sorted(missing)}"
        for key, outcomes in POLICY[basename].items():
            assert set(outcomes) == set(PRINCIPALS), f"{basename} {key}: not every principal"


@dataclass
class World:
    """Two organisations, one user per role in the first, a stranger in the second, audit rows."""

    own_org: Organisation
    other_org: Organisation
    users: dict[str, User]
    stranger: User
    stranger_membership: Membership
    bystander_membership: Membership
    rows: dict[str, AuditLog]


def build_world() -> World:
    own = Organisation.objects.create(name="Ministry of Justice", kind="state")
    other = Organisation.objects.create(name="Shelter NGO", kind="ngo")
    users: dict[str, User] = {}
    for role in ROLES:
        users[role] = User.objects.create(username=role)
        Membership.objects.create(user=users[role], organisation=own, role=role)
    users["superuser"] = User.objects.create(username="root", is_superuser=True, is_staff=True)
    stranger = User.objects.create(username="stranger")
    stranger_membership = Membership.objects.create(
        user=stranger, organisation=other, role=Role.CASE_WORKER
    )
    bystander = User.objects.create(username="bystander")
    bystander_membership = Membership.objects.create(
        user=bystander, organisation=own, role=Role.REVIEWER
    )
    rows = {"stranger": audit(None, "auth", "auth.login", user=stranger)}
    for name, user in users.items():
        rows[name] = audit(None, "auth", "auth.login", user=user)
    return World(own, other, users, stranger, stranger_membership, bystander_membership, rows)


def target_pk(world: World, basename: str, principal: str, target: str) -> Any:
    """The row a detail request aims at: the caller's own (organisation, self...) or another's."""
    me = world.users.get(principal)
    own = target == "own"
    if basename == "organisation":
        return (world.own_org if own else world.other_org).pk
    if basename == "user":
        return (me or world.stranger).pk if own else world.stranger.pk
    if basename == "membership":
        if own:
            mine = Membership.objects.filter(user=me).first() if me else None
            return (mine or world.bystander_membership).pk
        return world.stranger_membership.pk
    if basename == "auditlog":
        return (
            world.rows.get(principal, world.rows["stranger"]).pk
            if own
            else world.rows["stranger"].pk
        )
    # Reference data is public: there is no own/other, any row will do.
    return ensure_row(registry()[basename].queryset.model).pk  # type: ignore[attr-defined]


def ensure_row(model: type[Model]) -> Model:
    """A row of ``model``: the first one, or a minimal one built from its required fields.

    Generic on purpose, so a reference endpoint added later is covered without new fixture code.
    """
    if (first := model.objects.order_by("pk").first()) is not None:
        return first
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or field.null
            or field.has_default()
            or getattr(field, "auto_now_add", False)
        ):
            continue
        if field.is_relation:
            values[field.name] = ensure_row(field.related_model)
        elif field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, models.DateField):
            values[field.name] = dt.date(2000, 1, 1)
        elif isinstance(field, models.JSONField):
            values[field.name] = {}
        elif isinstance(field, models.BooleanField):
            values[field.name] = False
        elif isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
            values[field.name] = 2000
        elif not field.blank:
            values[field.name] = "1"[: field.max_length or 1]
    return model.objects.create(**values)


def create_body(world: World, basename: str) -> dict[str, Any]:
    bodies: dict[str, dict[str, Any]] = {
        "organisation": {"name": "New Organisation", "kind": "ngo"},
        "user": {"username": "newcomer", "password": "Str0ng-Passphrase!"},
        "membership": {
            "user": world.stranger.pk,
            "organisation": world.own_org.pk,
            "role": "reviewer",
        },
    }
    return bodies.get(basename, {})


PATCH_BODIES = {"organisation": {"short_name": "Changed"}, "user": {"first_name": "Changed"}}
PUT_BODIES = {
    "organisation": {"name": "Renamed", "kind": "ngo"},
    "user": {"first_name": "Changed", "email": "changed@example.org"},
}


def call(client: Client, world: World, basename: str, principal: str, key: str) -> int:
    action, _, target = key.partition(" ")
    if action in DETAIL_ACTIONS:
        url = reverse(f"{basename}-detail", args=[target_pk(world, basename, principal, target)])
    elif action in {"list", "create"}:
        url = reverse(f"{basename}-list")
    else:
        url = reverse(f"{basename}-{action.replace('_', '-')}")
    requests: dict[str, Callable[[], Any]] = {
        "list": lambda: client.get(url),
        "retrieve": lambda: client.get(url),
        "create": lambda: client.post(
            url, create_body(world, basename), content_type="application/json"
        ),
        "partial_update": lambda: client.patch(
            url, PATCH_BODIES.get(basename, {}), content_type="application/json"
        ),
        "update": lambda: client.put(
            url, PUT_BODIES.get(basename, {}), content_type="application/json"
        ),
        "destroy": lambda: client.delete(url),
    }
    return requests.get(action, lambda: client.get(url))().status_code


def matches(status: int, expected: Any) -> bool:
    if expected == OK:
        return 200 <= status < 300
    if expected == GATE:
        return status not in (401, 403) and status < 500
    return status == expected


def sentence(basename: str, key: str, principal: str, expected: Any) -> str:
    action, _, target = key.partition(" ")
    whose = {"own": "own", "other": "another", "any": "any", "": ""}[target]
    verdict = {OK: "allowed", GATE: "allowed (past the gate)"}.get(expected, f"denied {expected}")
    return f"{principal} {action} {whose} {basename} -> {verdict}".replace("  ", " ")


CASES = [
    pytest.param(
        basename, key, principal, expected, id=sentence(basename, key, principal, expected)
    )
    for basename, actions in POLICY.items()
    for key, outcomes in actions.items()
    for principal, expected in outcomes.items()
]


@pytest.mark.django_db
@pytest.mark.parametrize(("basename", "key", "principal", "expected"), CASES)
def test_permission_matrix(basename: str, key: str, principal: str, expected: Any) -> None:
    world = build_world()
    client = Client()
    if principal != "anonymous":
        client.force_login(world.users[principal])
    status = call(client, world, basename, principal, key)
    assert matches(status, expected), (
        f"{sentence(basename, key, principal, expected)}, but got {status}"
    )
