"""Writes of the publishing app: narrative versions and their review. Every write is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.publishing import queries
from palermo.publishing.grammar import LANGS
from palermo.publishing.models import NarrativeBlock, NarrativeStatus, NarrativeVersion

MAX_TEXT = 20_000


def save_version(
    request: HttpRequest | None, user: Any, key: str, lang: str, text: str, submit: bool = False
) -> NarrativeVersion:
    """A new version of the block ``key``/``lang`` (draft, or submitted for review)."""
    if not queries.can_edit(user):
        raise PermissionDenied
    if key not in queries.narrative_keys():
        raise ValidationError({"key": f"unknown place in the report: {key!r}"})
    if lang not in LANGS:
        raise ValidationError({"lang": f"unknown language: {lang!r}"})
    text = text.strip()
    if not text:
        raise ValidationError({"text": "the text is empty"})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"the text is longer than {MAX_TEXT} characters"})
    with transaction.atomic():
        block, _ = NarrativeBlock.objects.select_for_update().get_or_create(key=key, lang=lang)
        last = block.versions.aggregate(m=Max("number"))["m"] or 0
        version = NarrativeVersion.objects.create(
            block=block,
            number=last + 1,
            text=text,
            author=user,
            status=NarrativeStatus.SUBMITTED if submit else NarrativeStatus.DRAFT,
        )
    audit(
        request,
        LogType.CHANGE,
        "publishing.narrative.create",
        obj=version,
        user=user,
        metadata={"key": key, "lang": lang, "version": version.number, "status": version.status},
    )
    return version


def submit(request: HttpRequest | None, user: Any, version: NarrativeVersion) -> NarrativeVersion:
    if not queries.can_edit(user):
        raise PermissionDenied
    if version.status != NarrativeStatus.DRAFT:
        raise ValidationError({"status": "only a draft can be submitted"})
    version.status = NarrativeStatus.SUBMITTED
    version.save(update_fields=["status"])
    audit(request, LogType.CHANGE, "publishing.narrative.update", obj=version, user=user,
          metadata={"status": version.status})  # fmt: skip
    return version


def review(
    request: HttpRequest | None,
    user: Any,
    version: NarrativeVersion,
    approve: bool,
    comment: str = "",
) -> NarrativeVersion:
    """Approve or reject a submitted version (platform administrators only)."""
    if not queries.can_approve(user):
        raise PermissionDenied
    if version.status != NarrativeStatus.SUBMITTED:
        raise ValidationError({"status": "only a submitted version can be reviewed"})
    version.status = NarrativeStatus.APPROVED if approve else NarrativeStatus.REJECTED
    version.reviewer = user
    version.reviewed_at = timezone.now()
    version.review_comment = comment.strip()
    version.save(update_fields=["status", "reviewer", "reviewed_at", "review_comment"])
    audit(
        request,
        LogType.CHANGE,
        "publishing.narrative.update",
        obj=version,
        user=user,
        metadata={"status": version.status, "key": version.block.key, "lang": version.block.lang},
    )
    return version
