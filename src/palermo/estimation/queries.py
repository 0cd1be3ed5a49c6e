"""Which estimation runs a user may see or start: scope resolved in the query.

- platform administrators, secretariat analysts and national focal points run estimates for the
  organisations where they hold that role, and see those organisations' runs;
- read-only members see their own organisations' runs;
- other roles (case workers, fund officers, reviewers) see none: a national estimate is not theirs
  to read before it is published;
- superusers see every run (``user_organisation_ids`` gives them every organisation).

Secretariat analysts get no global view here on purpose: a country's run stays with the
organisation that made it until it is published through the reporting round.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from palermo.accounts.models import Organisation, Role
from palermo.accounts.queries import user_organisation_ids
from palermo.estimation.models import EstimationRun

RUN_ROLES = (Role.PLATFORM_ADMIN, Role.SECRETARIAT_ANALYST, Role.NATIONAL_FOCAL_POINT)
VIEW_ROLES = (*RUN_ROLES, Role.READ_ONLY)


def runs_visible_to(user: Any) -> QuerySet[EstimationRun]:
    """Runs of the organisations where ``user`` holds a role that may read them."""
    return EstimationRun.objects.filter(
        organisation__in=user_organisation_ids(user, *VIEW_ROLES)
    ).select_related("organisation", "created_by")


def organisations_user_can_run(user: Any) -> QuerySet[Organisation]:
    """Organisations on whose behalf ``user`` may start a run."""
    return Organisation.objects.filter(id__in=user_organisation_ids(user, *RUN_ROLES))


def can_run(user: Any) -> bool:
    """True if ``user`` may start a run for at least one organisation."""
    return organisations_user_can_run(user).exists()
