"""Countries, M49 regions, population, treaties, treaty actions, legislation and TIP tiers.

Every row that comes from a file keeps the file's source (``source``) so a figure can say where it
came from; curated rows cite their own source.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


class RegionLevel(models.TextChoices):
    WORLD = "world", _("World")
    REGION = "region", _("Region")
    SUBREGION = "subregion", _("Sub-region")
    INTERMEDIATE = "intermediate", _("Intermediate region")


class Region(models.Model):
    """A UN M49 geographic region (e.g. 002 Africa, 015 Northern Africa)."""

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    level = models.CharField(max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    names = models.JSONField(_("names"), default=dict, help_text="{language code: name}")

    class Meta:
        ordering = ["m49"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en")[:2]
        return self.names.get(lang) or self.names.get("en") or self.m49


class Country(models.Model):
    """A country or area of UN M49, keyed by ISO 3166-1 alpha-3."""

    iso3 = models.CharField(_("ISO3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO2"), max_length=2, blank=True, db_index=True)
    m49 = models.CharField(_("M49 code"), max_length=3, blank=True, db_index=True)
    names = models.JSONField(_("names"), default=dict, help_text="short names {language: name}")
    formal_names = models.JSONField(
        _("formal names"), default=dict, help_text="UN formal names {language: name}"
    )
    un_names = models.JSONField(
        _("UN short names"), default=dict, help_text="UNTERM short names {language: name}"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="countries_in_region"
    )
    subregion = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="countries_in_subregion",
    )
    intermediate_region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="countries_in_intermediate",
    )
    ldc = models.BooleanField(_("least developed country"), default=False)
    lldc = models.BooleanField(_("land-locked developing country"), default=False)
    sids = models.BooleanField(_("small island developing State"), default=False)
    is_un_member = models.BooleanField(_("UN Member State"), default=False)
    is_observer_state = models.BooleanField(_("non-member observer State"), default=False)
    is_regional_organisation = models.BooleanField(
        _("regional economic integration organisation"),
        default=False,
        help_text="a treaty party that is not a State, e.g. the European Union",
    )

    class Meta:
        ordering = ["iso3"]
        verbose_name = _("country or area")
        verbose_name_plural = _("countries and areas")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """The UN short name in ``language`` where UNTERM has one, else the CLDR name."""
        lang = (language or translation.get_language() or "en")[:2]
        return (
            self.un_names.get(lang)
            or self.names.get(lang)
            or self.un_names.get("en")
            or self.names.get("en")
            or self.iso3
        )

    def formal_name(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en")[:2]
        return self.formal_names.get(lang) or self.name(lang)


class PopulationSex(models.TextChoices):
    TOTAL = "total", _("Total")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Population(models.Model):
    """Population of a country in a year, in total or by sex and age group (e.g. '0-4', '100+')."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="population")
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=8, choices=PopulationSex.choices, default=PopulationSex.TOTAL)
    age_group = models.CharField(max_length=16, default="total")
    value = models.BigIntegerField(help_text="persons")
    source = models.CharField(max_length=64, help_text="e.g. 'World Bank SP.POP.TOTL', 'WPP 2024'")

    class Meta:
        ordering = ["country", "year", "source", "sex", "age_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "sex", "age_group", "source"], name="unique_population"
            )
        ]
        verbose_name = _("population figure")
        verbose_name_plural = _("population")

    def __str__(self) -> str:
        return f"{self.country_id} {self.year} {self.sex} {self.age_group}: {self.value}"


class Treaty(models.Model):
    """A treaty of UNTC chapter XVIII: UNTOC (XVIII-12) and its protocols (12-a, 12-b, 12-c)."""

    code = models.SlugField(unique=True, help_text="'untoc', 'tip', 'smuggling', 'firearms'")
    untc_id = models.CharField(_("UNTC number"), max_length=16, unique=True)
    names = models.JSONField(default=dict)
    short_names = models.JSONField(default=dict)
    adopted = models.DateField(null=True, blank=True)
    entry_into_force = models.DateField(null=True, blank=True)
    url = models.URLField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="protocols"
    )

    class Meta:
        ordering = ["untc_id"]
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")

    def __str__(self) -> str:
        return self.short_name()

    def short_name(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en")[:2]
        return self.short_names.get(lang) or self.short_names.get("en") or self.code


class ActionType(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    ACCESSION = "accession", _("Accession")
    SUCCESSION = "succession", _("Succession")
    FORMAL_CONFIRMATION = "formal_confirmation", _("Formal confirmation")


# The actions that make a State a party (all but signature).
CONSENT_ACTIONS = tuple(a for a in ActionType.values if a != ActionType.SIGNATURE)


class TreatyAction(models.Model):
    """A signature or an act of consent to be bound (ratification, accession...) with its date."""

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="actions")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="treaty_actions")
    action = models.CharField(max_length=24, choices=ActionType.choices)
    date = models.DateField(db_index=True)
    source = models.CharField(max_length=255, help_text="file or citation the row comes from")
    source_url = models.URLField(blank=True, max_length=500)
    note = models.TextField(blank=True)
    loaded_from = models.CharField(
        max_length=128,
        blank=True,
        help_text="the shipped file a loader took this row from; empty for rows entered by hand",
    )

    class Meta:
        ordering = ["date", "country__iso3"]
        constraints = [
            models.UniqueConstraint(
                fields=["treaty", "country", "action"], name="unique_treaty_action"
            )
        ]
        verbose_name = _("treaty action")
        verbose_name_plural = _("treaty actions")

    def __str__(self) -> str:
        return f"{self.country.iso3} {self.action} {self.treaty.code} {self.date}"

    @property
    def is_consent(self) -> bool:
        return self.action in CONSENT_ACTIONS


class Criminalisation(models.TextChoices):
    FULL = "full", _("Full: all forms as in the Protocol")
    PARTIAL = "partial", _("Partial: some forms or victims only")
    NONE = "none", _("None: no specific offence")


class LegislationStatus(models.Model):
    """Whether a country's law criminalises trafficking as the Protocol defines it, in a year."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="legislation")
    year = models.PositiveSmallIntegerField()
    criminalisation = models.CharField(max_length=8, choices=Criminalisation.choices)
    source = models.CharField(max_length=255)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["country", "year"]
        constraints = [
            models.UniqueConstraint(fields=["country", "year", "source"], name="unique_legislation")
        ]
        verbose_name = _("legislation status")
        verbose_name_plural = _("legislation status")

    def __str__(self) -> str:
        return f"{self.country_id} {self.year}: {self.criminalisation}"


class PolicyIndex(models.Model):
    """Cho's 3P anti-trafficking policy index: prosecution, prevention, protection (1-5 each)."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="policy_index")
    year = models.PositiveSmallIntegerField()
    prosecution = models.PositiveSmallIntegerField(null=True)
    prevention = models.PositiveSmallIntegerField(null=True)
    protection = models.PositiveSmallIntegerField(null=True)
    total = models.PositiveSmallIntegerField(null=True)
    source = models.CharField(max_length=255)

    class Meta:
        ordering = ["country", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "source"], name="unique_policy_index"
            )
        ]
        verbose_name = _("3P policy index")
        verbose_name_plural = _("3P policy index")

    def __str__(self) -> str:
        return f"{self.country_id} {self.year}: {self.total}"


class TipTier(models.Model):
    """A country's tier in a US State Department Trafficking in Persons Report."""

    class Tier(models.TextChoices):
        TIER_1 = "1", _("Tier 1")
        TIER_2 = "2", _("Tier 2")
        WATCH_LIST = "2WL", _("Tier 2 Watch List")
        TIER_3 = "3", _("Tier 3")
        SPECIAL = "special", _("Special case")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="tip_tiers")
    report_year = models.PositiveSmallIntegerField()
    tier = models.CharField(max_length=8, choices=Tier.choices)
    source = models.CharField(max_length=255)

    class Meta:
        ordering = ["country", "report_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "report_year", "source"], name="unique_tip_tier"
            )
        ]
        verbose_name = _("TIP report tier")
        verbose_name_plural = _("TIP report tiers")

    def __str__(self) -> str:
        return f"{self.country_id} {self.report_year}: {self.tier}"
