"""Scope functions: who sees which organisations, users, memberships and audit rows, in one query."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from palermo.accounts import queries
from palermo.accounts.events import audit
from palermo.accounts.models import AuditLog, Membership, Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, org, other_org):
    audit(None, "change", "organisation.create", obj=other_org)
    return {
        "admin": make_user("admin", "platform_admin"),
        "analyst": make_user("analyst", "secretariat_analyst"),
        "worker": make_user("worker", "case_worker"),
        "stranger": make_user("stranger", "case_worker", other_org),
        "nobody": make_user("nobody"),
        "root": User.objects.create_superuser("root", password="x"),
    }


def names(qs) -> set[str]:
    return {str(o) for o in qs}


def test_platform_admins_see_every_organisation_even_inactive(world, org, other_org) -> None:
    Organisation.objects.filter(pk=other_org.pk).update(is_active=False)
    assert names(queries.organisations_visible_to(world["admin"])) == {str(org), str(other_org)}
    assert names(queries.organisations_visible_to(world["root"])) == {str(org), str(other_org)}


def test_analysts_see_every_active_organisation(world, org, other_org) -> None:
    assert names(queries.organisations_visible_to(world["analyst"])) == {str(org), str(other_org)}
    Organisation.objects.filter(pk=other_org.pk).update(is_active=False)
    assert names(queries.organisations_visible_to(world["analyst"])) == {str(org)}


def test_others_see_only_their_own_organisations(world, org) -> None:
    assert names(queries.organisations_visible_to(world["worker"])) == {str(org)}
    assert not queries.organisations_visible_to(world["nobody"]).exists()
    assert not queries.organisations_visible_to(AnonymousUser()).exists()


def test_users_and_memberships_scope(world) -> None:
    assert queries.users_visible_to(world["admin"]).count() == User.objects.count()
    assert list(queries.users_visible_to(world["worker"])) == [world["worker"]]
    assert not queries.users_visible_to(AnonymousUser()).exists()
    mine = queries.memberships_visible_to(world["worker"])
    assert {m.user for m in mine} == {world["worker"]}
    assert queries.memberships_visible_to(world["admin"]).count() == Membership.objects.count()


def test_audit_is_for_platform_admins_only(world) -> None:
    assert queries.audit_visible_to(world["admin"]).count() == AuditLog.objects.count() > 0
    for name in ("analyst", "worker", "nobody"):
        assert not queries.audit_visible_to(world[name]).exists()
    assert not queries.audit_visible_to(AnonymousUser()).exists()


def test_user_organisation_ids_is_a_subquery(world, org, django_assert_num_queries) -> None:
    ids = queries.user_organisation_ids(world["worker"], "case_worker")
    with django_assert_num_queries(1):
        found = list(Organisation.objects.filter(id__in=ids))
    assert found == [org]
    assert not Organisation.objects.filter(
        id__in=queries.user_organisation_ids(world["worker"], "reviewer")
    ).exists()
    # Administering accounts does not open other apps' records in every organisation.
    assert list(
        Organisation.objects.filter(id__in=queries.user_organisation_ids(world["admin"]))
    ) == [org]
    assert (
        Organisation.objects.filter(id__in=queries.user_organisation_ids(world["root"])).count()
        == 2
    )
    assert not Organisation.objects.filter(
        id__in=queries.user_organisation_ids(AnonymousUser())
    ).exists()


def test_inactive_organisations_grant_nothing(world, org) -> None:
    Organisation.objects.filter(pk=org.pk).update(is_active=False)
    assert not queries.organisations_visible_to(world["worker"]).exists()
    assert not queries.user_organisation_ids(world["worker"]).exists()
    assert not queries.audit_visible_to(world["admin"]).exists()  # admin role was in org
