"""Who may see which rounds and submissions (scope in the query), round completion by region, the
responding States in a language's collation order, and ``accepted_answers`` for the statistics app.

Access policy (docs/reporting.md, "Access"):

- secretariat analysts and platform administrators manage rounds: they see every round and every
  submission once it is submitted (a draft belongs to its organisation until then);
- national focal points see the rounds their organisation is invited to (once open) and read and
  edit their own organisation's submission; read-only members of that organisation read it;
- superusers see everything; anyone else sees nothing (a 404, not a 403, so that a guessed id does
  not reveal that a submission exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from palermo.accounts.models import Organisation, OrganisationKind, Role
from palermo.accounts.permissions import has_role
from palermo.accounts.queries import user_organisation_ids
from palermo.reference.models import Country
from palermo.reporting import collation
from palermo.reporting.models import (
    EDITABLE,
    RESPONDED,
    Invitation,
    Round,
    RoundStatus,
    Submission,
    SubmissionStatus,
)
from palermo.reporting.questionnaires import Questionnaire as Definition

MANAGER_ROLES = (Role.PLATFORM_ADMIN, Role.SECRETARIAT_ANALYST)
RESPONDENT_ROLES = (Role.NATIONAL_FOCAL_POINT,)
READER_ROLES = (Role.NATIONAL_FOCAL_POINT, Role.READ_ONLY)


def can_manage(user: Any) -> bool:
    """Secretariat analysts and platform administrators (and superusers) run rounds and review."""
    return has_role(user, *MANAGER_ROLES)


def rounds_visible_to(user: Any) -> QuerySet[Round]:
    if not getattr(user, "is_authenticated", False):
        return Round.objects.none()
    base = Round.objects.select_related("questionnaire")
    if can_manage(user):
        return base.all()
    invited = Invitation.objects.filter(
        organisation__in=user_organisation_ids(user, *READER_ROLES)
    ).values("round_id")
    return base.filter(id__in=invited).exclude(status=RoundStatus.DRAFT)


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    if not getattr(user, "is_authenticated", False):
        return Submission.objects.none()
    scope = Q(organisation__in=user_organisation_ids(user, *READER_ROLES))
    if can_manage(user):
        scope |= ~Q(status=SubmissionStatus.DRAFT)
    return Submission.objects.filter(scope).select_related(
        "round", "organisation", "round__questionnaire"
    )


def submissions_editable_by(user: Any) -> QuerySet[Submission]:
    """Drafts and returned submissions of the user's own organisations, in open rounds."""
    return Submission.objects.filter(
        organisation__in=user_organisation_ids(user, *RESPONDENT_ROLES),
        status__in=EDITABLE,
        round__status=RoundStatus.OPEN,
    ).select_related("round", "organisation", "round__questionnaire")


def respondent_organisations(user: Any, round_: Round) -> QuerySet[Organisation]:
    """The invited organisations on whose behalf ``user`` may answer ``round_``."""
    return Organisation.objects.filter(
        id__in=user_organisation_ids(user, *RESPONDENT_ROLES),
        reporting_invitations__round=round_,
    ).order_by("name")


def eligible_respondents() -> QuerySet[Organisation]:
    """Who may be invited: State authorities with a country, and UN entities."""
    return Organisation.objects.filter(is_active=True).filter(
        Q(kind=OrganisationKind.STATE) & ~Q(country_iso3="") | Q(kind=OrganisationKind.UN)
    )


@dataclass
class RegionCompletion:
    """One line of a round's completion page."""

    region: str
    invited: int = 0
    draft: int = 0
    submitted: int = 0
    accepted: int = 0
    returned: int = 0
    organisations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def responded(self) -> int:
        return self.submitted + self.accepted

    @property
    def rate(self) -> float:
        return round(100 * self.responded / self.invited, 1) if self.invited else 0.0


def completion(round_: Round, language: str = "en") -> list[RegionCompletion]:
    """Invited, answering and accepted organisations by UN M49 region (UN entities on their own
    line, States whose country has no region under 'Other'). Submission contents are not read."""
    statuses = dict(round_.submissions.values_list("organisation_id", "status"))
    invitations = list(round_.invitations.select_related("organisation"))
    countries = {
        c.iso3: c
        for c in Country.objects.filter(
            iso3__in={
                i.organisation.country_iso3 for i in invitations if i.organisation.country_iso3
            }
        ).select_related("region")
    }
    lines: dict[str, RegionCompletion] = {}
    with translation.override(language):
        un_line, other_line = _("UN entities"), _("Other")
    for invitation in invitations:
        org = invitation.organisation
        country = countries.get(org.country_iso3)
        if org.kind == OrganisationKind.UN:
            region = un_line
        elif country is not None and country.region is not None:
            region = country.region.name(language)
        else:
            region = other_line
        line = lines.setdefault(region, RegionCompletion(region))
        status = statuses.get(org.pk, "")
        line.invited += 1
        if status:
            setattr(line, status, getattr(line, status) + 1)
        line.organisations.append(
            {
                "id": org.pk,
                "name": country.name(language) if country else org.name,
                "organisation": org.name,
                "status": status or "not_started",
                "reminders": invitation.reminders_sent,
            }
        )
    for line in lines.values():
        line.organisations = collation.collate(
            line.organisations, language, key=lambda o: o["name"]
        )
    return collation.collate(lines.values(), language, key=lambda line: line.region)


@dataclass(frozen=True)
class Responder:
    iso3: str
    name: str
    status: str


def responders(round_: Round, language: str = "en", accepted_only: bool = False) -> list[Responder]:
    """The States that answered ``round_`` (submitted or accepted), by their UN short name in
    ``language``, in that language's collation order; one line per country."""
    statuses = (SubmissionStatus.ACCEPTED,) if accepted_only else RESPONDED
    rows = (
        round_.submissions.filter(status__in=statuses, organisation__kind=OrganisationKind.STATE)
        .exclude(organisation__country_iso3="")
        .values_list("organisation__country_iso3", "status")
    )
    best: dict[str, str] = {}
    for iso3, status in rows:  # a country with several answering bodies counts once
        if best.get(iso3) != SubmissionStatus.ACCEPTED:
            best[iso3] = status
    names = {c.iso3: c.name(language) for c in Country.objects.filter(iso3__in=best)}
    out = [Responder(iso3, names.get(iso3, iso3), status) for iso3, status in best.items()]
    return collation.collate(out, language, key=lambda r: r.name)


def find_round(identifier: str | int) -> Round:
    """A round by code or id (for the CLI); Round.DoesNotExist otherwise."""
    text = str(identifier)
    if text.isdigit():
        found = Round.objects.filter(Q(pk=int(text)) | Q(code=text)).first()
        if found is None:
            raise Round.DoesNotExist(f"no reporting round {text!r}")
        return found
    try:
        return Round.objects.get(code=text)
    except Round.DoesNotExist:
        raise Round.DoesNotExist(f"no reporting round {text!r}") from None


@dataclass(frozen=True)
class AcceptedAnswer:
    """One accepted answer in long form. Number tables give one row per cell: ``dims`` maps each
    dimension id to its value id, ``year`` is the column, ``value`` an int, '<5' or 'unknown'."""

    round: str
    questionnaire: str
    version: int
    organisation: str
    country_iso3: str
    question: str
    type: str
    dims: dict[str, str]
    year: int | None
    value: Any


def _rows(sub: Submission, definition: Definition) -> list[AcceptedAnswer]:
    out = []
    common = {
        "round": sub.round.code,
        "questionnaire": definition.code,
        "version": definition.version,
        "organisation": sub.organisation.name,
        "country_iso3": sub.organisation.country_iso3,
    }
    for q in definition.questions:
        value = sub.answers.get(q.id)
        if value in (None, "", [], {}):
            continue
        if q.type != "number_table":
            out.append(
                AcceptedAnswer(
                    **common, question=q.id, type=q.type, dims={}, year=None, value=value
                )
            )
            continue
        dim_ids = [d.id for d in q.dimensions]
        for key, cell in sorted(value.items()):
            *parts, year = key.split("/")
            out.append(
                AcceptedAnswer(
                    **common,
                    question=q.id,
                    type=q.type,
                    dims=dict(zip(dim_ids, parts, strict=True)),
                    year=int(year),
                    value=cell,
                )
            )
    return out


def accepted_answers(
    round: Round | str | None = None,
    questionnaire: str = "global-report",
    question: str | None = None,
    include_demo: bool = True,
) -> list[AcceptedAnswer]:
    """Every accepted answer to ``questionnaire`` (its code; any version), in one round (a Round or
    its code) or all, as long rows; optionally one question only. No user scope: accepted answers
    are what the secretariat publishes from, and this is for the statistics and publishing floors."""
    subs = Submission.objects.filter(
        status=SubmissionStatus.ACCEPTED, round__questionnaire__code=questionnaire
    ).select_related("round__questionnaire", "organisation")
    if round is not None:
        subs = subs.filter(round__code=round if isinstance(round, str) else round.code)
    if not include_demo:
        subs = subs.filter(is_demo=False)
    definitions: dict[int, Definition] = {}
    out: list[AcceptedAnswer] = []
    for sub in subs.order_by("round__deadline", "organisation__country_iso3", "organisation__name"):
        qn = sub.round.questionnaire
        if qn.pk not in definitions:
            definitions[qn.pk] = qn.parsed()
        rows = _rows(sub, definitions[qn.pk])
        out.extend(r for r in rows if question is None or r.question == question)
    return out
