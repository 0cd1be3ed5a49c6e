"""A case as people read it: field labels, picklist words, country names and dates per language.

``services.case_view`` gives a case as data (HTCDS codes, ISO2 countries, ISO timestamps; the API
returns it as is). The pages show it through this module: "Age band 9-17", "Sexual exploitation",
"Ukraine" / "Ukraine", "17 December 2015" / "17 décembre 2015". Field labels follow the HTCDS 2.0
catalogue (sentence case) and are translatable; fields of ``extra`` that have no label here take
the catalogue's English label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date, format_time
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation
from palermo.cases.labels import VALUE_LABELS
from palermo.cases.models import CaseRecord, CaseStatus, ServiceKind
from palermo.htcds.standard import load_standard
from palermo.reference.models import Country

SEPARATOR = ";"  # HTCDS multi-picklist separator, as stored in the typed columns
DATE_LOCALES = {"en": "en_GB", "fr": "fr"}  # UN style: "17 December 2015", as palermo_format
COUNTRY_FIELDS = ("citizenship", "citizenship_all", "exploitation_country")

FIELD_LABELS: dict[str, Promise] = {
    # profile and exploitation (typed columns of CaseRecord)
    "gender": _("Gender"),
    "age_band": _("Age band"),
    "majority": _("Minor or adult"),
    "citizenship": _("Citizenship"),
    "citizenship_all": _("Citizenship"),
    "citizenship_region": _("Region of citizenship"),
    "exploitation_types": _("Type of exploitation"),
    "labour_sectors": _("Forced labour industry"),
    "sex_exploitation_types": _("Type of sexual exploitation"),
    "exploitation_country": _("Country of exploitation"),
    "exploitation_region": _("Region of exploitation"),
    "means_of_control": _("Methods of control"),
    "recruitment": _("Method of recruitment"),
    "trafficker_relation": _("Relationship to trafficker"),
    "trafficking_status": _("Trafficking status"),
    "year_text": _("Year of registration"),
    "status": _("Status"),
    # identity (HTCDS names, from the vault)
    "prs_Salutation": _("Salutation"),
    "prs_Title": _("Title"),
    "prs_FirstName": _("First name"),
    "prs_MiddleName": _("Middle name"),
    "prs_SecondName": _("Second name"),
    "prs_Birthdate": _("Date of birth"),
    "prs_IdentityNumber": _("Identity number"),
    "prs_Email": _("Email"),
    "prs_HomePhone": _("Home phone"),
    "prs_MobilePhone": _("Mobile phone"),
    "prs_MailingStreet": _("Street"),
    "prs_MailingCity": _("City"),
    "prs_MailingState": _("State or province"),
    "prs_MailingPostalCode": _("Postal code"),
    "prs_MailingLongitude": _("Longitude"),
    "prs_MailingLatitude": _("Latitude"),
    "hte_Street": _("Street of exploitation"),
    "hte_City": _("City of exploitation"),
    "hte_PostalCode": _("Postal code of exploitation"),
    "hte_Longitude": _("Longitude of exploitation"),
    "hte_Latitude": _("Latitude of exploitation"),
    "hte_Description": _("Description of the place of exploitation"),
    "vic_DetailsOfVulnerabilities": _("Details of vulnerabilities"),
    "vic_LocationOfRecruitment": _("Location of recruitment"),
    "cco_CaseComment": _("Case comment"),
    "cas_IncomingReferralDetails": _("Incoming referral details"),
    "cas_OutgoingReferralDetails": _("Outgoing referral details"),
    "cas_ReasonForCaseClosure": _("Reason for case closure"),
    "per_RoleDetails": _("Role details"),
    "spl_Objectives": _("Objectives"),
    "spl_ActionPlan": _("Action plan"),
}


@dataclass(frozen=True)
class Row:
    """One line of a case's page: what it is, what it says."""

    name: str
    label: str
    value: str


def _lang() -> str:
    return (translation.get_language() or "en")[:2]


def date_text(value: dt.date | dt.datetime | str | None, with_time: bool = False) -> str:
    """A date (or ISO date string) in the language's long style; times in local time."""
    if isinstance(value, str):
        text = value
        try:
            value = dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
        except ValueError:
            return text  # not a date: shown as recorded
    if value is None:
        return ""
    locale = DATE_LOCALES.get(_lang(), _lang())
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text = format_date(local.date(), format="long", locale=locale)
        return f"{text} {format_time(local, format='short', locale=locale)}" if with_time else text
    return format_date(value, format="long", locale=locale)


def band_text(band: str) -> str:
    """CTDC writes bands "9--17" (LaTeX-style dash); people read "9-17"."""
    return band.replace("--", "-")


def country_names(codes: Iterable[str]) -> dict[str, str]:
    """ISO2 (or ISO3) codes -> the UN short name in the active language, in one query."""
    wanted = {c.strip().upper() for c in codes if c and c.strip()}
    if not wanted:
        return {}
    names: dict[str, str] = {}
    for country in Country.objects.filter(Q(iso2__in=wanted) | Q(iso3__in=wanted)):
        name = country.name()
        for code in (country.iso2, country.iso3):
            if code in wanted:
                names[code] = name
    return names


def _codes(value: str) -> list[str]:
    return [v.strip() for v in value.split(SEPARATOR) if v.strip()]


def value_text(name: str, value: Any, countries: dict[str, str]) -> str:
    """The words for the value of field ``name`` (a typed column or an HTCDS name)."""
    if value is None or value == "":
        return ""
    if name == "status":
        return str(dict(CaseStatus.choices).get(value, value))
    if name == "age_band":
        return band_text(str(value))
    if name in COUNTRY_FIELDS:
        return ", ".join(countries.get(c.upper(), c) for c in _codes(str(value)))
    if name in VALUE_LABELS:
        words = VALUE_LABELS[name]
        return ", ".join(str(words.get(c, c)) for c in _codes(str(value)))
    if name == "prs_Birthdate":
        return date_text(str(value))
    return str(value)


def _htcds_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    try:
        return load_standard().field(name).label
    except KeyError:
        return name


def _htcds_value(name: str, value: Any) -> str:
    """A value of an ``extra`` field: the catalogue's label of a picklist code, else as recorded."""
    try:
        field = load_standard().field(name)
    except KeyError:
        return str(value)
    words = dict(zip(field.values, field.value_labels, strict=False))
    if field.kind in ("picklist", "multipicklist") and words:
        return ", ".join(words.get(c, c) for c in _codes(str(value)))
    if field.kind == "date":
        return date_text(str(value))
    return str(value)


def case_page(case: CaseRecord, data: dict[str, Any]) -> dict[str, Any]:
    """What the case page shows of ``data`` (from ``services.case_view``), in words."""
    countries = country_names(
        code for name in COUNTRY_FIELDS for code in _codes(str(data.get(name) or ""))
    )
    about = [
        Row("source", str(_("Source")), data["source"]),
        Row("organisation", str(_("Organisation")), case.source.organisation.name),
        Row("created_at", str(_("Recorded on")), date_text(case.created_at)),
    ]
    if "status" in data:
        about.append(
            Row("status", str(FIELD_LABELS["status"]), value_text("status", case.status, countries))
        )
    profile = [
        Row(name, str(FIELD_LABELS[name]), value_text(name, data[name], countries))
        for name in FIELD_LABELS
        if name in data and name != "status" and not name.startswith(("prs_", "hte_"))
    ]
    identifiers = data.get("identifiers")
    identity = None
    if identifiers is not None:
        identity = [
            Row(k, _htcds_label(k), value_text(k, v, countries)) for k, v in identifiers.items()
        ]
    extra = [
        Row(k, _htcds_label(k), _htcds_value(k, v)) for k, v in (data.get("extra") or {}).items()
    ]
    return {
        "about": about,
        "profile": profile,
        "identity": identity,
        "extra": extra,
        "history": _history(data.get("history")),
        "services": _services(data.get("services")),
        "referrals": _referrals(data.get("referrals")),
    }


def _history(history: list[dict[str, Any]] | None) -> list[dict[str, str]] | None:
    if history is None:
        return None
    status = dict(CaseStatus.choices)
    return [
        {
            "at": date_text(h["at"], with_time=True),
            "old": str(status.get(h["old"], h["old"])),
            "new": str(status.get(h["new"], h["new"])),
            "reason": h["reason"],
        }
        for h in history
    ]


def _services(services: list[dict[str, Any]] | None) -> list[dict[str, str]] | None:
    if services is None:
        return None
    kinds = dict(ServiceKind.choices)
    return [
        {"kind": str(kinds.get(s["kind"], s["kind"])), "start": date_text(s["start"])}
        for s in services
    ]


def _referrals(referrals: list[dict[str, Any]] | None) -> list[dict[str, str]] | None:
    if referrals is None:
        return None
    ids = {r[k] for r in referrals for k in ("from_organisation", "to_organisation")}
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        {
            "date": date_text(r["date"]),
            "from": names.get(r["from_organisation"], ""),
            "to": names.get(r["to_organisation"], ""),
            "consent_date": date_text(r["consent_date"]),
        }
        for r in referrals
    ]


def list_rows(cases: Iterable[CaseRecord]) -> list[dict[str, Any]]:
    """The cases of one list page, in words (one country query for the page)."""
    cases = list(cases)
    countries = country_names(c.citizenship for c in cases)
    return [
        {
            "case": case,
            "source": case.source.name,
            "status": value_text("status", case.status, countries),
            "gender": value_text("gender", case.gender, countries),
            "age_band": band_text(case.age_band),
            "citizenship": value_text("citizenship", case.citizenship, countries),
            "year": case.year_text or (case.year if case.year is not None else ""),
            "exploitation_types": value_text(
                "exploitation_types", case.exploitation_types, countries
            ),
        }
        for case in cases
    ]
