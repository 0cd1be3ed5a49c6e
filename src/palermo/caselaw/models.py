"""Court decisions on trafficking in persons, their parties, tags, documents and saved searches."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.reference.models import Country


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class CourtLevel(models.TextChoices):
    FIRST = "first_instance", _("First instance")
    APPEAL = "appeal", _("Appeal")
    SUPREME = "supreme", _("Supreme or constitutional court")
    INTERNATIONAL = "international", _("International or regional court")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Unknown")


class LegalSystem(models.TextChoices):
    COMMON = "common_law", _("Common law")
    CIVIL = "civil_law", _("Civil law")
    ISLAMIC = "islamic_law", _("Islamic law")
    MIXED = "mixed", _("Mixed")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Unknown")


class Verdict(models.TextChoices):
    CONVICTION = "conviction", _("Conviction")
    PARTIAL = "partial_conviction", _("Partial conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    DISMISSED = "dismissed", _("Dismissed")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Unknown")


class Source(models.TextChoices):
    SHERLOC_INDEX = "sherloc_index", _("SHERLOC index")
    IMPORT = "import", _("Imported file")
    EDITOR = "editor", _("Editor")
    DEMO = "demo", _("Demo")


class TsVectorField(SearchVectorField):
    """A PostgreSQL ``tsvector`` column (plain text, unused, on SQLite where FTS5 does the job).

    A SearchVectorField, so that ``filter(search_vector=SearchQuery(...))`` means ``@@``.
    """

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class Decision(models.Model):
    """One court decision: SHERLOC's fields, with the Protocol's acts, means and purposes as tags."""

    ref = models.CharField(_("reference"), max_length=255, unique=True, help_text="stable key")
    title = models.CharField(_("title"), max_length=500)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=64, blank=True, help_text="when no country: e.g. ECtHR"
    )
    court = models.CharField(_("court"), max_length=255, blank=True)
    court_level = models.CharField(
        _("court level"), max_length=16, choices=CourtLevel.choices, blank=True, default=""
    )
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    docket_number = models.CharField(_("docket number"), max_length=128, blank=True)
    legal_system = models.CharField(
        _("legal system"), max_length=16, choices=LegalSystem.choices, blank=True, default=""
    )
    procedural_history = models.TextField(_("procedural history"), blank=True)
    appeal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="appeals"
    )
    charges = models.TextField(_("charges"), blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=20, choices=Verdict.choices, blank=True, default=""
    )
    sentences = models.TextField(_("sentences"), blank=True)
    language = models.CharField(_("language of the decision"), max_length=8, default="en")
    summaries = models.JSONField(_("summaries"), default=dict, blank=True, help_text="{lang: text}")
    full_text = models.TextField(_("full text"), blank=True, help_text="extracted from documents")
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.EDITOR)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # PostgreSQL only: the weighted, pre-stemmed document (services.index keeps it in sync).
    search_vector = TsVectorField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["status", "country", "year"], name="caselaw_facet_idx")]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.title

    def summary(self, language: str = "en") -> str:
        return self.summaries.get(language) or next(iter(self.summaries.values()), "")


class TagKind(models.TextChoices):
    ACT = "act", _("Act")
    MEANS = "means", _("Means")
    PURPOSE = "purpose", _("Purpose")
    FORM = "form", _("Form of exploitation")
    SECTOR = "sector", _("Economic sector")
    KEYWORD = "keyword", _("Keyword")


class DecisionTag(models.Model):
    """A term of the taxonomy (data/taxonomy.json) attached to a decision; one table for facets."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=8, choices=TagKind.choices)
    code = models.CharField(max_length=48)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "kind", "code"], name="unique_caselaw_tag")
        ]
        indexes = [models.Index(fields=["kind", "code"], name="caselaw_tag_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"


class PartyRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    DEFENDANT = "defendant", _("Defendant")


class PartySex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child (under 18)")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Unknown")


class Party(models.Model):
    """A group of victims or defendants of one sex, age group and nationality.

    Victims are designated only by initials or a pseudonym (services.check_designation).
    """

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=10, choices=PartyRole.choices)
    designation = models.CharField(
        _("initials or pseudonym"), max_length=64, blank=True, help_text="never a full name"
    )
    sex = models.CharField(max_length=8, choices=PartySex.choices, default=PartySex.UNKNOWN)
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN)
    nationality = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["role", "sex"], name="caselaw_party_idx")]

    def __str__(self) -> str:
        return f"{self.count} {self.role} {self.designation}".strip()


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    HTML = "html", "HTML"
    TEXT = "text", _("Text")


class Document(models.Model):
    """The full text of a decision as a file, with the text extracted from it."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="caselaw/%Y/")
    kind = models.CharField(max_length=8, choices=DocumentKind.choices)
    language = models.CharField(max_length=8, default="en")
    text = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.file.name


class SavedSearch(models.Model):
    """A search a user keeps; `palermo caselaw alerts` mails each new published match once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caselaw_searches"
    )
    name = models.CharField(max_length=200)
    query = models.CharField(max_length=500, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    last_alert_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class AlertSent(models.Model):
    """A decision already reported (or already matching when saved) for a saved search."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="seen")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "decision"], name="unique_alert_sent")
        ]

    def __str__(self) -> str:
        return f"{self.saved_search_id} -> {self.decision_id}"
