"""Every write of the coordination app: permission check, validation, save, audit row.

Views, the API and the demo loader all write through here, so no path skips the audit. Activities
may be written by their own entity's members (``queries.activities_editable_by``); every other
record (ICAT membership, chairs, meetings, campaigns, resources) by editors only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.coordination import queries
from palermo.coordination.models import Activity
from palermo.reference.models import Country


def _action(obj: models.Model, verb: str) -> str:
    return f"coordination.{obj._meta.model_name}.{verb}"


def check_can_write_activity(user: Any, organisation_id: int, instance: Activity | None) -> None:
    """Raise PermissionDenied unless ``user`` may write this activity for that organisation."""
    editable = queries.activities_editable_by(user)
    if instance is not None and instance.pk and not editable.filter(pk=instance.pk).exists():
        raise PermissionDenied("you may only change your own entity's activities")
    if queries.is_editor(user):
        return
    if not queries.entity_ids(user).filter(id=organisation_id).exists():
        raise PermissionDenied("you may only record activities of a UN entity or IGO you belong to")


@transaction.atomic
def save_activity(
    request: HttpRequest | None,
    user: Any,
    activity: Activity,
    countries: Iterable[Country] | None = None,
) -> Activity:
    """Create or update ``activity`` (and its countries) for ``user``, validated and audited.

    ``user`` None is the system (demo loader, imports): no permission check, audited without a user.
    """
    creating = activity.pk is None
    if user is not None:
        previous = Activity.objects.filter(pk=activity.pk).first() if activity.pk else None
        if previous is not None:
            check_can_write_activity(user, previous.organisation_id, previous)
        check_can_write_activity(user, activity.organisation_id, None)
        if creating:
            activity.created_by = user
    activity.full_clean()
    activity.save()
    if countries is not None:
        activity.countries.set(list(countries))
    audit(
        request,
        LogType.CHANGE,
        _action(activity, "create" if creating else "update"),
        obj=activity,
        metadata={"organisation": activity.organisation_id, "is_demo": activity.is_demo},
    )
    return activity


@transaction.atomic
def delete_activity(request: HttpRequest | None, user: Any, activity: Activity) -> None:
    check_can_write_activity(user, activity.organisation_id, activity)
    audit(
        request,
        LogType.CHANGE,
        _action(activity, "delete"),
        obj=activity,
        metadata={"organisation": activity.organisation_id},
    )
    activity.delete()


def check_editor(user: Any) -> None:
    if user is not None and not queries.is_editor(user):
        raise PermissionDenied("only secretariat analysts and platform administrators edit this")


@transaction.atomic
def save_record(
    request: HttpRequest | None,
    user: Any,
    obj: models.Model,
    *,
    m2m: dict[str, Iterable[Any]] | None = None,
) -> models.Model:
    """Create or update any other coordination record (editors only), validated and audited."""
    check_editor(user)
    creating = obj.pk is None
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(list(values))
    audit(request, LogType.CHANGE, _action(obj, "create" if creating else "update"), obj=obj)
    return obj


@transaction.atomic
def delete_record(request: HttpRequest | None, user: Any, obj: models.Model) -> None:
    check_editor(user)
    audit(request, LogType.CHANGE, _action(obj, "delete"), obj=obj)
    obj.delete()
