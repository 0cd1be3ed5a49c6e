"""Narrative blocks of the report: text the secretariat writes on the web, versioned and reviewed.

A block is one place in the report (``key``, e.g. "measures.legislation") in one language. Each
edit makes a new version (never an update in place), which goes draft -> submitted -> approved or
rejected. The report merges, at each place, the latest *approved* version with the generated parts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NarrativeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class NarrativeBlock(models.Model):
    """A place in the report where the secretariat's text goes, in one language."""

    key = models.CharField(_("place in the report"), max_length=64)
    lang = models.CharField(_("language"), max_length=2)

    class Meta:
        ordering = ["key", "lang"]
        constraints = [
            models.UniqueConstraint(fields=["key", "lang"], name="unique_narrative_block")
        ]
        verbose_name = _("narrative block")
        verbose_name_plural = _("narrative blocks")

    def __str__(self) -> str:
        return f"{self.key} ({self.lang})"

    def approved(self) -> NarrativeVersion | None:
        return self.versions.filter(status=NarrativeStatus.APPROVED).order_by("-number").first()

    def latest(self) -> NarrativeVersion | None:
        return self.versions.order_by("-number").first()


class NarrativeVersion(models.Model):
    """One version of a block's text, with who wrote it and who reviewed it."""

    block = models.ForeignKey(NarrativeBlock, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), help_text=_("Paragraphs separated by a blank line."))
    status = models.CharField(
        _("status"), max_length=12, choices=NarrativeStatus.choices, default=NarrativeStatus.DRAFT
    )
    # SET_NULL: a published text outlives the accounts of its author and reviewer.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        ordering = ["block", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["block", "number"], name="unique_narrative_version")
        ]
        verbose_name = _("narrative version")
        verbose_name_plural = _("narrative versions")

    def __str__(self) -> str:
        return f"{self.block} v{self.number} ({self.status})"

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]
