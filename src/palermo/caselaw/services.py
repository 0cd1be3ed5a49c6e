"""Every write to the case law: decisions (bulk, with tags and parties), review, documents, alerts.

Each write keeps the full-text index in step (palermo.caselaw.index) inside the same transaction
and leaves an audit row (palermo.accounts.events.audit).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.caselaw import bulk, extract, index, queries
from palermo.caselaw.models import (
    AlertSent,
    Decision,
    DecisionTag,
    Document,
    Party,
    SavedSearch,
    Status,
)

SCALARS = (
    "title", "country_id", "jurisdiction", "court", "court_level", "date", "year",
    "docket_number", "legal_system", "procedural_history", "charges", "verdict", "sentences",
    "language", "summaries", "full_text", "source", "source_url", "status",
)  # fmt: skip
# From this many new decisions, an import pauses the cyclic GC and merges the GIN pending list.
BULK = 500
PARTY_FIELDS = ("role", "designation", "sex", "age_group", "nationality_id", "count")
TRANSITIONS = {
    Status.DRAFT: {Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.PUBLISHED, Status.DRAFT},
    Status.PUBLISHED: {Status.DRAFT},
}


def record_of(decision: Decision) -> dict[str, Any]:
    """A decision as a normalised record, the form write_records takes (to compare for updates)."""
    rec: dict[str, Any] = {"ref": decision.ref}
    rec.update({f: getattr(decision, f) for f in SCALARS})
    rec["appeal_of"] = decision.appeal_of.ref if decision.appeal_of_id else ""  # type: ignore[union-attr]
    rec["tags"] = sorted((t.kind, t.code) for t in decision.tags.all())
    rec["parties"] = sorted(
        tuple(getattr(p, f) for f in PARTY_FIELDS) for p in decision.parties.all()
    )
    return rec


@contextmanager
def _no_gc(pause: bool) -> Iterator[None]:
    """Pause Python's cyclic garbage collector during a bulk insert.

    Inserting 2,000 decisions allocates hundreds of thousands of containers (model instances, stem
    lists, rows), none of them in a cycle; the collector ran hundreds of times for nothing, a tenth
    of the import's client time in the benchmark. Reference counting still frees everything.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _normal(rec: dict[str, Any]) -> dict[str, Any]:
    out = dict(rec)
    out["tags"] = sorted(tuple(t) for t in rec.get("tags", []))
    out["parties"] = sorted(
        p if isinstance(p, tuple) else tuple(p.get(f) for f in PARTY_FIELDS)
        for p in rec.get("parties", [])
    )
    out.setdefault("appeal_of", "")
    return out


@transaction.atomic
def write_records(
    records: Sequence[dict[str, Any]],
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    keep_status: bool = True,
    audit_action: str = "caselaw.decision.import",
    metadata: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Insert or update decisions keyed by ``ref`` (validated records); all or nothing.

    A record equal to the stored decision is left alone (``unchanged``), so a second import of
    the same file writes nothing. ``keep_status``: an update does not unpublish a decision.
    """
    refs = [r["ref"] for r in records]
    existing = {
        d.ref: d
        for d in Decision.objects.filter(ref__in=refs)
        .select_related("appeal_of")
        .prefetch_related("tags", "parties")
    }
    new: list[Decision] = []
    changed: list[Decision] = []
    by_ref: dict[str, dict[str, Any]] = {}
    for rec in records:
        by_ref[rec["ref"]] = rec
        current = existing.get(rec["ref"])
        if current is None:
            new.append(Decision(ref=rec["ref"], created_by=user, **{f: rec[f] for f in SCALARS}))
            continue
        wanted = _normal(rec)
        if keep_status:
            wanted["status"] = current.status
        if _normal(record_of(current)) == wanted:
            continue
        for f in SCALARS:
            setattr(current, f, wanted[f])
        changed.append(current)
    now = timezone.now()
    for d in new + changed:
        if d.status == Status.PUBLISHED and d.published_at is None:
            d.published_at = now
    if new:
        index.bulk_load_settings()
    # New rows in one raw COPY or executemany, with their index entries (stems cached per word).
    with _no_gc(len(new) >= BULK):
        bulk.insert_decisions(new)
    if len(new) >= BULK:
        index.merge_pending()
    if changed:
        Decision.objects.bulk_update(changed, [*SCALARS, "published_at"], batch_size=500)
        DecisionTag.objects.filter(decision__in=changed).delete()
        Party.objects.filter(decision__in=changed).delete()
        index.index_decisions(changed)
    touched = new + changed
    if any(by_ref[d.ref].get("appeal_of") for d in touched):
        _link_appeals(touched, by_ref)
    tags, parties = [], []
    for d in touched:
        rec = by_ref[d.ref]
        tags += [DecisionTag(decision=d, kind=k, code=c) for k, c in set(map(tuple, rec["tags"]))]
        parties += [Party(decision=d, **p) for p in rec["parties"]]
    bulk.insert(tags)
    bulk.insert(parties)
    counts = {"read": len(records), "inserted": len(new), "updated": len(changed)}
    counts["unchanged"] = counts["read"] - counts["inserted"] - counts["updated"]
    if touched:
        audit(
            request,
            LogType.CHANGE,
            audit_action,
            object_type="caselaw.Decision",
            user=user,
            metadata={**counts, **(metadata or {})},
        )
    return counts


def _link_appeals(decisions: list[Decision], by_ref: dict[str, dict[str, Any]]) -> None:
    wanted = {by_ref[d.ref]["appeal_of"] for d in decisions} - {""}
    targets = dict(Decision.objects.filter(ref__in=wanted).values_list("ref", "id"))
    for d in decisions:
        ref = by_ref[d.ref].get("appeal_of") or ""
        d.appeal_of_id = targets.get(ref)
    Decision.objects.bulk_update(decisions, ["appeal_of"], batch_size=500)


def save_decision(
    request: HttpRequest | None, user: Any, record: dict[str, Any], decision: Decision | None
) -> Decision:
    """Create or update one decision from the editor form or the API (status stays as it is)."""
    if not queries.is_editor(user):
        raise PermissionDenied("only case-law editors may write decisions")
    if decision is not None:
        record = {**record, "ref": decision.ref, "status": decision.status}
    write_records(
        [record],
        request=request,
        user=user,
        audit_action="caselaw.decision.update" if decision else "caselaw.decision.create",
    )
    return Decision.objects.get(ref=record["ref"])


@transaction.atomic
def set_status(request: HttpRequest | None, user: Any, decision: Decision, status: str) -> None:
    """Move a decision through draft -> in review -> published (or back to draft)."""
    if not queries.is_editor(user):
        raise PermissionDenied("only case-law editors may review decisions")
    if status not in TRANSITIONS.get(Status(decision.status), set()):
        raise ValidationError({"status": f"cannot go from {decision.status} to {status}"})
    old = decision.status
    decision.status = status
    decision.published_at = timezone.now() if status == Status.PUBLISHED else None
    decision.save(update_fields=["status", "published_at", "updated_at"])
    audit(
        request,
        LogType.CHANGE,
        "caselaw.decision.update",
        obj=decision,
        user=user,
        metadata={"status": [old, status]},
    )


@transaction.atomic
def delete_decision(request: HttpRequest | None, user: Any, decision: Decision) -> None:
    if not queries.is_editor(user):
        raise PermissionDenied("only case-law editors may delete decisions")
    audit(request, LogType.CHANGE, "caselaw.decision.delete", obj=decision, user=user)
    pk = decision.pk
    decision.delete()
    index.unindex([pk])


@transaction.atomic
def add_document(
    request: HttpRequest | None, user: Any, decision: Decision, name: str, content: bytes
) -> Document:
    """Attach a full-text file, extract its text into the decision and re-index it."""
    if not queries.is_editor(user):
        raise PermissionDenied("only case-law editors may attach documents")
    kind, text = extract.extract_text(name, content)
    document = Document(decision=decision, kind=kind, language=decision.language, text=text)
    document.file.save(name, ContentFile(content), save=True)
    decision.full_text = "\n\n".join(d.text for d in decision.documents.all())
    decision.save(update_fields=["full_text", "updated_at"])
    index.index_decisions([decision])
    audit(request, LogType.CHANGE, "caselaw.document.create", obj=document, user=user)
    return document


@transaction.atomic
def save_search(
    user: Any, name: str, query: str, filters: dict[str, Any], email: str = ""
) -> SavedSearch:
    """Keep a search; what already matches counts as seen, so alerts bring only new decisions."""
    saved = SavedSearch.objects.create(
        user=user, name=name[:200], query=query[:500], filters=filters, email=email or user.email
    )
    ids = queries.matching_ids(query, filters)
    AlertSent.objects.bulk_create([AlertSent(saved_search=saved, decision_id=i) for i in ids])
    audit(None, LogType.CHANGE, "caselaw.savedsearch.create", obj=saved, user=user)
    return saved


def send_alerts() -> dict[str, int]:
    """Mail each saved search's new published matches, once each. Returns counts."""
    sent = matches = 0
    for saved in SavedSearch.objects.select_related("user").order_by("id"):
        seen = set(saved.seen.values_list("decision_id", flat=True))
        fresh = [i for i in queries.matching_ids(saved.query, saved.filters) if i not in seen]
        if not fresh:
            continue
        titles = list(Decision.objects.filter(id__in=fresh).order_by("id").values("id", "title"))
        lines = [f"- {t['title']} (/caselaw/decision/{t['id']}/)" for t in titles]
        with transaction.atomic():
            # Record first: a failed mail rolls back, so the match is offered again next run.
            AlertSent.objects.bulk_create(
                [AlertSent(saved_search=saved, decision_id=i) for i in fresh]
            )
            send_mail(
                subject=f"[Palermo] {len(fresh)} new decision(s) for '{saved.name}'",
                message="New decisions match your saved search:\n\n" + "\n".join(lines),
                from_email=None,
                recipient_list=[saved.email],
            )
            saved.last_alert_at = timezone.now()
            saved.save(update_fields=["last_alert_at"])
        sent += 1
        matches += len(fresh)
    return {"mails": sent, "matches": matches}
