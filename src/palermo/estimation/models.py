"""An estimation run: the capture table it was given, its settings, its results and diagnostics."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation


class Method(models.TextChoices):
    STEPWISE = "stepwise", _("Stepwise (SparseMSE)")
    MAIN = "main", _("Main effects only")
    FIXED = "fixed", _("Fixed model")
    AIC = "aic", _("AIC search")
    BIC = "bic", _("BIC search")


class IntervalKind(models.TextChoices):
    CONDITIONAL = "conditional", _("Model-conditional")
    PERCENTILE = "percentile", _("Bootstrap percentile")
    BCA = "bca", _("Bootstrap BCa")


class Status(models.TextChoices):
    OK = "ok", _("Estimated")
    NOT_ESTIMABLE = "not_estimable", _("Not estimable")
    FAILED = "failed", _("Failed")


class Sex(models.TextChoices):
    TOTAL = "total", _("Both sexes")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Exploitation(models.TextChoices):
    ALL = "all", _("All forms")
    SEXUAL = "sexual_exploitation", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    OTHER = "other", _("Other forms")


class EstimationRun(models.Model):
    """One Multiple Systems Estimation, kept with everything needed to reproduce and audit it."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="estimation_runs"
    )
    # SET_NULL: a run (a published figure) outlives the account of whoever ran it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="estimation_runs",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source_filename = models.CharField(_("uploaded file"), max_length=255, blank=True)

    # Input: list names in file order and the capture table as [{"pattern": "101", "count": n}].
    lists = models.JSONField(_("lists"), default=list)
    table = models.JSONField(_("capture table"), default=list)

    # What the run describes (SDG 16.2.2 disaggregation).
    country_iso3 = models.CharField(_("country (ISO3)"), max_length=3, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.TOTAL)
    age_group = models.CharField(
        _("age group"),
        max_length=16,
        default="total",
        help_text=_(
            "'total', 'children' (0-17), 'adults' (18+), or a range such as '18-24', '60+'"
        ),
    )
    exploitation = models.CharField(
        _("form of exploitation"), max_length=24, choices=Exploitation.choices, default="all"
    )

    # Settings.
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    threshold = models.FloatField(_("p-value threshold"), default=0.02)
    terms = models.JSONField(_("fixed terms"), default=list, blank=True)
    bootstrap = models.PositiveIntegerField(_("bootstrap replicates"), default=0)
    ci_kind = models.CharField(
        _("interval"), max_length=12, choices=IntervalKind.choices, default="conditional"
    )
    seed = models.BigIntegerField(_("seed"), null=True, blank=True)
    level = models.FloatField(_("confidence level"), default=0.95)

    # Results.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    observed = models.PositiveIntegerField(_("observed"), null=True, blank=True)
    estimate = models.FloatField(_("estimate"), null=True, blank=True)
    dark_figure = models.FloatField(_("dark figure"), null=True, blank=True)
    ci_low = models.FloatField(null=True, blank=True)
    ci_high = models.FloatField(null=True, blank=True)
    ci_method = models.CharField(max_length=12, blank=True)
    conditional_low = models.FloatField(null=True, blank=True)
    conditional_high = models.FloatField(null=True, blank=True)
    model_terms = models.JSONField(_("model terms"), default=list)
    exists = models.BooleanField(null=True)
    identifiable = models.BooleanField(null=True)
    # SparseMSE's checkident code: 0 fine, 1 no MLE, 2 not identifiable, 3 both.
    check_code = models.PositiveSmallIntegerField(null=True, blank=True)
    deviance = models.FloatField(null=True, blank=True)
    aic = models.FloatField(null=True, blank=True)
    bic = models.FloatField(null=True, blank=True)
    # patterns (observed vs fitted), steps, sensitivity, empty_overlaps, bootstrap summary.
    diagnostics = models.JSONField(_("diagnostics"), default=dict)
    second_estimate = models.FloatField(null=True, blank=True)
    second = models.JSONField(_("second estimator"), default=dict)
    estimators_disagree = models.BooleanField(null=True)
    # SDG 16.2.2: the population used and the rates per 100,000, frozen at run time.
    sdg = models.JSONField(_("SDG 16.2.2"), default=dict)
    seconds = models.FloatField(_("run time (s)"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("estimation run")
        verbose_name_plural = _("estimation runs")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def ci(self) -> list[float] | None:
        if self.ci_low is None or self.ci_high is None:
            return None
        return [self.ci_low, self.ci_high]

    def as_dict(self) -> dict[str, Any]:
        """The whole run as JSON-ready data: what the API and the JSON export return."""
        return {
            "id": self.pk,
            "name": self.name,
            "organisation": self.organisation_id,
            "created_by": getattr(self.created_by, "username", None),
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "source_filename": self.source_filename,
            "lists": self.lists,
            "table": self.table,
            "tags": {
                "country_iso3": self.country_iso3,
                "year": self.year,
                "sex": self.sex,
                "age_group": self.age_group,
                "exploitation": self.exploitation,
            },
            "settings": {
                "method": self.method,
                "threshold": self.threshold,
                "terms": self.terms,
                "bootstrap": self.bootstrap,
                "ci": self.ci_kind,
                "seed": self.seed,
                "level": self.level,
            },
            "status": self.status,
            "error": self.error,
            "observed": self.observed,
            "estimate": self.estimate,
            "dark_figure": self.dark_figure,
            "ci": self.ci,
            "ci_method": self.ci_method,
            "conditional_ci": (
                None
                if self.conditional_low is None
                else [self.conditional_low, self.conditional_high]
            ),
            "model": self.model_terms,
            "exists": self.exists,
            "identifiable": self.identifiable,
            "check_code": self.check_code,
            "deviance": self.deviance,
            "aic": self.aic,
            "bic": self.bic,
            "diagnostics": self.diagnostics,
            "second_estimator": self.second or None,
            "estimators_disagree": self.estimators_disagree,
            "sdg_16_2_2": self.sdg or None,
            "seconds": self.seconds,
        }
