"""IATI activity XML (IATI Standard 2.03) from the activities registry, and its schema validation.

The mapping (IATI 2.03 activity standard, iatistandard.org/en/iati-standard/203/activity-standard/):

- ``iati-identifier``: ``<reporting-org ref>-PALERMO-<activity id>``;
- ``reporting-org`` and ``participating-org`` (role 4, implementing): the entity, with its IATI
  organisation identifier (``IcatMember.iati_ref``) or ``XI-PALERMO-<organisation id>`` when it
  has none, and the OrganisationType code from its kind (UN/IGO 40 multilateral, State 10, NGO 22,
  private sector 70, donor/foundation 60);
- ``activity-status`` (ActivityStatus codelist): 2 implementation, 4 closed once the end date is past;
- ``activity-date``: 2 actual start, 4 actual end (or 3 planned end while it runs);
- ``recipient-country``: ISO 3166-1 alpha-2 codes of the linked countries;
- ``sector``: vocabulary 99 (the reporting organisation's own), code = the Global Plan of Action
  pillar (prevention, protection, prosecution, partnerships), since no DAC purpose code is
  specific to trafficking in persons;
- the counts (trained, victims, suspects...) and the source go into a second description.

Validation uses lxml against the official schema files shipped in ``data/iati/`` (see LICENSE.md
there), so an export that does not validate is never written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from lxml import etree

from palermo.coordination.models import Activity, IcatMember

IATI_VERSION = "2.03"
SCHEMA = Path(__file__).resolve().parent / "data" / "iati" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORG_TYPES = {"un": "40", "igo": "40", "state": "10", "ngo": "22", "private": "70", "donor": "60"}
COUNT_LABELS = {
    "activity_count": "activities represented",
    "participants_trained": "participants trained",
    "countries_reached": "countries reached",
    "victims_identified": "victims identified",
    "victims_assisted": "victims assisted",
    "suspects_arrested": "suspects arrested",
}


class IatiValidationError(ValueError):
    """The XML does not validate against the IATI schema; ``errors`` lists line: message."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("IATI schema validation failed: " + "; ".join(errors[:5]))
        self.errors = errors


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    # The activity schema includes iati-common.xsd and imports xml.xsd from its own folder.
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def validate(xml: bytes) -> list[str]:
    """Schema errors of an IATI activity document ('line N: message'), empty when it validates."""
    try:
        doc = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    checker = schema()
    if checker.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]  # type: ignore[attr-defined]


def org_ref(organisation_id: int, refs: dict[int, str]) -> str:
    return refs.get(organisation_id) or f"XI-PALERMO-{organisation_id}"


def _narrative(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, **attrs)
    narrative = etree.SubElement(element, "narrative")
    narrative.text = text
    return element


def _activity(
    parent: etree._Element, activity: Activity, refs: dict[int, str], today: dt.date
) -> None:
    org = activity.organisation
    ref = org_ref(org.pk, refs)
    node = etree.SubElement(
        parent,
        "iati-activity",
        {
            "last-updated-datetime": activity.updated_at.replace(microsecond=0).isoformat(),
            XML_LANG: "en",
        },
    )
    etree.SubElement(node, "iati-identifier").text = f"{ref}-PALERMO-{activity.pk}"
    org_type = ORG_TYPES.get(org.kind, "40")
    _narrative(node, "reporting-org", org.name, ref=ref, type=org_type)
    _narrative(node, "title", activity.title)
    _narrative(node, "description", activity.description or activity.title, type="1")
    counts = [
        f"{label}: {getattr(activity, name)}"
        for name, label in COUNT_LABELS.items()
        if getattr(activity, name) is not None
    ]
    extra = "; ".join(counts)
    if activity.is_aggregate:
        extra = f"aggregate record standing for a reported total; {extra}"
    if activity.source:
        extra = f"{extra}; source: {activity.source}" if extra else f"source: {activity.source}"
    if activity.is_demo:
        extra = f"DEMO RECORD; {extra}"
    if extra:
        _narrative(node, "description", extra, type="2")
    _narrative(node, "participating-org", org.name, ref=ref, type=org_type, role="4")
    ended = activity.end_date is not None and activity.end_date < today
    etree.SubElement(node, "activity-status", code="4" if ended else "2")
    etree.SubElement(
        node, "activity-date", type="2", **{"iso-date": activity.start_date.isoformat()}
    )
    if activity.end_date is not None:
        end_type = "4" if ended else "3"
        etree.SubElement(
            node, "activity-date", type=end_type, **{"iso-date": activity.end_date.isoformat()}
        )
    for country in activity.countries.all():
        if country.iso2:
            _narrative(node, "recipient-country", country.name("en"), code=country.iso2)
    _narrative(node, "sector", activity.get_pillar_display(), vocabulary="99", code=activity.pillar)


def build(activities: Iterable[Activity], *, generated: dt.datetime | None = None) -> bytes:
    """The ``iati-activities`` document for ``activities`` (UTF-8 bytes, not yet validated)."""
    generated = generated or dt.datetime.now(dt.UTC)
    refs = dict(IcatMember.objects.exclude(iati_ref="").values_list("organisation_id", "iati_ref"))
    root = etree.Element(
        "iati-activities",
        version=IATI_VERSION,
        **{"generated-datetime": generated.replace(microsecond=0).isoformat()},
    )
    today = generated.date()
    for activity in activities:
        _activity(root, activity, refs, today)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def export(activities: Iterable[Activity]) -> bytes:
    """Build and validate; raise IatiValidationError rather than hand out an invalid file."""
    items = list(activities)
    if not items:
        raise ValueError("no activities to export: IATI needs at least one iati-activity")
    xml = build(items)
    if errors := validate(xml):
        raise IatiValidationError(errors)
    return xml
