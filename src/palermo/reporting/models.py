"""Reporting rounds: questionnaires (stored copies of the shipped files), rounds, invitations,
submissions with their answers, and attachments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation
from palermo.reporting import questionnaires


class Questionnaire(models.Model):
    """One version of a questionnaire. The definition is a copy of the validated file, so a round
    keeps the exact questions it was opened with even after a new version ships."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    title = models.JSONField(_("title"), default=dict)
    definition = models.JSONField(_("definition"), default=dict)
    checksum = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_questionnaire_version")
        ]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return f"{self.name()} (v{self.version})"

    def name(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en")[:2]
        return self.title.get(lang) or self.title.get("en") or self.code

    def parsed(self) -> questionnaires.Questionnaire:
        return questionnaires.parse(self.definition, f"{self.code} v{self.version}")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    """A data collection: a questionnaire sent to invited respondents for a period, by a deadline."""

    code = models.SlugField(_("code"), max_length=64, unique=True, help_text="e.g. 'a-74-127'")
    name = models.CharField(_("name"), max_length=255)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="rounds"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("previous round"),
        help_text="answers are compared with this round's accepted answers",
    )
    change_factor = models.FloatField(
        _("change factor"),
        default=3.0,
        help_text="flag a figure that is more than this many times, or less than 1/this, the previous round's",
    )
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "code"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")

    def __str__(self) -> str:
        return self.name

    def years(self) -> list[int]:
        """The year columns of the round's number tables (never past the deadline's year)."""
        end = min(self.period_end.year, self.deadline.year)
        return questionnaires.table_years(self.period_start.year, end)


class Invitation(models.Model):
    """An organisation asked to answer a round (a State authority or a UN entity)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reporting_invitations"
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    reminders_sent = models.PositiveIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="unique_invitation")
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.round.code}: {self.organisation}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


# A submission the respondent may still edit.
EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
# A submission that counts as an answer to the round.
RESPONDED = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)


class Submission(models.Model):
    """One organisation's answers to one round: a draft until submitted, then reviewed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reporting_submissions"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    # {question id: value}; number tables: {"row/…/year": int | "<5" | "unknown"}.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # Warnings found at the last save (changes beyond the factor...), shown to respondent and reviewer.
    flags = models.JSONField(default=list, blank=True)
    via = models.CharField(max_length=8, blank=True, help_text="web, xlsx, api or demo")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="unique_submission")
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.round.code}: {self.organisation} ({self.status})"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "round": self.round_id,
            "organisation": self.organisation_id,
            "status": self.status,
            "answers": self.answers,
            "flags": self.flags,
            "via": self.via,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "review_comment": self.review_comment,
            "attachments": [
                {"id": a.pk, "question": a.question, "filename": a.filename, "size": a.size}
                for a in self.attachments.all()
            ],
        }


class Attachment(models.Model):
    """A file attached to an answer. Kept in the database: files are small and few, and this keeps
    them inside the same backups and the same access scope as the answers."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    question = models.CharField(max_length=64)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "question", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename
