"""Reads of the publishing app: who may edit or approve narratives, and the approved texts."""

from __future__ import annotations

from typing import Any

from palermo.accounts.models import Role
from palermo.accounts.permissions import has_role
from palermo.publishing.models import NarrativeBlock, NarrativeStatus, NarrativeVersion


def can_edit(user: Any) -> bool:
    return has_role(user, Role.SECRETARIAT_ANALYST, Role.PLATFORM_ADMIN)


def can_approve(user: Any) -> bool:
    return has_role(user, Role.PLATFORM_ADMIN)


def can_preview(user: Any) -> bool:
    """Drafted reports show unpublished narratives: the secretariat and administrators only."""
    return can_edit(user)


def narrative_keys(lang: str | None = None) -> dict[str, str]:
    """{key: label} of every narrative place the registered sections declare, in ``lang``
    (default: the active language)."""
    from django.utils import translation

    from palermo.publishing.sections import registry

    lang = (lang or translation.get_language() or "en")[:2]
    return {
        key: section.narrative_label(key, lang)
        for section in registry()
        for key in section.narratives
    }


def approved_texts(lang: str) -> dict[str, NarrativeVersion]:
    """{key: latest approved version} for ``lang``."""
    out: dict[str, NarrativeVersion] = {}
    versions = NarrativeVersion.objects.filter(
        block__lang=lang, status=NarrativeStatus.APPROVED
    ).select_related("block")
    for version in versions.order_by("block__key", "-number"):
        out.setdefault(version.block.key, version)
    return out


def blocks_with_versions(lang: str) -> list[NarrativeBlock]:
    return list(NarrativeBlock.objects.filter(lang=lang).prefetch_related("versions"))
