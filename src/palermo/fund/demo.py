"""Demo data of the trust fund: the facts of A/74/127 §122-124, as clearly marked demo records.

The seed report gives totals only ("by March 2019, $6.7 million from 30 Member States, 33
private-sector organisations and many individuals"; calls in 2011, 2014 and 2017; more than 40
NGOs funded; about 3,000 people assisted each year; the 2017-2020 board). So the donors, grantees
and amounts below are PLACEHOLDERS, named "[DEMO] ...", whose sums reproduce those totals:

- 30 State donors: 10 x 350,000 + 10 x 180,000 (paid in EUR at a recorded rate) + 10 x 80,000
  = 6,100,000 USD; 33 private-sector donors: 13 x 20,000 + 20 x 13,000 = 520,000 USD;
  12 individuals: 8 x 2,500 + 4 x 15,000 = 80,000 USD. Total 6,700,000.00 USD, all received
  by 31 March 2019. The split between donor types is invented; only the total is the seed's.
- Calls 2011, 2014, 2017 (the third with the seed's priorities); 41 grantee NGOs (11 + 13 + 17);
- grantee reports whose people assisted add up to exactly 3,000 per year, 2012-2018;
- the board of trustees 2017-2020 as §124 names it (real names, public in the report).

Money goes through services.py (so the ledger and its hash chain are built as in production), as
the demo fund officer; historical applications are written directly (they predate the platform).
Idempotent: a second run finds the demo calls and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from palermo.accounts.models import Organisation, OrganisationKind, Role, User
from palermo.fund import services, workflow
from palermo.fund.models import (
    AgeGroup,
    Application,
    ApplicationStatus,
    BoardMember,
    Call,
    CallStatus,
    GrantReport,
    PeopleAssisted,
    ReviewAssignment,
    Service,
    Sex,
)
from palermo.reference.models import Country

SEED = "A/74/127 §122-124"
CALLS = [
    (2011, 11, Decimal(90000), ["Direct assistance to victims of trafficking"]),
    (2014, 13, Decimal(110000), ["Direct assistance to victims of trafficking"]),
    (
        2017,
        17,
        Decimal(150000),
        ["Direct assistance in armed conflict", "Direct assistance in mixed migration flows"],
    ),
]
# Grantee countries (placeholders spread over regions so the dashboard has a map of sorts).
COUNTRIES = [
    "NGA",
    "UGA",
    "KEN",
    "NPL",
    "IND",
    "PHL",
    "MEX",
    "GTM",
    "COL",
    "ALB",
    "MDA",
    "UKR",
    "LBN",
    "JOR",
    "IRQ",
    "THA",
    "KHM",
    "BRA",
    "ARG",
    "ZAF",
]
THEMES = ["shelter", "psychosocial", "legal", "reintegration", "medical"]
BOARD = [
    ("Benita Ferrero-Waldner", True),
    ("Arnaud Kouassi", False),
    ("Noor Al-Malki Al-Jehani", False),
    ("Alexis Bethancourt Yau", False),
    ("Viktoria Avakova", False),
]
PEOPLE_PER_YEAR = 3000
# Shares of people assisted by (sex, age group, service), in per mille; they add up to 1000.
CELLS = [
    (Sex.FEMALE, AgeGroup.ADULT, Service.PSYCHOSOCIAL, 300),
    (Sex.FEMALE, AgeGroup.ADULT, Service.SHELTER, 150),
    (Sex.FEMALE, AgeGroup.CHILD, Service.SHELTER, 150),
    (Sex.MALE, AgeGroup.ADULT, Service.LEGAL, 200),
    (Sex.MALE, AgeGroup.CHILD, Service.REINTEGRATION, 100),
    (Sex.FEMALE, AgeGroup.CHILD, Service.MEDICAL, 100),
]


def _split(total: int, weights: list[int]) -> list[int]:
    """Integer shares of ``total`` in proportion to ``weights`` that add up to ``total`` exactly."""
    raw = [total * w // sum(weights) for w in weights]
    for i in range(total - sum(raw)):
        raw[i % len(raw)] += 1
    return raw


def _officer() -> User:
    officer = User.objects.filter(
        memberships__role=Role.FUND_OFFICER, username="fundofficer"
    ).first()
    if officer is None:
        raise RuntimeError("fund demo: no 'fundofficer' user; run `palermo demo setup` first")
    return officer


def _donors(officer: User) -> int:
    plan: list[tuple[str, str, Decimal, str, Decimal]] = []
    for i in range(30):
        amount, currency, rate = (
            (Decimal(350000), "USD", Decimal(1))
            if i < 10
            else (Decimal(160000), "EUR", Decimal("1.125"))
            if i < 20
            else (Decimal(80000), "USD", Decimal(1))
        )
        plan.append(("state", f"[DEMO] Member State donor {i + 1:02d}", amount, currency, rate))
    for i in range(33):
        amount = Decimal(20000) if i < 13 else Decimal(13000)
        plan.append(
            ("private", f"[DEMO] Private-sector donor {i + 1:02d}", amount, "USD", Decimal(1))
        )
    for i in range(12):
        amount = Decimal(2500) if i < 8 else Decimal(15000)
        plan.append(
            ("individual", f"[DEMO] Individual donor {i + 1:02d}", amount, "USD", Decimal(1))
        )
    for i, (kind, name, amount, currency, rate) in enumerate(plan):
        spec = services.DonorSpec(kind, name, is_demo=True, notes=f"Placeholder for {SEED}")
        if kind == "individual":
            spec.full_name = f"Demo Person {i - 62:02d}"
            spec.email = f"demo-donor-{i - 62:02d}@example.invalid"
        donor = services.create_donor(None, officer, spec)
        # Spread over 2010-2018, plus a last round in early 2019 (all before 31 March 2019).
        received = dt.date(2010 + i % 9, 1 + i % 12, 15) if i % 7 else dt.date(2019, 2, 1 + i % 28)
        money = services.MoneySpec(amount, currency, rate)
        if currency != "USD":
            money.rate_date, money.rate_source = received, "[DEMO] placeholder UN operational rate"
        services.record_contribution(None, officer, donor, money, received, earmark="")
    return len(plan)


def _grantees(officer: User) -> dict[str, int]:
    counts = {"calls": 0, "grants": 0, "reports": 0}
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=COUNTRIES)}
    number = 0
    active: dict[int, list[Any]] = {}
    for year, n_grants, amount, priorities in CALLS:
        call = workflow.create_call(
            None,
            officer,
            workflow.CallSpec(
                title=f"[DEMO] Global call for proposals {year}",
                year=year,
                opens_on=dt.date(year, 3, 1),
                closes_on=dt.date(year, 5, 31),
                priorities=priorities,
                eligibility="Specialised NGOs providing direct assistance to victims ([DEMO]).",
                status=CallStatus.CLOSED,
                is_demo=True,
            ),
        )
        counts["calls"] += 1
        meeting = workflow.record_meeting(
            None,
            officer,
            dt.date(year, 9, 15),
            f"[DEMO] Placeholder minutes: the board approved {n_grants} projects of the {year} call.",
            is_demo=True,
        )
        grants = []
        for _ in range(n_grants):
            number += 1
            org, _created = Organisation.objects.get_or_create(
                name=f"[DEMO] Trust fund grantee NGO {number:02d}",
                defaults={"short_name": f"DEMO-VTF-{number:02d}", "kind": OrganisationKind.NGO},
            )
            app = Application.objects.create(
                call=call,
                organisation=org,
                title=f"[DEMO] Direct assistance project {number:02d}",
                theme=THEMES[number % len(THEMES)],
                country=countries.get(COUNTRIES[number % len(COUNTRIES)]),
                requested_usd=amount,
                status=ApplicationStatus.SUBMITTED,
            )
            half = amount / 2
            workflow.decide(
                None,
                officer,
                app,
                meeting,
                approved=True,
                amount_usd=amount,
                starts_on=dt.date(year, 10, 1),
                ends_on=dt.date(year + 3, 9, 30),
                instalments=[(dt.date(year, 10, 1), half), (dt.date(year + 1, 10, 1), half)],
            )
            grant = app.grant
            for inst in grant.instalments.all():
                services.record_payment(
                    None, officer, grant, inst.amount_usd, inst.due_on, instalment=inst
                )
            grants.append(grant)
            counts["grants"] += 1
        for y in range(year + 1, year + 4):
            active[y] = grants
    for year in range(2012, 2019):
        grants = active[year]
        for grant, people in zip(grants, _split(PEOPLE_PER_YEAR, [1] * len(grants)), strict=True):
            report = GrantReport.objects.create(
                grant=grant,
                period_start=dt.date(year, 1, 1),
                period_end=dt.date(year, 12, 31),
                due_on=dt.date(year + 1, 1, 31),
                narrative="[DEMO] Placeholder narrative.",
                spent_usd=grant.amount_usd / 3,
                submitted_at=dt.datetime(year + 1, 1, 20, tzinfo=dt.UTC),
            )
            for (sex, age, service, _w), count in zip(
                CELLS, _split(people, [c[3] for c in CELLS]), strict=True
            ):
                PeopleAssisted.objects.create(
                    report=report, sex=sex, age_group=age, service=service, count=count
                )
            counts["reports"] += 1
    return counts


def _live_call(officer: User) -> None:
    """An open call with DEMO-NGO's application assigned to the demo reviewer, to click through."""
    ngo = Organisation.objects.filter(short_name="DEMO-NGO").first()
    reviewer = User.objects.filter(username="reviewer").first()
    if ngo is None:
        return
    today = dt.date.today()
    call = workflow.create_call(
        None,
        officer,
        workflow.CallSpec(
            title=f"[DEMO] Call for proposals {today.year}",
            year=today.year,
            opens_on=today - dt.timedelta(days=30),
            closes_on=today + dt.timedelta(days=60),
            priorities=["Direct assistance in mixed migration flows"],
            eligibility="NGOs assisting victims directly ([DEMO]).",
            max_amount_usd=Decimal(150000),
            is_demo=True,
        ),
    )
    app = Application.objects.create(
        call=call,
        organisation=ngo,
        title="[DEMO] Safe Harbour shelter and legal aid",
        theme="shelter",
        requested_usd=Decimal(80000),
        status=ApplicationStatus.IN_REVIEW,
    )
    if reviewer is not None:
        ReviewAssignment.objects.create(application=app, reviewer=reviewer, assigned_by=officer)


def load_demo(stdout: Any) -> dict[str, int]:
    """Load the demo fund (idempotent); returns counts of what was created."""
    if Call.objects.filter(is_demo=True, year=2011).exists():
        stdout.write("fund demo: already loaded")
        return {"donors": 0, "calls": 0, "grants": 0, "reports": 0}
    officer = _officer()
    with transaction.atomic():
        donors = _donors(officer)
        counts = _grantees(officer)
        for name, chair in BOARD:
            BoardMember.objects.create(
                name=name, is_chair=chair, term_start=2017, term_end=2020, source=SEED
            )
        _live_call(officer)
    stdout.write(f"fund demo: {donors} placeholder donors, {counts['grants']} grants ({SEED})")
    return {"donors": donors, **counts}
