"""`palermo caselaw import|import-sherloc|search|alerts|reindex`: the case law from the shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.caselaw import importer, index, queries, services
from palermo.caselaw.models import Decision, Status


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a data command: the web checks are not its concern
    help = "Case law: import decisions, search them, send saved-search alerts, rebuild the index."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import decisions from a CSV or JSON file (by ref)")
        imp.add_argument("file", type=Path)
        imp.add_argument(
            "--status",
            choices=Status.values,
            default=Status.DRAFT,
            help="status of rows without a status column (default: draft, to be reviewed)",
        )
        imp.add_argument("--json", action="store_true")
        sher = sub.add_parser("import-sherloc", help="import the shipped SHERLOC index (1,567)")
        sher.add_argument("--file", type=Path, default=importer.SHERLOC_INDEX)
        sher.add_argument("--json", action="store_true")
        search = sub.add_parser("search", help="search the published decisions")
        search.add_argument("query", nargs="?", default="")
        search.add_argument("--country", action="append", help="ISO3 (repeatable)")
        search.add_argument("--year", action="append", help="YYYY (repeatable)")
        search.add_argument("--limit", type=int, default=20)
        search.add_argument("--sort", choices=list(queries.SORTS), default="relevance")
        search.add_argument("--json", action="store_true")
        alerts = sub.add_parser("alerts", help="mail saved searches' new matches (once each)")
        alerts.add_argument("--json", action="store_true")
        reindex = sub.add_parser("reindex", help="rebuild the full-text index from the table")
        reindex.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action in ("import", "import-sherloc"):
            try:
                if action == "import":
                    records = importer.read_file(options["file"], options["status"])
                else:
                    records = importer.sherloc_index_records(options["file"])
                result: dict[str, Any] = services.write_records(
                    records, metadata={"file": str(options["file"])}
                )
            except importer.CaselawImportError as exc:
                raise CommandError(str(exc)) from None
            result["file"] = str(options["file"])
        elif action == "search":
            if options["limit"] < 0:
                raise CommandError("--limit: must be 0 or more")
            filters = {"country": options["country"] or [], "year": options["year"] or []}
            found = queries.search(
                None, options["query"], filters, sort=options["sort"], limit=options["limit"]
            )
            result = found.as_dict()
        elif action == "alerts":
            result = services.send_alerts()
        else:
            index.clear()
            done = 0
            batch = Decision.objects.order_by("id")
            for start in range(0, batch.count(), 1000):
                done += index.index_decisions(batch[start : start + 1000])
            result = {"indexed": done}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
        elif action == "search":
            self.stdout.write(f"{result['total']} decision(s)")
            for hit in result["hits"]:
                self.stdout.write(
                    f"{hit['id']:>7}  {hit['country']}  {hit['year']}  {hit['title']}"
                )
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
