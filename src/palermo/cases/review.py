"""The review queue and person pages: reads scoped to the user, and the one write, a decision.

Every pair and every person record shown comes through ``linkage.linkage_cases(user)`` (both
sides of a pair): a user never sees a record of an organisation where they hold no linkage role,
whichever run they look at. Side-by-side views read each record through ``services.case_view``,
which applies the field groups of the user's role (identifiers for case workers only) and audits
the read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from palermo.accounts.events import audit
from palermo.accounts.models import LogType
from palermo.cases import services
from palermo.cases.linkage import linkage_cases
from palermo.cases.models import (
    CaseRecord,
    Decision,
    LinkageRun,
    MatchDecision,
    PersonLink,
    ReviewPair,
)


def review_queue(user: Any, run: LinkageRun) -> QuerySet[ReviewPair]:
    """Undecided pairs of ``run`` whose two records the user may link, strongest first."""
    visible = linkage_cases(user).values("pk")
    decided = MatchDecision.objects.filter(case_l=OuterRef("case_l"), case_r=OuterRef("case_r"))
    return (
        ReviewPair.objects.filter(run=run, case_l__in=visible, case_r__in=visible)
        .exclude(Exists(decided))
        .select_related("case_l__source", "case_r__source")
        .order_by("-probability", "pk")
    )


def decisions_visible_to(user: Any) -> QuerySet[MatchDecision]:
    visible = linkage_cases(user).values("pk")
    return MatchDecision.objects.filter(case_l__in=visible, case_r__in=visible).select_related(
        "case_l__source", "case_r__source", "decided_by"
    )


def pair_for(user: Any, pk: int) -> ReviewPair | None:
    """A review pair both of whose records the user may link, else None (the page says 404)."""
    visible = linkage_cases(user).values("pk")
    return (
        ReviewPair.objects.filter(pk=pk, case_l__in=visible, case_r__in=visible)
        .select_related("case_l__source", "case_r__source", "run")
        .first()
    )


def compare(request: HttpRequest | None, user: Any, pair: ReviewPair) -> list[dict[str, Any]]:
    """Both records as the user's role may read them (each read audited)."""
    return [services.case_view(request, user, case) for case in (pair.case_l, pair.case_r)]


def decide(
    request: HttpRequest | None,
    user: Any,
    left: CaseRecord,
    right: CaseRecord,
    decision: str,
    probability: float | None = None,
    note: str = "",
) -> MatchDecision:
    """Record (or change) the verdict on a pair; applied by every later run. Audited."""
    if decision not in Decision.values:
        raise ValidationError({"decision": f"unknown decision {decision!r}"})
    if left.pk == right.pk:
        raise ValidationError({"decision": "a record is trivially itself"})
    allowed = linkage_cases(user).filter(pk__in=(left.pk, right.pk)).count()
    if allowed != 2:
        raise PermissionDenied("you may not review these records")
    a, b = sorted((left.pk, right.pk))
    with transaction.atomic():
        made, created = MatchDecision.objects.update_or_create(
            case_l_id=a,
            case_r_id=b,
            defaults={
                "decision": decision,
                "probability": probability,
                "note": note,
                "decided_by": user if getattr(user, "is_authenticated", False) else None,
            },
        )
        audit(
            request,
            LogType.CHANGE,
            "cases.match.create" if created else "cases.match.update",
            obj=made,
            user=user,
            metadata={"decision": decision, "cases": [a, b], "probability": probability},
        )
    return made


def persons(user: Any, run: LinkageRun) -> QuerySet[Any]:
    """Persons of the run with their number of records and of sources (records the user may link)."""
    return (
        PersonLink.objects.filter(run=run, case__in=linkage_cases(user).values("pk"))
        .values("person")
        .annotate(
            records=Count("case", distinct=True),
            sources=Count("case__source", distinct=True),
        )
        .order_by("-sources", "-records", "person")
    )


def person_records(user: Any, run: LinkageRun, person: str) -> QuerySet[CaseRecord]:
    """The records of one person that the user may link, by source."""
    ids = PersonLink.objects.filter(run=run, person=person).values("case")
    return linkage_cases(user).filter(pk__in=ids).order_by("source__name", "pk")


def person_of_case(run: LinkageRun, case: CaseRecord) -> str | None:
    link = PersonLink.objects.filter(run=run, case=case).first()
    return link.person if link else None


def reviewed_or_pending(user: Any, run: LinkageRun) -> dict[str, int]:
    """Counts for the queue page header."""
    visible = linkage_cases(user).values("pk")
    decisions = MatchDecision.objects.filter(case_l__in=visible, case_r__in=visible)
    return {
        "pending": review_queue(user, run).count(),
        "accepted": decisions.filter(decision=Decision.ACCEPT).count(),
        "rejected": decisions.filter(~Q(decision=Decision.ACCEPT)).count(),
    }
