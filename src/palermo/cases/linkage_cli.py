"""`palermo cases link-run`: a linkage run from the command line, as the web page starts one."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import CommandError
from django.db.models import Q

from palermo import linkage as engine
from palermo.accounts.models import Organisation, User
from palermo.cases import linkage

DEFAULT_THRESHOLD = engine.LinkageOptions.threshold


def add_link_run(sub: Any) -> None:
    run = sub.add_parser(
        "link-run", help="link the cases of every organisation (or one); decisions applied"
    )
    run.add_argument("--organisation", help="short name or name; default: every organisation")
    run.add_argument(
        "--user", help="run in this user's scope (their linkage roles) instead of the operator's"
    )
    run.add_argument(
        "--threshold", type=float, default=DEFAULT_THRESHOLD, help="match probability to merge"
    )
    run.add_argument("--json", action="store_true", help="print one JSON document")


def link_run(options: dict[str, Any] | argparse.Namespace) -> dict[str, Any]:
    opts = vars(options) if isinstance(options, argparse.Namespace) else options
    user = None
    if opts.get("user"):
        user = User.objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"--user {opts['user']!r}: no such user")
    organisation = None
    if opts.get("organisation"):
        name = opts["organisation"]
        organisation = Organisation.objects.filter(Q(short_name=name) | Q(name=name)).first()
        if organisation is None:
            raise CommandError(f"--organisation {name!r}: no such organisation")
    if not 0 < opts.get("threshold", DEFAULT_THRESHOLD) <= 1:
        raise CommandError("--threshold: a probability in (0, 1]")
    try:
        run = linkage.create_run(
            user, organisation, threshold=opts.get("threshold", DEFAULT_THRESHOLD)
        )
    except linkage.LinkageRefused as exc:
        raise CommandError(str(exc)) from exc
    try:
        run = linkage.execute_run(run, user)
    except Exception as exc:
        raise CommandError(f"linkage run {run.pk} failed: {exc}") from exc
    return {
        "run": run.pk,
        "status": run.status,
        "organisations": sorted(run.organisations.values_list("short_name", flat=True)),
        "records": run.records,
        "persons": run.persons,
        "review_pairs": run.review_pairs,
        "threshold": run.threshold,
        "alerts": run.alerts,
        "seconds": run.stats.get("seconds"),
        "pairs_scored": run.stats.get("pairs_scored"),
    }
