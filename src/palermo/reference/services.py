"""Writes to reference data made by people (the API and admin), each one audited."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from palermo.accounts.events import audit


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.pk if isinstance(v, models.Model) else str(v)) for k, v in values.items()}


@transaction.atomic
def create(request: HttpRequest | None, model: type[models.Model], values: dict[str, Any]) -> Any:
    obj = model.objects.create(**values)
    audit(
        request,
        "change",
        f"reference.{model._meta.model_name}.create",
        obj=obj,
        metadata={"values": _jsonable(values)},
    )
    return obj


@transaction.atomic
def update(request: HttpRequest | None, obj: models.Model, values: dict[str, Any]) -> Any:
    before = {k: getattr(obj, k) for k in values}
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save(update_fields=list(values) or None)
    audit(
        request,
        "change",
        f"reference.{obj._meta.model_name}.update",
        obj=obj,
        metadata={"before": _jsonable(before), "after": _jsonable(values)},
    )
    return obj


@transaction.atomic
def delete(request: HttpRequest | None, obj: models.Model) -> None:
    label, pk, text = obj._meta.label, obj.pk, str(obj)
    audit(
        request,
        "change",
        f"reference.{obj._meta.model_name}.delete",
        object_type=label,
        object_id=pk,
        metadata={"repr": text},
    )
    obj.delete()


def audit_created(request: HttpRequest | None, obj: models.Model) -> None:
    """Audit an object the admin form already saved."""
    audit(request, "change", f"reference.{obj._meta.model_name}.create", obj=obj)
