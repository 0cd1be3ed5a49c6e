"""`palermo demo setup`: reference data, demo organisations, one user per role, and each app's demo data.

An app adds demo data by providing ``palermo.<app>.demo.load_demo(stdout) -> dict`` (idempotent,
clearly marked as demo); this command calls every one of them after the accounts exist, in the order
of INSTALLED_APPS.

Idempotent: a second run changes nothing but the demo users' passwords (reset to the printed one).
Refuses to run when PALERMO_HTTPS is set, a sign of a production deployment.
"""

from __future__ import annotations

import importlib
import json
import os
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from palermo.accounts.models import Membership, Organisation, OrganisationKind, Role, User

DEMO_PASSWORD = os.environ.get("PALERMO_DEMO_PASSWORD", "Palermo-demo-2026!")

# Fictitious organisations: the demo must not pretend to be a real agency.
ORGANISATIONS = [
    ("Demo UN Secretariat (anti-trafficking section)", "DEMO-UN", OrganisationKind.UN, ""),
    ("Demo National Rapporteur, Republic of Examplia", "DEMO-NR", OrganisationKind.STATE, ""),
    ("Demo NGO Safe Harbour", "DEMO-NGO", OrganisationKind.NGO, ""),
    ("Demo Foundation for Survivors", "DEMO-DONOR", OrganisationKind.DONOR, ""),
]

# username, role, organisation short name
USERS = [
    ("admin", Role.PLATFORM_ADMIN, "DEMO-UN"),
    ("analyst", Role.SECRETARIAT_ANALYST, "DEMO-UN"),
    ("focalpoint", Role.NATIONAL_FOCAL_POINT, "DEMO-NR"),
    ("caseworker", Role.CASE_WORKER, "DEMO-NGO"),
    ("fundofficer", Role.FUND_OFFICER, "DEMO-UN"),
    ("reviewer", Role.REVIEWER, "DEMO-DONOR"),
    ("readonly", Role.READ_ONLY, "DEMO-NR"),
]


class Command(BaseCommand):
    help = "Set up the demo: load reference data, create demo organisations and one user per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["setup"])
        parser.add_argument(
            "--skip-reference", action="store_true", help="do not load reference data"
        )
        parser.add_argument("--skip-apps", action="store_true", help="no app demo data (cases...)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        if os.environ.get("PALERMO_HTTPS"):
            raise CommandError(
                "refusing to create demo users on a deployment with PALERMO_HTTPS set"
            )
        if not options["skip_reference"]:
            call_command(
                "reference", "load", stdout=self.stderr if options["json"] else self.stdout
            )
        users = self._accounts()
        log = self.stderr if options["json"] else self.stdout
        app_demos = {}
        if not options["skip_apps"]:
            for config in apps.get_app_configs():
                module = f"{config.name}.demo"
                if config.name.startswith("palermo.") and find_spec(module):
                    log.write(f"demo data: {config.label}")
                    app_demos[config.label] = importlib.import_module(module).load_demo(log)
        if options["json"]:
            doc = {"password": DEMO_PASSWORD, "users": users, "apps": app_demos}
            self.stdout.write(json.dumps(doc, default=str))
            return
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for user in users:
            self.stdout.write(f"  {user['username']:<12} {user['role']:<22} {user['organisation']}")
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.\n")

    @transaction.atomic
    def _accounts(self) -> list[dict[str, str]]:
        orgs = {}
        for name, short, kind, iso3 in ORGANISATIONS:
            orgs[short], _ = Organisation.objects.update_or_create(
                short_name=short, defaults={"name": name, "kind": kind, "country_iso3": iso3}
            )
        out = []
        for username, role, org in USERS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.is_staff = role == Role.PLATFORM_ADMIN
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.get_or_create(user=user, organisation=orgs[org], role=role)
            out.append({"username": username, "role": str(role), "organisation": orgs[org].name})
        return out
