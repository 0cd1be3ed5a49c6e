"""ICAT membership, chairs and meetings; the UN entities' activities; campaigns; resources.

Entities are ``palermo.accounts`` organisations (kind UN or IGO). Every row keeps the document it
comes from (``source``, e.g. "A/74/127 §40") so a figure in the report can say where it came from,
and ``is_demo`` marks rows loaded by ``palermo demo setup`` (see ``demo.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation
from palermo.reference.models import Country

SOURCE_HELP = "the document the figures come from, e.g. 'A/74/127 §40'"


class Pillar(models.TextChoices):
    """The four 'Ps' of the UN Global Plan of Action (General Assembly resolution 64/293)."""

    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    PARTNERSHIPS = "partnerships", _("Partnerships")


class ActivityKind(models.TextChoices):
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    TRAINING = "training", _("Training")
    LEGISLATIVE_ASSISTANCE = "legislative_assistance", _("Legislative assistance")
    RESEARCH = "research", _("Research")
    OPERATION = "operation", _("Operation")
    EVENT = "event", _("Event")
    # Not in the issue's list, but the seed reports it (IOM assisted 7,400 victims in 2018).
    VICTIM_ASSISTANCE = "victim_assistance", _("Victim assistance")


class Demo(models.Model):
    """Fields every coordination record shares: where it comes from and whether it is demo data."""

    source = models.CharField(_("source"), max_length=255, blank=True, help_text=SOURCE_HELP)
    is_demo = models.BooleanField(_("demo record"), default=False, db_index=True)

    class Meta:
        abstract = True


class IcatMember(Demo):
    """An entity's membership of the Inter-Agency Coordination Group against Trafficking (ICAT)."""

    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="icat_membership"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="member")
    since = models.DateField(_("member since"), null=True, blank=True)
    # Year precision is all the reports usually give ("in 2018, the OSCE became a full member").
    since_year = models.PositiveSmallIntegerField(_("member since (year)"), null=True, blank=True)
    left = models.DateField(_("left on"), null=True, blank=True)
    iati_ref = models.CharField(
        _("IATI organisation identifier"),
        max_length=64,
        blank=True,
        help_text="e.g. 'XM-DAC-41110'; exports use 'XI-PALERMO-<id>' when blank",
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("ICAT member")
        verbose_name_plural = _("ICAT members")

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind not in ("un", "igo"):
            raise ValidationError({"organisation": _("ICAT members are UN entities or IGOs.")})


class WorkingGroupSeat(Demo):
    """One entity's seat on the ICAT working group (its decision-making body) in one year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="unique_icat_wg_seat")
        ]
        verbose_name = _("working group seat")
        verbose_name_plural = _("working group seats")

    def __str__(self) -> str:
        return f"{self.year} {self.organisation}"


class IcatChair(Demo):
    """The ICAT chair in one year. Two rows in a year are co-chairs (OSCE and UN-Women in 2019)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        ordering = ["year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="unique_icat_chair")
        ]
        verbose_name = _("ICAT chair")
        verbose_name_plural = _("ICAT chairs")

    def __str__(self) -> str:
        return f"{self.year} {self.organisation}"


class Meeting(Demo):
    """An ICAT meeting: working group, principals, briefing for Member States, side event."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Working group meeting")
        PRINCIPALS = "principals", _("Meeting of principals")
        BRIEFING = "briefing", _("Briefing for Member States")
        SIDE_EVENT = "side_event", _("Side event")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=128, blank=True)
    participants = models.ManyToManyField(
        Organisation, related_name="icat_meetings", blank=True, verbose_name=_("participants")
    )
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("ICAT meeting")
        verbose_name_plural = _("ICAT meetings")

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class Publication(Demo):
    """An ICAT issue brief, toolkit, joint statement or submission to an intergovernmental process."""

    class Kind(models.TextChoices):
        ISSUE_BRIEF = "issue_brief", _("Issue brief")
        TOOLKIT = "toolkit", _("Toolkit")
        JOINT_STATEMENT = "joint_statement", _("Joint statement")
        SUBMISSION = "submission", _("Submission")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=400)
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    authors = models.ManyToManyField(
        Organisation, related_name="icat_publications", blank=True, verbose_name=_("authors")
    )

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("ICAT publication")
        verbose_name_plural = _("ICAT publications")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Activity(Demo):
    """What one entity did: a training, an operation... or an aggregate the entity reported.

    ``activity_count`` says how many activities the row stands for: 1 for a single activity, more
    for an aggregate record ("361 technical-assistance activities") when only totals are known,
    0 for an aggregate whose number of activities the source does not state.
    Counts are left empty (None) when unknown, which is not the same as zero.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="coordination_activities"
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    pillar = models.CharField(_("pillar"), max_length=16, choices=Pillar.choices)
    countries = models.ManyToManyField(
        Country, related_name="coordination_activities", blank=True, verbose_name=_("countries")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    activity_count = models.PositiveIntegerField(_("activities represented"), default=1)
    is_aggregate = models.BooleanField(
        _("aggregate record"), default=False, help_text="stands for a reported total"
    )
    participants_trained = models.PositiveIntegerField(
        _("participants trained"), null=True, blank=True
    )
    countries_reached = models.PositiveIntegerField(_("countries reached"), null=True, blank=True)
    victims_identified = models.PositiveIntegerField(_("victims identified"), null=True, blank=True)
    victims_assisted = models.PositiveIntegerField(_("victims assisted"), null=True, blank=True)
    suspects_arrested = models.PositiveIntegerField(_("suspects arrested"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "organisation__name", "title"]
        indexes = [models.Index(fields=["organisation", "start_date"])]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.title}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.activity_count != 1 and not self.is_aggregate:
            raise ValidationError(
                {"activity_count": _("Only an aggregate record stands for several activities.")}
            )


class Campaign(Demo):
    """An awareness campaign: the Blue Heart campaign, #IgiveHope, #AQUIESTOY, the World Day."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    launched = models.PositiveSmallIntegerField(_("launched (year)"), null=True, blank=True)
    coordinator = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class CampaignAdoption(Demo):
    """A country joining a campaign, or an aggregate of ``count`` unnamed countries."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="adoptions")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("countries"), default=1)

    class Meta:
        ordering = ["campaign", "adopted_on"]
        verbose_name = _("campaign adoption")
        verbose_name_plural = _("campaign adoptions")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.country or self.count}"

    def clean(self) -> None:
        if self.country_id and self.count != 1:
            raise ValidationError({"count": _("A row naming a country counts one country.")})


class CampaignResult(Demo):
    """What a campaign achieved in a year: reach on social media, funds raised."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    reach = models.PositiveBigIntegerField(_("reach (impressions)"), null=True, blank=True)
    funds_raised_usd = models.DecimalField(
        _("funds raised (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["year", "campaign"]
        verbose_name = _("campaign result")
        verbose_name_plural = _("campaign results")

    def __str__(self) -> str:
        return f"{self.campaign} {self.year}"


class WorldDay(Demo):
    """The World Day against Trafficking in Persons (30 July, resolution 68/192): theme by year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    themes = models.JSONField(_("theme"), default=dict, help_text="{language code: theme}")
    hashtags = models.CharField(_("hashtags"), max_length=200, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("World Day")
        verbose_name_plural = _("World Days")

    def __str__(self) -> str:
        return f"{self.year}: {self.theme()}"

    def theme(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en")[:2]
        return str(self.themes.get(lang) or self.themes.get("en") or "")


class Resource(Demo):
    """An entity's anti-trafficking resources in a year: posts and extrabudgetary funding."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    regular_budget_posts = models.DecimalField(
        _("regular budget posts"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    extrabudgetary_posts = models.DecimalField(
        _("extrabudgetary posts"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    extrabudgetary_usd = models.DecimalField(
        _("extrabudgetary funding (USD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True)

    class Meta:
        ordering = ["year", "organisation__name"]
        verbose_name = _("resource record")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"
