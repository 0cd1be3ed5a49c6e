"""Demo data: the facts of A/74/127 (sections III B, IV, VII, VIII) as coordination records.

Every row is marked ``is_demo`` and cites its paragraph (``source``). Where the report gives only a
total ("361 technical-assistance activities"), one aggregate record carries it; where it does not
say how many activities a figure covers, the aggregate's ``activity_count`` is 0 (not stated).
The report names 13 of ICAT's 23 members: the other 10 are placeholder organisations named
"ICAT member (demo placeholder N)", so that the member count matches the report. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction

from palermo.accounts.events import audit
from palermo.accounts.models import Organisation
from palermo.coordination.models import (
    Activity,
    Campaign,
    CampaignAdoption,
    CampaignResult,
    IcatChair,
    IcatMember,
    Meeting,
    Publication,
    Resource,
    WorkingGroupSeat,
    WorldDay,
)
from palermo.reference.models import Country

SEED = "A/74/127"
# "The period considered" of the seed report, as the demo reads it (its figures are for 2017-2018).
PERIOD = (dt.date(2017, 1, 1), dt.date(2018, 12, 31))
Y2018 = (dt.date(2018, 1, 1), dt.date(2018, 12, 31))

# short name, name, kind, ICAT status, member since (year)
ENTITIES = [
    ("UNODC", "United Nations Office on Drugs and Crime", "un", "member", None),
    (
        "OHCHR",
        "Office of the United Nations High Commissioner for Human Rights",
        "un",
        "member",
        None,
    ),
    ("UNICEF", "United Nations Children's Fund", "un", "member", None),
    ("UNHCR", "Office of the United Nations High Commissioner for Refugees", "un", "member", None),
    (
        "UN-Women",
        "United Nations Entity for Gender Equality and the Empowerment of Women",
        "un",
        "member",
        None,
    ),
    ("ILO", "International Labour Organization", "un", "member", None),
    ("IOM", "International Organization for Migration", "un", "member", None),
    (
        "DPPA",
        "United Nations Department of Political and Peacebuilding Affairs",
        "un",
        "member",
        None,
    ),
    ("DPO", "United Nations Department of Peace Operations", "un", "member", None),
    ("OSCE", "Organization for Security and Co-operation in Europe", "igo", "member", 2018),
    ("CoE", "Council of Europe", "igo", "partner", 2017),
    ("ICMPD", "International Centre for Migration Policy Development", "igo", "member", None),
    ("INTERPOL", "International Criminal Police Organization", "igo", "member", None),
]
ICAT_MEMBERS = 23  # §103
WORKING_GROUP = [
    "OHCHR",
    "UNHCR",
    "UNICEF",
    "UNODC",
    "UN-Women",
    "CoE",
    "ICMPD",
    "ILO",
    "IOM",
    "OSCE",
]
CHAIRS = {2016: ["UNODC"], 2017: ["OHCHR"], 2018: ["UNICEF"], 2019: ["OSCE", "UN-Women"]}

# entity, title, kind, pillar, (start, end), count, counts, countries, source
ACTIVITIES: list[
    tuple[str, str, str, str, tuple[dt.date, dt.date | None], int, dict[str, int], list[str], str]
] = [
    (
        "UNODC",
        "Technical assistance activities (total for the period)",
        "technical_assistance",
        "prosecution",
        PERIOD,
        361,
        {"participants_trained": 7000, "countries_reached": 79},
        [],
        f"{SEED} §40 (more than 7,000 practitioners trained; capacity-building in 79 countries)",
    ),
    (
        "UNODC",
        "Legislative assistance to Member States revising their trafficking law",
        "legislative_assistance",
        "prosecution",
        PERIOD,
        0,
        {"countries_reached": 7},
        [],
        f"{SEED} §40 (seven Member States; number of activities not stated)",
    ),
    (
        "UNODC",
        "Launch of the Global Action against Trafficking in Persons and the Smuggling of Migrants (Asia and the Middle East)",
        "event",
        "partnerships",
        (dt.date(2018, 12, 1), None),
        1,
        {},
        ["AFG", "BGD", "IRN", "IRQ", "PAK"],
        f"{SEED} §41",
    ),
    (
        "UNODC",
        "Publications: toolkit for journalists; case digest on evidential issues",
        "research",
        "prosecution",
        (dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
        2,
        {},
        [],
        f"{SEED} §42",
    ),
    (
        "UNODC",
        "Publications: international legal definition; trafficking in conflict situations",
        "research",
        "prosecution",
        Y2018,
        2,
        {},
        [],
        f"{SEED} §42",
    ),
    (
        "OHCHR",
        "Guidelines with ICAO for airline cabin crew on identifying victims",
        "research",
        "protection",
        Y2018,
        1,
        {},
        [],
        f"{SEED} §50",
    ),
    (
        "OHCHR",
        "Alliance 8.7 engagement with Member States",
        "technical_assistance",
        "partnerships",
        PERIOD,
        0,
        {},
        ["ALB", "CHL", "MDG", "MWI", "MAR", "MRT", "MEX", "NGA", "UGA", "PER", "LKA", "TUN", "VNM"],
        f"{SEED} §51",
    ),
    (
        "IOM",
        "Direct assistance to victims of trafficking",
        "victim_assistance",
        "protection",
        Y2018,
        0,
        {"victims_assisted": 7400},
        [],
        f"{SEED} §57 (462 of them through the Global Assistance Fund)",
    ),
    (
        "IOM",
        "Grant facility for civil society partners (Global Action)",
        "technical_assistance",
        "protection",
        PERIOD,
        0,
        {},
        ["ZAF", "BLR", "BRA", "MLI", "MAR", "LAO"],
        f"{SEED} §55 (more than 400 vulnerable migrants assisted, victims among them)",
    ),
    (
        "DPPA",
        "Field prevention activities on demand and supply chains",
        "technical_assistance",
        "prevention",
        PERIOD,
        0,
        {},
        ["LBY", "MLI", "MMR", "CAF"],
        f"{SEED} §66",
    ),
    (
        "DPO",
        "Specialised police teams against serious and organised crime in missions",
        "technical_assistance",
        "prosecution",
        PERIOD,
        0,
        {},
        ["MLI", "CAF", "COD", "SSD"],
        f"{SEED} §70",
    ),
    (
        "UN-Women",
        "Safe and Fair programme (Spotlight Initiative, ASEAN region)",
        "technical_assistance",
        "prevention",
        PERIOD,
        0,
        {},
        [],
        f"{SEED} §76",
    ),
    (
        "INTERPOL",
        "Operation Libertad",
        "operation",
        "prosecution",
        (dt.date(2018, 4, 1), dt.date(2018, 4, 30)),
        1,
        {"victims_identified": 347, "suspects_arrested": 22, "countries_reached": 13},
        [],
        f"{SEED} §81 a) (13 Caribbean countries)",
    ),
    (
        "INTERPOL",
        "Operation Sawiyan",
        "operation",
        "prosecution",
        (dt.date(2018, 8, 1), dt.date(2018, 8, 31)),
        1,
        {"victims_identified": 94, "suspects_arrested": 14},
        ["SDN"],
        f"{SEED} §81 b)",
    ),
    (
        "INTERPOL",
        "Training of police officers in trafficking investigations",
        "training",
        "prosecution",
        Y2018,
        11,
        {"participants_trained": 342},
        [],
        f"{SEED} §84",
    ),
    (
        "INTERPOL",
        "Assistance to member countries",
        "technical_assistance",
        "prosecution",
        Y2018,
        0,
        {"countries_reached": 120},
        [],
        f"{SEED} §82",
    ),
    (
        "CoE",
        "Round tables with businesses and trade unions on labour exploitation",
        "event",
        "prevention",
        (dt.date(2018, 5, 1), dt.date(2018, 5, 31)),
        0,
        {},
        ["MKD", "SRB"],
        f"{SEED} §86",
    ),
    (
        "OSCE",
        "Simulation-based training along migration routes",
        "training",
        "partnerships",
        Y2018,
        1,
        {"countries_reached": 55},
        [],
        f"{SEED} §90",
    ),
]

PUBLICATIONS = [
    (
        "issue_brief",
        "Providing effective remedies for victims of trafficking in persons",
        2016,
        "§110",
    ),
    (
        "issue_brief",
        "Pivoting toward the evidence: building effective counter-trafficking responses",
        2016,
        "§110",
    ),
    (
        "toolkit",
        "Toolkit for Guidance in Designing and Evaluating Counter-Trafficking Programmes",
        2016,
        "§110",
    ),
    ("issue_brief", "Trafficking in children", 2018, "§61"),
    (
        "issue_brief",
        "The role of the Sustainable Development Goals in combating trafficking in persons",
        2018,
        "§61",
    ),
    (
        "joint_statement",
        "ICAT statement on the World Day against Trafficking in Persons",
        2016,
        "§126",
    ),
]
WORLD_DAYS = {
    2016: (
        "Vulnerabilities to trafficking in persons",
        "Les vulnérabilités face à la traite des personnes",
        "#IgiveHope",
        "§126",
    ),
    2017: (
        "Act to protect and assist trafficked persons",
        "Agir pour protéger et aider les victimes de la traite",
        "#EndHumanTrafficking #HumanTrafficking",
        "§127-128",
    ),
    2018: (
        "Responding to the trafficking of children and young people",
        "Combattre la traite des enfants et des jeunes",
        "",
        "§130",
    ),
}


def _org(short: str, name: str, kind: str) -> Organisation:
    org = (
        Organisation.objects.filter(short_name=short).first()
        or Organisation.objects.filter(name=name).first()
    )
    return org or Organisation.objects.create(name=name, short_name=short, kind=kind)


def _countries(codes: list[str]) -> list[Country]:
    # Reference data may be absent (tests); the counts still hold, the links are then missing.
    return list(Country.objects.filter(iso3__in=codes))


@transaction.atomic
def load_demo(stdout: TextIO) -> dict[str, Any]:
    orgs: dict[str, Organisation] = {}
    for short, name, kind, status, since in ENTITIES:
        orgs[short] = _org(short, name, kind)
        IcatMember.objects.update_or_create(
            organisation=orgs[short],
            defaults={
                "status": status,
                "since_year": since,
                "is_demo": True,
                "source": f"{SEED} §87, §92, §103-106",
            },
        )
    for n in range(1, ICAT_MEMBERS - len(ENTITIES) + 1):
        org = _org(f"ICAT-DEMO-{n:02d}", f"ICAT member (demo placeholder {n})", "un")
        IcatMember.objects.update_or_create(
            organisation=org,
            defaults={"is_demo": True, "source": f"{SEED} §103 (23 members; not named)"},
        )
    for year in (2018, 2019):
        for short in WORKING_GROUP:
            WorkingGroupSeat.objects.update_or_create(
                organisation=orgs[short],
                year=year,
                defaults={"is_demo": True, "source": f"{SEED} §106, §137"},
            )
    for year, shorts in CHAIRS.items():
        for short in shorts:
            IcatChair.objects.update_or_create(
                organisation=orgs[short],
                year=year,
                defaults={"is_demo": True, "source": f"{SEED} §105"},
            )
    meeting, _ = Meeting.objects.update_or_create(
        title="First meeting of ICAT principals",
        date=dt.date(2018, 5, 2),
        defaults={
            "kind": "principals",
            "place": "London",
            "decisions": "Multi-year workplan adopted; UNODC invited to set up a small ICAT secretariat.",
            "is_demo": True,
            "source": f"{SEED} §108",
        },
    )
    meeting.participants.set([orgs[s] for s in WORKING_GROUP])
    for kind, title, year, para in PUBLICATIONS:
        pub, _ = Publication.objects.update_or_create(
            title=title,
            year=year,
            defaults={"kind": kind, "is_demo": True, "source": f"{SEED} {para}"},
        )
        pub.authors.set(list(orgs.values()))
    activities = 0
    for short, title, kind, pillar, (start, end), count, counts, iso3s, source in ACTIVITIES:
        activity, _ = Activity.objects.update_or_create(
            organisation=orgs[short],
            title=title,
            is_demo=True,
            defaults={
                "kind": kind,
                "pillar": pillar,
                "start_date": start,
                "end_date": end,
                "activity_count": count,
                "is_aggregate": count != 1,
                "source": source,
                **counts,
            },
        )
        activity.full_clean()
        activity.countries.set(_countries(iso3s))
        activities += 1
    for year, (en, fr, tags, para) in WORLD_DAYS.items():
        WorldDay.objects.update_or_create(
            year=year,
            defaults={
                "themes": {"en": en, "fr": fr},
                "hashtags": tags,
                "is_demo": True,
                "source": f"{SEED} {para}",
            },
        )
    _campaigns(orgs["UNODC"])
    Resource.objects.update_or_create(
        organisation=orgs["UNODC"],
        year=2019,
        donor="",
        defaults={
            "regular_budget_posts": Decimal(2),
            "note": "Two regular-budget posts for trafficking in persons; otherwise extrabudgetary.",
            "is_demo": True,
            "source": f"{SEED} §134",
        },
    )
    Resource.objects.update_or_create(
        organisation=orgs["UNODC"],
        year=2018,
        donor="United Kingdom",
        defaults={
            "note": "Voluntary contribution funding the ICAT secretariat (amount not stated; not renewed).",
            "is_demo": True,
            "source": f"{SEED} §137",
        },
    )
    counts = {
        "icat_members": IcatMember.objects.filter(is_demo=True).count(),
        "chairs": IcatChair.objects.filter(is_demo=True).count(),
        "activities": activities,
        "world_days": len(WORLD_DAYS),
        "campaigns": Campaign.objects.filter(is_demo=True).count(),
    }
    audit(None, "change", "coordination.demo.load", object_type="coordination", metadata=counts)
    stdout.write(f"coordination demo: {counts}\n")
    return counts


def _campaigns(unodc: Organisation) -> None:
    blue, _ = Campaign.objects.update_or_create(
        code="blue-heart",
        defaults={
            "name": "Blue Heart Campaign against Human Trafficking",
            "launched": 2010,
            "coordinator": unodc,
            "is_demo": True,
            "source": f"{SEED} §131",
        },
    )
    CampaignAdoption.objects.update_or_create(
        campaign=blue,
        country=None,
        defaults={"count": 18, "is_demo": True, "source": f"{SEED} §131 (18 countries, not named)"},
    )
    aqui, _ = Campaign.objects.update_or_create(
        code="aquiestoy",
        defaults={
            "name": "#AQUIESTOY contra la trata de personas",
            "launched": 2017,
            "coordinator": unodc,
            "is_demo": True,
            "source": f"{SEED} §131",
            "description": "Spanish-language initiative of the Blue Heart Campaign.",
        },
    )
    for iso3, date, note in (
        ("MEX", dt.date(2017, 8, 1), "launched August 2017"),
        ("ECU", None, "joined in 2019"),
    ):
        country = Country.objects.filter(iso3=iso3).first()
        if country is not None:
            CampaignAdoption.objects.update_or_create(
                campaign=aqui,
                country=country,
                defaults={"adopted_on": date, "is_demo": True, "source": f"{SEED} §131 ({note})"},
            )
    day, _ = Campaign.objects.update_or_create(
        code="world-day",
        defaults={
            "name": "World Day against Trafficking in Persons (30 July)",
            "launched": 2014,
            "coordinator": unodc,
            "is_demo": True,
            "source": f"{SEED} §125",
        },
    )
    CampaignResult.objects.update_or_create(
        campaign=day,
        year=2017,
        description="Thunderclap on Twitter, Facebook and Tumblr",
        defaults={"reach": 73_000_000, "is_demo": True, "source": f"{SEED} §129"},
    )
    CampaignResult.objects.update_or_create(
        campaign=day,
        year=2017,
        description="Charidy fundraising for the UN Trust Fund",
        defaults={"funds_raised_usd": Decimal(50_000), "is_demo": True, "source": f"{SEED} §129"},
    )
    Campaign.objects.update_or_create(
        code="igivehope",
        defaults={
            "name": "#IgiveHope",
            "launched": 2016,
            "coordinator": unodc,
            "is_demo": True,
            "source": f"{SEED} §126",
            "description": "Multi-year social media campaign.",
        },
    )
