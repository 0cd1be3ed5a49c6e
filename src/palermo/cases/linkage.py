"""Linkage runs in the platform: who may link which cases, the run itself, and capture tables.

A run reads the cases of its scope (the organisations where the user holds a linkage role),
decrypts their identifiers through the vault into memory only, links them with the pure engine
``palermo.linkage``, applies reviewers' decisions as constraints (``clustering.py``), and writes
the persons and review pairs in ONE transaction at the end that also makes the run current: a run
killed midway leaves the previous run of the same scope in force. Progress (phase, done, total,
heartbeat) is written as it goes, outside that transaction, for the run page to poll.

``capture_table_for(user, strata, filters)`` is the read the estimation app calls (estimation sits
above cases): the 0/1 table per source with a ``count`` of persons, by stratum.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from palermo import linkage as engine
from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation, Role
from palermo.accounts.queries import user_organisation_ids
from palermo.cases import vault
from palermo.cases.clustering import Pair, persons_from_pairs
from palermo.cases.models import (
    CaseRecord,
    LinkageRun,
    LinkageStatus,
    MatchDecision,
    PersonLink,
    ReviewPair,
    Source,
)
from palermo.cases.queries import cases_visible_to

log = logging.getLogger(__name__)

# Roles that may run linkage and review pairs, within their own organisations. Read-only members
# see cases but do not change who is whom; other roles see no case at all (queries.py).
LINKAGE_ROLES = (Role.CASE_WORKER, Role.NATIONAL_FOCAL_POINT, Role.SECRETARIAT_ANALYST)
# Engine entry point; a module attribute so tests can swap in a deterministic stand-in.
ENGINE: Callable[[pd.DataFrame, engine.LinkageOptions], engine.LinkageResult] = engine.link
STRATA = ("year", "country", "sex", "age_group", "exploitation")
PROGRESS_EVERY = 500


class LinkageRefused(ValueError):
    """The run cannot start: no scope, or a run of the same scope is already working."""


def linkage_organisations(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(id__in=user_organisation_ids(user, *LINKAGE_ROLES))


def linkage_cases(user: Any) -> QuerySet[CaseRecord]:
    """Cases a user may link and review: ``cases_visible_to`` narrowed to the linkage roles."""
    return cases_visible_to(user).filter(
        source__organisation__in=user_organisation_ids(user, *LINKAGE_ROLES)
    )


def can_link(user: Any) -> bool:
    return linkage_organisations(user).exists()


def runs_visible_to(user: Any) -> QuerySet[LinkageRun]:
    """Runs whose whole scope lies within the user's linkage organisations (never a wider one:
    knowing that a police record matches an NGO record is itself information about both)."""
    mine = user_organisation_ids(user, *LINKAGE_ROLES)
    return (
        LinkageRun.objects.filter(organisations__in=mine)
        .exclude(organisations__in=Organisation.objects.exclude(id__in=mine))
        .distinct()
    )


def current_run_for(user: Any, run_id: int | None = None) -> LinkageRun | None:
    """The run in force that a user reads: the one asked for, else the widest visible scope."""
    runs = runs_visible_to(user).filter(is_current=True)
    if run_id is not None:
        return runs.filter(pk=run_id).first()
    return runs.annotate(n=Count("organisations", distinct=True)).order_by("-n", "-pk").first()


def scope_of(organisations: Iterable[Organisation]) -> str:
    return ",".join(str(pk) for pk in sorted({o.pk for o in organisations}))


def stalled(run: LinkageRun) -> bool:
    """A running run whose heartbeat stopped (the process was killed): it will never finish."""
    limit = int(getattr(settings, "PALERMO_LINKAGE_STALL_SECONDS", 900))
    beat = run.heartbeat or run.started_at
    return run.status in (LinkageStatus.PENDING, LinkageStatus.RUNNING) and (
        timezone.now() - beat > dt.timedelta(seconds=limit)
    )


def create_run(
    user: Any,
    organisation: Organisation | None = None,
    threshold: float = engine.LinkageOptions.threshold,
) -> LinkageRun:
    """A pending run over the user's linkage organisations (or one of them).

    ``user=None`` is the operator at the command line (who holds the database anyway): every
    organisation that owns a source.
    """
    if user is None:
        organisations = Organisation.objects.filter(id__in=Source.objects.values("organisation"))
    else:
        organisations = linkage_organisations(user)
    if organisation is not None:
        organisations = organisations.filter(pk=organisation.pk)
    orgs = list(organisations)
    if not orgs:
        raise LinkageRefused("no organisation where you may run linkage")
    scope = scope_of(orgs)
    with transaction.atomic():
        busy = [
            r
            for r in LinkageRun.objects.select_for_update().filter(
                scope=scope, status__in=(LinkageStatus.PENDING, LinkageStatus.RUNNING)
            )
            if not stalled(r)
        ]
        if busy:
            raise LinkageRefused(f"linkage run {busy[0].pk} of the same scope is still working")
        run = LinkageRun.objects.create(
            scope=scope, threshold=threshold, started_by=user, heartbeat=timezone.now()
        )
        run.organisations.set(orgs)
    return run


def _progress(run: LinkageRun, phase: str, done: int = 0, total: int = 0) -> None:
    # An UPDATE in autocommit: visible to the polling page at once, untouched by a later rollback.
    LinkageRun.objects.filter(pk=run.pk).update(
        status=LinkageStatus.RUNNING, phase=phase, done=done, total=total, heartbeat=timezone.now()
    )


def _first(ids: dict[str, str], *names: str) -> str | None:
    for name in names:
        value = (ids.get(name) or "").strip()
        if value:
            return value
    return None


def records_frame(
    cases: QuerySet[CaseRecord], run: LinkageRun
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The engine's input (record_id = pid) with identifiers decrypted in memory; pid -> case pk.

    The frame lives only inside the run; nothing decrypted is written anywhere.
    """
    total = cases.count()
    box = vault.fernet()
    rows: list[dict[str, Any]] = []
    pks: dict[str, int] = {}
    fields = ("pk", "pid", "source__name", "vault", "gender", "citizenship")
    for i, (pk, pid, source, token, gender, citizenship) in enumerate(
        cases.order_by("pk").values_list(*fields).iterator(chunk_size=2000)
    ):
        ids = vault.decrypt(token, box) if token else {}
        given = " ".join(
            p for p in (_first(ids, "prs_FirstName"), _first(ids, "prs_MiddleName")) if p
        )
        rows.append(
            {
                "record_id": pid,
                "source": source,
                "first_name": given or None,
                "last_name": _first(ids, "prs_SecondName"),
                "date_of_birth": _first(ids, "prs_Birthdate"),
                "sex": gender or None,
                # ISO2 here: the engine compares nationalities for equality only
                "nationality": citizenship or None,
                "address": _first(ids, "prs_MailingStreet"),
                "postcode": _first(ids, "prs_MailingPostalCode"),
                "city": _first(ids, "prs_MailingCity"),
                "phone": _first(ids, "prs_MobilePhone", "prs_HomePhone"),
                "document_number": _first(ids, "prs_IdentityNumber"),
            }
        )
        pks[pid] = pk
        if (i + 1) % PROGRESS_EVERY == 0:
            _progress(run, "reading", i + 1, total)
    return pd.DataFrame(rows, columns=list(engine.FIELDS)), pks


def _scored_pairs(frame: pd.DataFrame, pks: dict[str, int]) -> list[Pair]:
    out = []
    for rid_l, rid_r, weight, prob in frame[
        ["record_id_l", "record_id_r", "match_weight", "match_probability"]
    ].itertuples(index=False):
        a, b = pks[str(rid_l)], pks[str(rid_r)]
        out.append(Pair(min(a, b), max(a, b), float(prob), float(weight)))
    return out


def execute_run(run: LinkageRun, user: Any) -> LinkageRun:
    """Link the run's scope, apply the decisions, then swap the results in. Marks failures."""
    try:
        return _execute(run, user)
    except Exception as exc:  # the page must say it failed, whatever happened
        LinkageRun.objects.filter(pk=run.pk).update(
            status=LinkageStatus.FAILED,
            message=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise


def _execute(run: LinkageRun, user: Any) -> LinkageRun:
    scope = CaseRecord.objects.all() if user is None else linkage_cases(user)
    cases = scope.filter(source__organisation__in=run.organisations.all())
    _progress(run, "reading", 0, cases.count())
    records, pks = records_frame(cases, run)
    source_of = dict(zip(records["record_id"], records["source"], strict=True))
    _progress(run, "linking", 0, len(records))
    options = engine.LinkageOptions(threshold=run.threshold, review_low=run.review_low)
    scored: list[Pair] = []
    stats: dict[str, Any] = {"records": len(records)}
    alerts: list[str] = []
    cut: set[tuple[int, int]] = set()
    if len(records) >= 2:
        result = ENGINE(records, options)
        scored = _scored_pairs(result.pairs, pks)
        # links the engine's chain guard cut (at or above the threshold, yet sent to review):
        # they must not join persons here either
        cut = {
            (p.left, p.right)
            for p in _scored_pairs(result.review, pks)
            if p.probability >= run.threshold
        }
        stats, alerts = dict(result.stats), list(result.alerts)
    del records  # the decrypted identifiers: gone before anything is written
    _progress(run, "deciding", 0, len(scored))
    decisions = MatchDecision.objects.filter(case_l__in=pks.values(), case_r__in=pks.values())
    accepted = set(decisions.filter(decision="accept").values_list("case_l", "case_r"))
    rejected = set(decisions.filter(decision="reject").values_list("case_l", "case_r"))
    label = {pk: f"{source_of[pid]}::{pid}" for pid, pk in pks.items()}
    links = [p for p in scored if (p.left, p.right) not in cut]
    outcome = persons_from_pairs(label, links, run.threshold, accepted, rejected)
    alerts += outcome.alerts
    decided = accepted | rejected
    review = [
        p
        for p in scored
        if (run.review_low <= p.probability < run.threshold or (p.left, p.right) in cut)
        and (p.left, p.right) not in decided
    ]
    pid_of = {pk: pid for pid, pk in pks.items()}
    _progress(run, "saving", 0, len(pks))
    _swap(run, outcome.person_of, pid_of, review, stats, alerts)
    audit(
        None,
        LogType.CHANGE,
        "cases.linkage.create",
        obj=run,
        user=user,
        metadata={"records": len(pks), "persons": outcome.persons, "review": len(review)},
    )
    run.refresh_from_db()
    return run


def _swap(
    run: LinkageRun,
    person_of: dict[int, int],
    pid_of: dict[int, str],
    review: list[Pair],
    stats: dict[str, Any],
    alerts: list[str],
) -> None:
    """Write the new persons and review pairs and make the run current: all or nothing."""
    with transaction.atomic():
        previous = LinkageRun.objects.select_for_update().filter(scope=run.scope, is_current=True)
        old = list(previous.exclude(pk=run.pk).values_list("pk", flat=True))
        PersonLink.objects.filter(run__in=old).delete()  # data minimisation: one run per scope
        ReviewPair.objects.filter(run__in=old).delete()
        LinkageRun.objects.filter(pk__in=old).update(is_current=False)
        PersonLink.objects.bulk_create(
            (
                PersonLink(run=run, case_id=pk, person=pid_of[head])
                for pk, head in person_of.items()
            ),
            batch_size=5000,
        )
        ReviewPair.objects.bulk_create(
            (
                ReviewPair(
                    run=run,
                    case_l_id=p.left,
                    case_r_id=p.right,
                    probability=p.probability,
                    weight=p.weight,
                )
                for p in review
            ),
            batch_size=5000,
        )
        LinkageRun.objects.filter(pk=run.pk).update(
            status=LinkageStatus.DONE,
            phase="done",
            done=len(person_of),
            total=len(person_of),
            records=len(person_of),
            persons=len(set(person_of.values())),
            review_pairs=len(review),
            stats=_json_safe(stats),
            alerts=alerts,
            is_current=True,
            finished_at=timezone.now(),
            heartbeat=timezone.now(),
        )


def _json_safe(stats: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, int | float | str | bool) else str(v)) for k, v in stats.items()}


# --- Capture histories for multiple-systems estimation ----------------------------------------


def _form(sexual: bool | None, labour: bool | None, types: str) -> str:
    if sexual:
        return "sexual_exploitation"
    if labour:
        return "forced_labour"
    return "other" if types else "unknown"


def _age_group(age_band: str, majority: str) -> str:
    if majority:
        return "children" if majority.lower().startswith("minor") else "adults"
    head = age_band.split("-")[0].strip() if age_band else ""
    if head.isdigit():
        return "children" if int(head) < 18 else "adults"
    return "unknown"


def _sex(gender: str) -> str:
    g = gender.strip().lower()
    if g in ("feminine", "female", "f", "woman", "girl"):
        return "female"
    if g in ("masculine", "male", "m", "man", "boy"):
        return "male"
    return "unknown"


def capture_histories_for(user: Any, run: LinkageRun | None = None) -> pd.DataFrame:
    """One row per person of the run in force: 0/1 per source and every stratum of ``STRATA``."""
    run = run or current_run_for(user)
    if run is None:
        raise LookupError("no linkage run in force for your organisations: run one first")
    links = PersonLink.objects.filter(run=run, case__in=linkage_cases(user))
    fields = (
        "case__pid",
        "case__source__name",
        "person",
        "case__year",
        "case__exploitation_country",
        "case__gender",
        "case__age_band",
        "case__majority",
        "case__sexual_exploitation",
        "case__forced_labour",
        "case__exploitation_types",
    )
    rows = list(links.values_list(*fields))
    frame = pd.DataFrame(
        [
            {
                "record_id": pid,
                "source": source,
                "cluster_id": person,
                "year": str(year) if year else "unknown",
                "country": country or "unknown",
                "sex": _sex(gender),
                "age_group": _age_group(band, majority),
                "exploitation": _form(sexual, labour, types),
            }
            for pid, source, person, year, country, gender, band, majority, sexual, labour, types in rows
        ],
        columns=["record_id", "source", "cluster_id", *STRATA],
    )
    if frame.empty:
        return frame
    return engine.capture_histories(frame, frame, strata=STRATA)


def capture_table_for(
    user: Any,
    strata: tuple[str, ...] = (),
    filters: dict[str, str] | None = None,
    run: LinkageRun | None = None,
) -> pd.DataFrame:
    """The MSE input for the persons a user may link: 0/1 per source, ``strata``, ``count``.

    ``filters`` keep persons with those stratum values (e.g. ``{"year": "2020", "sex":
    "female"}``); a person's stratum is their records' most frequent value. The counts sum to
    the number of persons kept.
    """
    unknown = [s for s in (*strata, *(filters or {})) if s not in STRATA]
    if unknown:
        raise ValueError(f"unknown stratum {unknown}; known: {list(STRATA)}")
    histories = capture_histories_for(user, run)
    if histories.empty:
        return pd.DataFrame(columns=[*strata, "count"])
    for key, value in (filters or {}).items():
        histories = histories[histories[key].astype(str) == str(value)]
    sources = [c for c in histories.columns if c not in ("cluster_id", *STRATA)]
    # a source that saw nobody in the filtered stratum carries no information for MSE
    sources = [s for s in sources if histories[s].sum() > 0]
    columns = [*sources, *strata]
    table = histories.groupby(columns, dropna=False).size().reset_index(name="count")
    return table.sort_values(columns, ascending=False).reset_index(drop=True)
