"""Demo data of the reporting app: the A/74/127 round with the 45 States that had answered by
15 April 2019 (accepted, marked as demo), and an open Global Report round for the demo focal point.

The States come from ``demo_data/a-74-127.json`` (the French names of para. 6 of A/74/127, shipped so
that ``make demo`` needs no ``../shared``), mapped to ISO3 through the reference countries' French
names. Their answers are placeholders: the report lists who answered, not what they said.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from palermo.accounts.models import Organisation, OrganisationKind
from palermo.reference.models import Country
from palermo.reporting import services
from palermo.reporting.models import Invitation, Round, RoundStatus, Submission, SubmissionStatus

SEED = Path(__file__).parent / "demo_data" / "a-74-127.json"
DEMO_NOTE = (
    "[Demo] Placeholder: this State answered the note verbale by 15 April 2019 (A/74/127, para. 6); "
    "the contents of its answer are not reproduced here."
)


def _normal(name: str) -> str:
    return name.replace("\u2019", "'").casefold()


def iso3_for_french_names(names: list[str]) -> list[str]:
    """ISO3 codes for French country names as the UN writes them; ValueError names any unknown."""
    by_name: dict[str, str] = {}
    for country in Country.objects.all():
        for value in (
            country.name("fr"),
            country.un_names.get("fr", ""),
            country.names.get("fr", ""),
        ):
            if value:
                by_name.setdefault(_normal(value), country.iso3)
    missing = [n for n in names if _normal(n) not in by_name]
    if missing:
        raise ValueError(
            f"{SEED.name}: no reference country named {', '.join(missing)} (load reference data first)"
        )
    return [by_name[_normal(n)] for n in names]


def _state_org(iso3: str) -> Organisation:
    country = Country.objects.get(iso3=iso3)
    org, _ = Organisation.objects.get_or_create(
        short_name=f"DEMO-{iso3}",
        defaults={
            "name": f"Demo focal point, {country.name('en')}",
            "kind": OrganisationKind.STATE,
            "country_iso3": iso3,
        },
    )
    return org


@transaction.atomic
def load_demo(stdout: IO[str] | Any) -> dict[str, int]:
    """Idempotent: a second run finds everything in place and changes nothing."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    spec = seed["round"]
    services.sync_questionnaires()
    round_ = Round.objects.filter(code=spec["code"]).first()
    if round_ is None:
        round_ = services.create_round(
            None,
            None,
            services.RoundSpec(
                code=spec["code"],
                name=spec["name"],
                questionnaire=spec["questionnaire"],
                period_start=dt.date.fromisoformat(spec["period_start"]),
                period_end=dt.date.fromisoformat(spec["period_end"]),
                deadline=dt.date.fromisoformat(spec["deadline"]),
                status=RoundStatus.CLOSED,
                is_demo=True,
            ),
        )
    answered_on = timezone.make_aware(dt.datetime.fromisoformat(spec["deadline"]))
    created = 0
    for iso3 in iso3_for_french_names(seed["responders_fr"]):
        org = _state_org(iso3)
        Invitation.objects.get_or_create(round=round_, organisation=org)
        _, new = Submission.objects.get_or_create(
            round=round_,
            organisation=org,
            defaults={
                "status": SubmissionStatus.ACCEPTED,
                "answers": {"legislation_measures": DEMO_NOTE},
                "via": "demo",
                "is_demo": True,
                "submitted_at": answered_on,
                "reviewed_at": answered_on,
            },
        )
        created += new
    open_round = _open_round()
    stdout.write(
        f"reporting: round {round_.code} with {round_.submissions.count()} accepted demo answers; "
        f"open round {open_round.code}\n"
    )
    return {"rounds": Round.objects.filter(is_demo=True).count(), "submissions": created}


def _open_round() -> Round:
    """An open Global Report round the demo focal point (DEMO-NR, of a fictional State) can answer."""
    round_ = Round.objects.filter(code="demo-global-report").first()
    if round_ is None:
        round_ = services.create_round(
            None,
            None,
            services.RoundSpec(
                code="demo-global-report",
                name="[Demo] Global Report data collection",
                questionnaire="global-report",
                period_start=dt.date(2021, 1, 1),
                period_end=dt.date(2024, 12, 31),
                deadline=dt.date(2027, 3, 31),
                status=RoundStatus.OPEN,
                is_demo=True,
            ),
        )
    # DEMO-NR has no country code (its State is fictional), so it is invited directly rather than
    # through services.invite, which only takes States with a country and UN entities.
    for short in ("DEMO-NR",):
        org = Organisation.objects.filter(short_name=short).first()
        if org is not None:
            Invitation.objects.get_or_create(round=round_, organisation=org)
    return round_
