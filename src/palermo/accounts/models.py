"""Organisations, users, their roles in organisations, and the one audit log table."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    STATE = "state", _("State authority")
    UN = "un", _("UN entity")
    IGO = "igo", _("Other intergovernmental organisation")
    NGO = "ngo", _("Non-governmental organisation")
    DONOR = "donor", _("Donor")
    PRIVATE = "private", _("Private sector")


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    SECRETARIAT_ANALYST = "secretariat_analyst", _("Secretariat analyst")
    NATIONAL_FOCAL_POINT = "national_focal_point", _("National focal point")
    CASE_WORKER = "case_worker", _("Case worker")
    FUND_OFFICER = "fund_officer", _("Fund officer")
    REVIEWER = "reviewer", _("Reviewer")
    READ_ONLY = "read_only", _("Read-only")


class Organisation(models.Model):
    """A State authority, UN entity, NGO, donor... Users act on behalf of one or more of them."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    # ISO 3166-1 alpha-3; a plain code because accounts sits below the reference floor.
    country_iso3 = models.CharField(_("country (ISO3)"), max_length=3, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships, not from this row."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    organisations = models.ManyToManyField(
        Organisation, through="Membership", related_name="users", blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several roles in several organisations."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} @ {self.organisation}"


class LogType(models.TextChoices):
    AUTH = "auth", _("Authentication")
    ACCESS = "access", _("Access")
    CHANGE = "change", _("Change")
    EXPORT = "export", _("Export")


class AuditLog(models.Model):
    """One row per event: who, what, when, from where. Written by explicit calls (see events.py).

    Rows are never updated; they are deleted only by the retention purge.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    log_type = models.CharField(max_length=8, choices=LogType.choices, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the row still says who it was after the user is deleted.
    username = models.CharField(max_length=150, blank=True, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    path = models.CharField(max_length=255, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"])]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.object_type}:{self.object_id}"
