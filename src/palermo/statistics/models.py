"""The statistics store: GLOTIP-style releases and their observations in long format, versioned by release."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.statistics.engine import PSEUDO_COUNTRIES

__all__ = [
    "PSEUDO_COUNTRIES",
    "Observation",
    "Release",
    "SubmissionObservation",
    "SubmissionSync",
]


class Release(models.Model):
    """One release of a source (the UNODC GLOTIP portal export of a date, or accepted submissions)."""

    date = models.DateField(_("release date"), unique=True)
    source = models.CharField(_("source"), max_length=120, default="UNODC GLOTIP")
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("release")

    def __str__(self) -> str:
        return f"{self.source} {self.date.isoformat()}"


class Observation(models.Model):
    """One figure (long format). A row is valid from its release until a later release changes it.

    ``value`` is None when the published text is ``<5`` (a count from 0 to 4, zeros included);
    ``text`` keeps what the source printed. ``seq`` numbers lines that share a key in one release
    (GLOTIP repeats "Other forms of exploitation" for unnamed sub-forms, and some sex totals).
    """

    iso3 = models.CharField(max_length=16, db_index=True)
    country = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=60, blank=True)
    subregion = models.CharField(max_length=60, blank=True)
    indicator = models.CharField(max_length=60)
    dimension = models.CharField(max_length=60)
    category = models.CharField(max_length=255, blank=True)
    sex = models.CharField(max_length=16)
    age = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField(db_index=True)
    seq = models.PositiveSmallIntegerField(default=0)
    value = models.FloatField(null=True, blank=True)
    under5 = models.BooleanField(default=False)
    text = models.CharField(max_length=32)
    valid_from = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="+")
    valid_to = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "iso3",
                    "indicator",
                    "dimension",
                    "category",
                    "sex",
                    "age",
                    "year",
                    "seq",
                    "valid_from",
                ],
                name="statistics_observation_version",
            )
        ]
        indexes = [models.Index(fields=["valid_to", "indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.iso3} {self.indicator} {self.year} {self.text}"


class SubmissionSync(models.Model):
    """The accepted answers of one questionnaire as last copied into the store (statistics pulls:
    reporting never calls statistics). ``fingerprint`` tells whether anything changed since."""

    questionnaire = models.CharField(_("questionnaire"), max_length=64, unique=True)
    fingerprint = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    rounds = models.JSONField(default=list)
    report = models.JSONField(default=dict)
    synced_at = models.DateTimeField(_("synced at"), auto_now=True)

    class Meta:
        verbose_name = _("submissions sync")

    def __str__(self) -> str:
        return f"submissions to {self.questionnaire} ({self.rows} lines)"


class SubmissionObservation(models.Model):
    """One figure from an accepted submission, in the GLOTIP long format (mapping as data:
    ``data/submission_mapping.csv``); ``source_key`` says which question and cell it came from."""

    sync = models.ForeignKey(SubmissionSync, on_delete=models.CASCADE, related_name="lines")
    round = models.CharField(max_length=64, db_index=True)
    round_order = models.PositiveSmallIntegerField(default=0)
    iso3 = models.CharField(max_length=16)
    country = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=60, blank=True)
    subregion = models.CharField(max_length=60, blank=True)
    indicator = models.CharField(max_length=60)
    dimension = models.CharField(max_length=60)
    category = models.CharField(max_length=255, blank=True)
    sex = models.CharField(max_length=16)
    age = models.CharField(max_length=24)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveSmallIntegerField(default=0)
    value = models.FloatField(null=True, blank=True)
    under5 = models.BooleanField(default=False)
    text = models.CharField(max_length=32)
    source_key = models.CharField(max_length=160)

    def __str__(self) -> str:
        return f"{self.round} {self.iso3} {self.indicator} {self.year} {self.text}"
