"""Trust fund records: donors, money in (pledges, contributions), the call -> grant workflow, money
out (payments), grantee reports and the hash-chained ledger.

The shape follows mature grant systems (CiviCRM's funding framework: programme -> application ->
review -> approval -> drawdown/payment -> proof of use, with reviewers separate from applicants).
Money rows (contributions, payments, ledger entries) are append-only: a mistake is corrected by a
reversal row, never by an update or a delete (refused here, and by database triggers, see
migrations/0002_append_only_triggers.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation
from palermo.reference.models import Country, Region

MONEY = {"max_digits": 16, "decimal_places": 2}
CENT = Decimal("0.01")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a money row: book a reversal instead."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def delete(self) -> Any:
        raise AppendOnlyError(f"{self.model._meta.label} rows are never deleted: book a reversal")

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model._meta.label} rows are never updated: book a reversal")


class AppendOnly(models.Model):
    """Rows written once: saving an existing row or deleting one raises AppendOnlyError."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are never updated: book a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(f"{self._meta.label} rows are never deleted: book a reversal")


# Donors and money in ----------------------------------------------------------------------------
class DonorKind(models.TextChoices):
    STATE = "state", _("Member State")
    PRIVATE = "private", _("Private sector")
    FOUNDATION = "foundation", _("Foundation")
    INDIVIDUAL = "individual", _("Individual")
    OTHER = "other", _("Other (UN entity, intergovernmental...)")


class Donor(models.Model):
    """Who gives. For individuals ``name`` is a public label; who they are is in DonorPersonalData."""

    kind = models.CharField(_("kind"), max_length=16, choices=DonorKind.choices)
    name = models.CharField(_("name"), max_length=255)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="fund_donors"
    )
    is_anonymous = models.BooleanField(_("anonymous in public lists"), default=False)
    is_demo = models.BooleanField(_("demo record"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


class DonorPersonalData(models.Model):
    """An individual donor's identity: fund officers and platform admins only, every read audited."""

    donor = models.OneToOneField(Donor, on_delete=models.PROTECT, related_name="personal")
    full_name = models.CharField(_("full name"), max_length=255)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=64, blank=True)
    address = models.TextField(_("postal address"), blank=True)

    class Meta:
        verbose_name = _("donor personal data")
        verbose_name_plural = _("donor personal data")

    def __str__(self) -> str:
        return f"personal data of donor {self.donor_id}"


class MoneyIn(models.Model):
    """Amount in the donor's currency, the rate used, and the USD figure all totals add up."""

    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3, default="USD")
    usd_rate = models.DecimalField(
        _("USD per unit of currency"), max_digits=18, decimal_places=8, default=Decimal(1)
    )
    rate_date = models.DateField(_("rate date"), null=True, blank=True)
    rate_source = models.CharField(_("rate source"), max_length=128, blank=True)
    amount_usd = models.DecimalField(_("amount (USD)"), **MONEY)

    class Meta:
        abstract = True


class Pledge(MoneyIn):
    """A promise to give; contributions may fulfil it. Pledges are not money: not in the ledger."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="pledges")
    pledged_on = models.DateField(_("pledged on"))
    earmark = models.CharField(_("earmark"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pledged_on", "-id"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self) -> str:
        return f"pledge {self.pk} {self.amount} {self.currency}"


class Contribution(MoneyIn, AppendOnly):
    """Money received. A negative row with ``reverses`` set cancels an earlier one."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="contributions")
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    received_on = models.DateField(_("received on"))
    earmark = models.CharField(_("earmark"), max_length=255, blank=True)
    earmark_call = models.ForeignKey(
        "Call", null=True, blank=True, on_delete=models.PROTECT, related_name="earmarked"
    )
    receipt_number = models.CharField(_("receipt number"), max_length=32, unique=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.amount} {self.currency}"


# Calls, applications, reviews, board ------------------------------------------------------------
class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Call(models.Model):
    """A call for proposals: priorities, who is eligible, the scoring rubric (data), the window."""

    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(max_length=8, choices=CallStatus.choices, default=CallStatus.DRAFT)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    eligible_kinds = models.JSONField(default=list, blank=True, help_text="organisation kinds")
    max_amount_usd = models.DecimalField(_("largest grant (USD)"), null=True, blank=True, **MONEY)
    rubric = models.JSONField(_("rubric"), default=list, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-opens_on"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    """An NGO's proposal to a call, submitted through the web."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="fund_applications"
    )
    title = models.CharField(_("project title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    theme = models.CharField(_("theme"), max_length=64, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="fund_applications"
    )
    requested_usd = models.DecimalField(_("amount requested (USD)"), **MONEY)
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organisation"], name="fund_one_application")
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return self.title

    @property
    def region(self) -> Region | None:
        return self.country.region if self.country else None


class Attachment(models.Model):
    """A file sent with an application; served only through the scoped download view."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to="fund/applications/%Y/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ReviewAssignment(models.Model):
    """A reviewer asked to score one application (never one from their own organisation)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fund_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="fund_one_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} -> application {self.application_id}"


class Review(models.Model):
    """A reviewer's scores against the call's rubric, the weighted total (0-100) and a comment."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.PROTECT, related_name="review"
    )
    scores = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=6, decimal_places=2)
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"review of assignment {self.assignment_id}: {self.total}"


class BoardMember(models.Model):
    """A member of the board of trustees for a term."""

    name = models.CharField(_("name"), max_length=255)
    is_chair = models.BooleanField(_("chair"), default=False)
    term_start = models.PositiveSmallIntegerField(_("term from"))
    term_end = models.PositiveSmallIntegerField(_("term to"))
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-term_start", "-is_chair", "name"]

    def __str__(self) -> str:
        return self.name


class BoardMeeting(models.Model):
    """A board meeting and its minutes; decisions on applications hang from it."""

    held_on = models.DateField(_("held on"))
    minutes = models.TextField(_("minutes"))
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on}"


class Decision(models.Model):
    """The board's decision on one application (approve with an amount, or reject)."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.PROTECT, related_name="decisions")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    approved = models.BooleanField()
    amount_usd = models.DecimalField(null=True, blank=True, **MONEY)
    notes = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Grants, money out, reports -------------------------------------------------------------------

    def __str__(self) -> str:
        return f"decision on application {self.application_id}"


class Grant(models.Model):
    """An approved application's money: the amount, its instalments, payments and reports."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="grant")
    number = models.CharField(max_length=32, unique=True)
    amount_usd = models.DecimalField(_("amount (USD)"), **MONEY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "number"]

    def __str__(self) -> str:
        return self.number


class Instalment(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    amount_usd = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["grant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="fund_instalment_number")
        ]

    def __str__(self) -> str:
        return f"instalment {self.number} of grant {self.grant_id}"


class Payment(AppendOnly):
    """Money paid to a grantee. A negative row with ``reverses`` set cancels an earlier one."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="payments")
    instalment = models.ForeignKey(
        Instalment, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount_usd = models.DecimalField(_("amount (USD)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    reason = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"payment {self.pk} {self.amount_usd} USD"


class GrantReport(models.Model):
    """What a grantee reports for a period: narrative, financial statement, people assisted."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due on"))
    narrative = models.TextField(_("narrative"), blank=True)
    spent_usd = models.DecimalField(_("spent in the period (USD)"), null=True, blank=True, **MONEY)
    financial_statement = models.FileField(upload_to="fund/reports/%Y/", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"report {self.period_start}..{self.period_end} of grant {self.grant_id}"


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or not stated")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child (under 18)")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Unknown")


class Service(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL = "legal", _("Legal and administrative assistance")
    REINTEGRATION = "reintegration", _("Education, training and reintegration")
    IDENTIFICATION = "identification", _("Identification and referral")


class PeopleAssisted(models.Model):
    """A count of people assisted in a report's period, by sex, age group and service."""

    report = models.ForeignKey(GrantReport, on_delete=models.PROTECT, related_name="people")
    sex = models.CharField(max_length=8, choices=Sex.choices)
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices)
    service = models.CharField(max_length=16, choices=Service.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sex", "age_group", "service"], name="fund_people_cell"
            )
        ]

    # The ledger -------------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.sex}/{self.age_group}/{self.service}: {self.count}"


class EntryKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    PAYMENT = "payment", _("Payment")


class LedgerEntry(AppendOnly):
    """One money movement, signed (+ in, - out), chained to the previous entry by a SHA-256 hash.

    The hash covers this row's facts and the previous hash, so changing any past row (even by raw
    SQL, past the triggers) breaks every hash after it: ``palermo fund ledger-check`` finds it.
    """

    seq = models.PositiveIntegerField(unique=True)
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    amount_usd = models.DecimalField(**MONEY)
    booked_on = models.DateField()
    contribution = models.OneToOneField(
        Contribution, null=True, blank=True, on_delete=models.PROTECT, related_name="entry"
    )
    payment = models.OneToOneField(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="entry"
    )
    memo = models.CharField(max_length=255, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.amount_usd}"
