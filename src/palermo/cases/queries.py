"""Which case records, sources and imports a user may see, and which field groups: in the query.

- case workers see the cases of their own organisations' sources, identifiers included;
- national focal points, secretariat analysts and read-only members see their own organisations'
  cases pseudonymised (no identity group);
- platform administrators, fund officers and reviewers see no case: administering accounts is not
  a licence to read case files (``user_organisation_ids`` does not widen for them);
- superusers see every case (``user_organisation_ids`` gives them every organisation);
- anonymous users see nothing; public pages use aggregates only (stats.py), never a record.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from palermo.accounts.models import Membership, Organisation, Role
from palermo.accounts.queries import user_organisation_ids
from palermo.cases.fields import CASE_ROLES, GROUPS, READ, WRITE
from palermo.cases.models import CaseRecord, ImportBatch, Source

SOURCE_ADMIN_ROLES = (Role.CASE_WORKER, Role.NATIONAL_FOCAL_POINT)


def cases_visible_to(user: Any) -> QuerySet[CaseRecord]:
    """THE scope of case records: one filter on the source's organisation, never a Python loop."""
    return CaseRecord.objects.filter(
        source__organisation__in=user_organisation_ids(user, *CASE_ROLES)
    ).select_related("source", "source__organisation")


def sources_visible_to(user: Any) -> QuerySet[Source]:
    return Source.objects.filter(
        organisation__in=user_organisation_ids(user, *CASE_ROLES)
    ).select_related("organisation")


def sources_user_can_import(user: Any) -> QuerySet[Source]:
    """Sources the user may import into or create: case workers and focal points of the owner."""
    return Source.objects.filter(organisation__in=user_organisation_ids(user, *SOURCE_ADMIN_ROLES))


def organisations_user_can_manage(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(id__in=user_organisation_ids(user, *SOURCE_ADMIN_ROLES))


def imports_visible_to(user: Any) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(
        source__organisation__in=user_organisation_ids(user, *CASE_ROLES)
    ).select_related("source")


def _roles_in(user: Any, organisation_id: int) -> set[str]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return set(READ)
    return set(
        Membership.objects.filter(
            user=user, organisation_id=organisation_id, organisation__is_active=True
        ).values_list("role", flat=True)
    )


def readable_groups(user: Any, case: CaseRecord) -> frozenset[str]:
    """The field groups ``user`` may read on ``case`` (by the roles held in its organisation)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return frozenset(GROUPS)
    roles = _roles_in(user, case.source.organisation_id)
    return frozenset().union(*(READ.get(r, frozenset()) for r in roles))


def writable_groups(user: Any, case: CaseRecord) -> frozenset[str]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return frozenset(GROUPS)
    roles = _roles_in(user, case.source.organisation_id)
    return frozenset().union(*(WRITE.get(r, frozenset()) for r in roles))


def can_import(user: Any) -> bool:
    return organisations_user_can_manage(user).exists()
