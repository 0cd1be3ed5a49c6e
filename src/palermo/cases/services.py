"""Every write to case data, each with its audit row: sources, case edits, status, services,
referrals, the identifier purge and the key rotation. Reads of one case (``case_view``) are audited
here too, so the API and the pages cannot forget it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation
from palermo.cases import vault
from palermo.cases.fields import FIELD_GROUP, GROUPS
from palermo.cases.models import (
    CaseRecord,
    CaseStatus,
    Exploitation,
    Referral,
    Service,
    Source,
    StatusChange,
)
from palermo.cases.queries import organisations_user_can_manage, readable_groups, writable_groups

# Allowed status moves (HTCDS cas_Status); a closed case is reopened to Active, never edited closed.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.ACTIVE: frozenset({"FollowUp", "Closed", "ClosedReferred"}),
    CaseStatus.FOLLOW_UP: frozenset({"Active", "Closed", "ClosedReferred"}),
    CaseStatus.CLOSED: frozenset({"Active"}),
    CaseStatus.CLOSED_REFERRED: frozenset({"Active"}),
}
PROFILE_FIELDS = GROUPS["profile"] + GROUPS["exploitation"]


def create_source(
    request: HttpRequest | None,
    user: Any,
    organisation: Organisation,
    name: str,
    retention_days: int = 3650,
    mapping: dict[str, str] | None = None,
    description: str = "",
) -> Source:
    if user is not None and not organisations_user_can_manage(user).filter(pk=organisation.pk):
        raise PermissionDenied("only case workers and focal points of the organisation")
    source = Source.objects.create(
        organisation=organisation,
        name=name,
        retention_days=retention_days,
        mapping=mapping or {},
        description=description,
    )
    audit(request, LogType.CHANGE, "cases.source.create", obj=source, user=user)
    return source


def case_view(request: HttpRequest | None, user: Any, case: CaseRecord) -> dict[str, Any]:
    """A case as ``user`` may read it (field groups), audited as a read; identifiers decrypted
    only for a role that reads the identity group of the case's organisation."""
    groups = readable_groups(user, case)
    data: dict[str, Any] = {
        "pid": case.pid,
        "source": case.source.name,
        "organisation": case.source.organisation_id,
        "created_at": case.created_at.isoformat(),
        "groups": sorted(groups),
    }
    for name in PROFILE_FIELDS:
        if FIELD_GROUP[name] in groups:
            data[name] = getattr(case, name)
    if "case" in groups:
        data["status"] = case.status
        data["extra"] = case.extra
        data["history"] = [
            {"old": h.old, "new": h.new, "at": h.at.isoformat(), "reason": h.reason}
            for h in case.history.all()
        ]
    if "services" in groups:
        data["services"] = list(case.services.values("kind", "provider", "start", "end"))
        data["referrals"] = list(
            case.referrals.values(
                "from_organisation", "to_organisation", "date", "consent", "consent_date"
            )
        )
        data["exploitations"] = list(
            case.exploitations.values("kind", "sector", "country", "start", "end")
        )
    revealed = "identity" in groups
    if revealed:
        data["identifiers"] = vault.decrypt(case.vault)
        data["identifiers_purged_at"] = case.identifiers_purged_at
    audit(
        request,
        LogType.ACCESS,
        "cases.case.read",
        obj=case,
        user=user,
        metadata={"identifiers": revealed, "groups": sorted(groups)},
    )
    return data


def update_case(
    request: HttpRequest | None, user: Any, case: CaseRecord, changes: dict[str, Any]
) -> CaseRecord:
    """Change fields of ``case``; every field must be in a group the user's role may write."""
    allowed = writable_groups(user, case)
    # services, referrals and exploitation episodes have their own functions below
    unknown = sorted(k for k in changes if k not in FIELD_GROUP or FIELD_GROUP[k] == "services")
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "not a field that can be changed here"))
    denied = sorted(k for k in changes if FIELD_GROUP.get(k, "identity") not in allowed)
    if denied:
        raise PermissionDenied(f"not writable for your role: {', '.join(denied)}")
    with transaction.atomic():
        identity = {k: v for k, v in changes.items() if FIELD_GROUP.get(k) == "identity"}
        if identity:
            current = vault.decrypt(case.vault)
            current.update({k: str(v) for k, v in identity.items()})
            case.vault = vault.encrypt(current)
            case.name_index = vault.blind_index(
                current.get("prs_FirstName", ""), current.get("prs_SecondName", "")
            )
        for name, value in changes.items():
            if name == "status":
                change_status(request, user, case, str(value))
            elif name in PROFILE_FIELDS:
                setattr(case, name, value)
            elif name == "extra":
                if not isinstance(value, dict):
                    raise ValidationError({"extra": "an object of HTCDS field -> value"})
                case.extra = {**case.extra, **value}
        case.save()
        audit(
            request,
            LogType.CHANGE,
            "cases.case.update",
            obj=case,
            user=user,
            metadata={"fields": sorted(changes)},  # names only: values may identify
        )
    return case


def change_status(
    request: HttpRequest | None, user: Any, case: CaseRecord, new: str, reason: str = ""
) -> StatusChange:
    if "case" not in writable_groups(user, case):
        raise PermissionDenied("your role may not change a case's status")
    if new not in TRANSITIONS.get(case.status, frozenset()):
        raise ValidationError({"status": f"a case cannot go from {case.status} to {new}"})
    change = StatusChange.objects.create(
        case=case, old=case.status, new=new, reason=reason, by=user
    )
    case.status = new
    case.save(update_fields=["status", "updated_at"])
    audit(
        request, LogType.CHANGE, "cases.status.update", obj=case, user=user, metadata={"new": new}
    )
    return change


def add_service(
    request: HttpRequest | None, user: Any, case: CaseRecord, kind: str, **values: Any
) -> Service:
    if "services" not in writable_groups(user, case):
        raise PermissionDenied("your role may not record services")
    service = Service.objects.create(case=case, kind=kind, **values)
    audit(
        request,
        LogType.CHANGE,
        "cases.service.create",
        obj=case,
        user=user,
        metadata={"kind": kind},
    )
    return service


def add_exploitation(
    request: HttpRequest | None, user: Any, case: CaseRecord, kind: str, **values: Any
) -> Exploitation:
    """An exploitation episode (type, sector, country, dates) on a case."""
    if "services" not in writable_groups(user, case):
        raise PermissionDenied("your role may not record exploitation episodes")
    episode = Exploitation.objects.create(case=case, kind=kind, **values)
    audit(
        request,
        LogType.CHANGE,
        "cases.exploitation.create",
        obj=case,
        user=user,
        metadata={"kind": kind},
    )
    return episode


def refer(
    request: HttpRequest | None,
    user: Any,
    case: CaseRecord,
    to: Organisation,
    *,
    consent: bool,
    date: dt.date | None = None,
    reason: str = "",
) -> Referral:
    """Refer a case to another organisation: refused without the victim's recorded consent."""
    if "services" not in writable_groups(user, case):
        raise PermissionDenied("your role may not refer cases")
    if not consent:
        raise ValidationError({"consent": "a referral needs the victim's consent, recorded"})
    today = timezone.localdate()
    referral = Referral.objects.create(
        case=case,
        from_organisation_id=case.source.organisation_id,
        to_organisation=to,
        date=date or today,
        reason=reason,
        consent=True,
        consent_date=today,
        consent_recorded_by=user,
    )
    audit(request, LogType.CHANGE, "cases.referral.create", obj=case, user=user)
    return referral


def purge_identifiers(dry_run: bool = False, now: dt.datetime | None = None) -> dict[str, Any]:
    """Remove identifiers of cases older than their source's retention period; log per source."""
    now = now or timezone.now()
    by_source: dict[str, int] = {}
    total = 0
    for source in Source.objects.all():
        cutoff = now - dt.timedelta(days=source.retention_days)
        due = CaseRecord.objects.filter(source=source, created_at__lt=cutoff).exclude(vault="")
        count = due.count()
        if not count:
            continue
        by_source[source.name] = count
        total += count
        if not dry_run:
            with transaction.atomic():
                due.update(vault="", name_index="", identifiers_purged_at=now)
                audit(
                    None,
                    LogType.CHANGE,
                    "cases.identifiers.purge",
                    obj=source,
                    metadata={"cases": count, "cutoff": cutoff.isoformat()},
                )
    return {
        "dry_run": dry_run,
        "purged": 0 if dry_run else total,
        "due": total,
        "by_source": by_source,
    }


def rotate_keys(batch_size: int = 1000, dry_run: bool = False) -> dict[str, Any]:
    """Re-encrypt every vault token under the first configured key (MultiFernet.rotate)."""
    box = vault.fernet()
    rotated = 0
    ids = CaseRecord.objects.exclude(vault="").order_by("pk").values_list("pk", flat=True)
    pending = list(ids)
    for start in range(0, len(pending), batch_size):
        with transaction.atomic():
            rows = list(
                CaseRecord.objects.select_for_update()
                .filter(pk__in=pending[start : start + batch_size])
                .only("pk", "vault")
            )
            for row in rows:
                row.vault = vault.rotate(row.vault, box)
            if not dry_run:
                CaseRecord.objects.bulk_update(rows, ["vault"])
            rotated += len(rows)
    if not dry_run:
        audit(
            None,
            LogType.CHANGE,
            "cases.keys.rotate",
            object_type="cases.CaseRecord",
            metadata={"rotated": rotated, "keys": len(vault.configured_keys())},
        )
    return {"dry_run": dry_run, "rotated": rotated, "keys": len(vault.configured_keys())}
