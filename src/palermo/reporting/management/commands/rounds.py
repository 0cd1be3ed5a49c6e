"""`palermo rounds list|responders|remind|questionnaires`: reporting rounds from the command line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.reporting import collation, queries, services
from palermo.reporting.models import Round
from palermo.reporting.questionnaires import QuestionnaireError


class Command(BaseCommand):
    help = (
        "Reporting rounds: list them, print the responding States in a language's collation order, "
        "e-mail reminders to invited organisations that have not submitted, check the questionnaires."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="every round with its counts")
        ls.add_argument("--json", action="store_true")
        rs = sub.add_parser("responders", help="the States that answered ROUND, in collation order")
        rs.add_argument("round", help="the round's code (e.g. a-74-127) or id")
        rs.add_argument(
            "--lang", default="en", choices=["en", "fr"], help="names and order (default en)"
        )
        rs.add_argument("--accepted", action="store_true", help="accepted answers only")
        rs.add_argument("--json", action="store_true")
        rm = sub.add_parser(
            "remind", help="e-mail the invited organisations that have not submitted"
        )
        rm.add_argument("round", help="the round's code or id")
        rm.add_argument(
            "--dry-run", action="store_true", help="list who would be reminded, send nothing"
        )
        rm.add_argument("--json", action="store_true")
        qs = sub.add_parser(
            "questionnaires", help="validate the shipped questionnaire files and store them"
        )
        qs.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "questionnaires":
            self._questionnaires(options)
            return
        if action == "list":
            self._list(options)
            return
        try:
            round_ = queries.find_round(options["round"])
        except Round.DoesNotExist as exc:
            raise CommandError(str(exc)) from None
        if action == "responders":
            self._responders(round_, options)
        else:
            self._remind(round_, options)

    def _emit(self, doc: dict[str, Any], options: dict[str, Any], lines: list[str]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False))
        else:
            for line in lines:
                self.stdout.write(line)

    def _list(self, options: dict[str, Any]) -> None:
        rounds = [
            {
                "code": r.code,
                "name": r.name,
                "questionnaire": r.questionnaire.code,
                "deadline": r.deadline.isoformat(),
                "status": r.status,
                "invited": r.invitations.count(),
                "responded": len(queries.responders(r)),
            }
            for r in Round.objects.select_related("questionnaire")
        ]
        lines = [
            f"{r['code']:<20}{r['status']:<8}{r['deadline']}  {r['responded']}/{r['invited']}  {r['name']}"
            for r in rounds
        ]
        self._emit({"rounds": rounds}, options, lines)

    def _responders(self, round_: Round, options: dict[str, Any]) -> None:
        lang = options["lang"]
        found = queries.responders(round_, lang, accepted_only=options["accepted"])
        doc = {
            "round": round_.code,
            "lang": lang,
            "collation": collation.engine(),
            "count": len(found),
            "responders": [{"iso3": r.iso3, "name": r.name, "status": r.status} for r in found],
        }
        self._emit(doc, options, [", ".join(r.name for r in found)])

    def _remind(self, round_: Round, options: dict[str, Any]) -> None:
        result = services.remind(None, None, round_, dry_run=options["dry_run"])
        verb = "would remind" if options["dry_run"] else "reminded"
        lines = [f"{verb} {len(result['reminded'])} organisation(s) of {round_.code}"]
        lines += [f"  {r['organisation']}: {', '.join(r['to'])}" for r in result["reminded"]]
        lines += [f"  no e-mail address: {name}" for name in result["without_address"]]
        self._emit(result, options, lines)

    def _questionnaires(self, options: dict[str, Any]) -> None:
        try:
            rows = services.sync_questionnaires()
        except QuestionnaireError as exc:
            raise CommandError(str(exc)) from None
        doc = {
            "questionnaires": [
                {
                    "code": q.code,
                    "version": q.version,
                    "title": q.title,
                    "source": q.source,
                    "checksum": q.checksum,
                }
                for q in rows
            ]
        }
        self._emit(doc, options, [f"{q.code} v{q.version}: {q.name('en')}" for q in rows])
