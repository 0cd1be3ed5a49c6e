"""Case records: sources, victims keyed by pseudonymous ids, linked information, imports.

Storage decision (docs/adr/0005-case-field-groups.md): the HTCDS variables that statistics and the
public export use are typed, indexed columns; every other non-identifying HTCDS field is kept in
``extra`` (JSON, field name -> text as validated); direct identifiers live only in ``vault`` (one
Fernet token of a JSON object, see vault.py) and never in a plain column.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation


def new_pid() -> str:
    return uuid.uuid4().hex


class Source(models.Model):
    """An agency's data stream (a police register, an NGO's case files), owned by an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Identifiers older than this (from the case's registration in Palermo) are purged.
    retention_days = models.PositiveIntegerField(_("retention of identifiers (days)"), default=3650)
    # A saved mapping: source column -> HTCDS field ("" = leave out on purpose).
    mapping = models.JSONField(_("saved column mapping"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    VALIDATING = "validating", _("Validating")
    INVALID = "invalid", _("Rejected: problems found")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    DUPLICATE = "duplicate", _("Already imported")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One file sent to a source: its hash, its validation report and what the import did."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default="pending")
    dry_run = models.BooleanField(default=False)
    scheme = models.CharField(max_length=16, blank=True)
    rows = models.IntegerField(default=0)
    created = models.IntegerField(default=0)
    unchanged = models.IntegerField(default=0)
    problem_count = models.IntegerField(default=0)
    # Every problem (row, column, field, value, rule, message), capped by PALERMO_IMPORT_MAX_PROBLEMS.
    report = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.filename} ({self.status})"


class CaseStatus(models.TextChoices):
    """HTCDS cas_Status."""

    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow-up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed (referred)")


class CaseRecord(models.Model):
    """One victim as one source recorded them; ``pid`` is the pseudonymous id used everywhere."""

    pid = models.CharField(max_length=32, unique=True, default=new_pid, editable=False)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="cases")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    # Natural key within the source: HMAC of the source's record id, or of the row's content and
    # its occurrence number (CTDC rows have no id and repeat), so a re-import inserts nothing.
    record_key = models.CharField(max_length=64, default=new_pid)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default="Active")
    # Published / statistical variables (HTCDS name in the comment); "" = not recorded.
    gender = models.CharField(max_length=24, blank=True, db_index=True)  # prs_Gender
    age_band = models.CharField(max_length=8, blank=True, db_index=True)  # ext_AgeBand
    majority = models.CharField(max_length=8, blank=True)  # ext_MajorityStatus
    citizenship = models.CharField(max_length=2, blank=True, db_index=True)  # first prs_Citizenship
    citizenship_all = models.CharField(max_length=64, blank=True)  # prs_Citizenship
    citizenship_region = models.CharField(max_length=64, blank=True)  # ext_CitizenshipRegion
    exploitation_country = models.CharField(max_length=2, blank=True, db_index=True)
    exploitation_region = models.CharField(max_length=64, blank=True)  # ext_ExploitationRegion
    year = models.IntegerField(null=True, blank=True, db_index=True)  # ext_YearOfRegistration
    year_text = models.CharField(max_length=9, blank=True)  # as recorded ("2016-2018" in VP)
    exploitation_types = models.CharField(max_length=255, blank=True)  # vic_TypeOfExploitation
    forced_labour = models.BooleanField(null=True)
    sexual_exploitation = models.BooleanField(null=True)
    labour_sectors = models.CharField(max_length=255, blank=True)  # vic_ForcedLabourIndustry
    sex_exploitation_types = models.CharField(max_length=128, blank=True)
    means_of_control = models.CharField(max_length=512, blank=True)  # vic_MethodsOfControl
    recruitment = models.CharField(max_length=255, blank=True)  # vic_MethodOfRecruitment
    trafficker_relation = models.CharField(max_length=16, blank=True)
    trafficking_status = models.CharField(max_length=32, blank=True)  # vic_TraffickingStatus
    # Every other non-identifying HTCDS field, as validated text.
    extra = models.JSONField(default=dict, blank=True)
    # Direct identifiers: a Fernet token (MultiFernet) of a JSON object; "" = none or purged.
    vault = models.TextField(blank=True, default="")
    # Keyed HMAC of the normalised full name, for exact-match lookups without decrypting.
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    identifiers_purged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "record_key"], name="case_natural_key")
        ]

    def __str__(self) -> str:
        return f"case {self.pid[:8]}"


class Exploitation(models.Model):
    """One episode of exploitation: type, sector, country, dates."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="exploitations")
    kind = models.CharField(max_length=48)  # vic_TypeOfExploitation value
    sector = models.CharField(max_length=64, blank=True)  # vic_ForcedLabourIndustry value
    country = models.CharField(max_length=2, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.country}".strip()


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL = "legal", _("Legal assistance")
    INTERPRETATION = "interpretation", _("Interpretation")
    RETURN = "return", _("Return")
    REINTEGRATION = "reintegration", _("Reintegration")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")


class Service(models.Model):
    """A service provided to a victim, by an organisation, on a date."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(max_length=24, choices=ServiceKind.choices)
    provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return str(self.kind)


class Referral(models.Model):
    """A referral from one organisation to another; no referral without the victim's consent."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    reason = models.CharField(max_length=32, blank=True)  # cas_ReasonForOutgoingReferral
    consent = models.BooleanField()
    consent_date = models.DateField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"referral {self.from_organisation_id} -> {self.to_organisation_id} on {self.date}"


class StatusChange(models.Model):
    """The history of a case's status: who moved it from what to what, when, and why."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="history")
    old = models.CharField(max_length=16, blank=True)
    new = models.CharField(max_length=16, choices=CaseStatus.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.old} -> {self.new}"


# --- Record linkage in the platform (docs/cases.md, "Record linkage in the platform") ----------


class LinkageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class LinkageRun(models.Model):
    """One linkage run over the cases of a set of organisations (its scope).

    The run's clusters (``PersonLink``) and review pairs (``ReviewPair``) are written in one
    transaction at the end, together with ``is_current``: a run that dies midway leaves the
    previous run of the same scope in force. No clear identifier is stored here.
    """

    # Sorted organisation ids, "3,7": runs with the same scope replace each other.
    scope = models.CharField(max_length=255, db_index=True)
    organisations = models.ManyToManyField(Organisation, related_name="+")
    status = models.CharField(
        max_length=16, choices=LinkageStatus.choices, default=LinkageStatus.PENDING
    )
    phase = models.CharField(max_length=32, blank=True)
    done = models.IntegerField(default=0)
    total = models.IntegerField(default=0)
    heartbeat = models.DateTimeField(null=True, blank=True)
    threshold = models.FloatField(default=0.9)  # the engine's default (LinkageOptions)
    review_low = models.FloatField(default=0.5)
    records = models.IntegerField(default=0)
    persons = models.IntegerField(default=0)
    review_pairs = models.IntegerField(default=0)
    stats = models.JSONField(default=dict, blank=True)
    alerts = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    # The run whose clusters are in force for its scope (at most one per scope).
    is_current = models.BooleanField(default=False, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"linkage run {self.pk} ({self.status})"


class PersonLink(models.Model):
    """A case record's membership of a person (a cluster) in a run.

    ``person`` is the pid of the cluster's record with the smallest ``source::pid``: the same
    person keeps the same id across reruns while their cluster keeps that record.
    """

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="person_links")
    person = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "case"], name="person_link_once")]
        indexes = [models.Index(fields=["run", "person"], name="person_link_person")]

    def __str__(self) -> str:
        return f"{self.case_id} in person {self.person[:8]}"


class ReviewPair(models.Model):
    """A pair of a run scored in the uncertain band, for a human; ``case_l.pk < case_r.pk``."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="review")
    case_l = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="+")
    case_r = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    weight = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-probability", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "case_l", "case_r"], name="review_pair_once")
        ]

    def __str__(self) -> str:
        return f"review {self.case_l_id}-{self.case_r_id} ({self.probability:.2f})"


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Same person")
    REJECT = "reject", _("Different persons")


class MatchDecision(models.Model):
    """A reviewer's verdict on a pair of records, kept across runs and applied to every run:
    a rejected pair is never merged, an accepted pair always is (rejection wins a conflict)."""

    case_l = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="+")
    case_r = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    probability = models.FloatField(null=True, blank=True)  # the score when it was decided
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case_l", "case_r"], name="match_decision_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_l_id}-{self.case_r_id}: {self.decision}"
