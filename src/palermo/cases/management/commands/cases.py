"""`palermo cases ...`: sources, imports, the public export, identifier purge and key rotation.

palermo cases add-source NAME --organisation SHORT [--retention-days N] [--mapping FILE.json]
palermo cases import FILE --source NAME [--dry-run] --json
palermo cases export --public --k 10 --out FILE.csv [--source NAME] --json
palermo cases purge-identifiers [--dry-run] --json
palermo cases rotate-keys [--dry-run] --json
palermo cases new-key
palermo cases link-run [--organisation SHORT] [--threshold P] --json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation
from palermo.cases import export, services, vault
from palermo.cases.importer import import_file
from palermo.cases.models import CaseRecord, ImportStatus, Source
from palermo.cases.readers import FileRejected
from palermo.htcds import load_saved_mapping


class Command(BaseCommand):
    help = (
        "Case data: add-source, import, export --public, purge-identifiers, rotate-keys, new-key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add-source", help="create a source owned by an organisation")
        add.add_argument("name")
        add.add_argument("--organisation", required=True, help="short name or name")
        add.add_argument("--retention-days", type=int, default=3650)
        add.add_argument("--mapping", help="saved mapping JSON: source column -> HTCDS field")
        add.add_argument("--json", action="store_true")
        imp = sub.add_parser("import", help="validate, then import all rows or none")
        imp.add_argument("file")
        imp.add_argument("--source", required=True)
        imp.add_argument("--dry-run", action="store_true", help="validate only")
        imp.add_argument("--json", action="store_true", help="print one JSON document")
        imp.add_argument("--no-progress", action="store_true", help="no progress bar")
        exp = sub.add_parser("export", help="k-anonymised CTDC-compatible public file")
        exp.add_argument("--public", action="store_true", required=True)
        exp.add_argument("--k", type=int, default=10)
        exp.add_argument("--max-suppression", type=float, default=0.05)
        exp.add_argument("--out", required=True)
        exp.add_argument("--source", action="append", default=[], help="limit to sources")
        exp.add_argument("--json", action="store_true")
        purge = sub.add_parser("purge-identifiers", help="apply each source's retention period")
        purge.add_argument("--dry-run", action="store_true")
        purge.add_argument("--json", action="store_true")
        rot = sub.add_parser("rotate-keys", help="re-encrypt identifiers under the first key")
        rot.add_argument("--dry-run", action="store_true")
        rot.add_argument("--json", action="store_true")
        sub.add_parser("new-key", help="print a new Fernet key for PALERMO_FIELD_KEYS")
        from palermo.cases.linkage_cli import add_link_run

        add_link_run(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"].replace("-", "_")
        try:
            result = getattr(self, f"do_{verb}")(options)
        except (FileRejected, export.ExportRefused, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if result is None:
            return
        if options.get("json"):
            self.stdout.write(json.dumps(result, sort_keys=True, default=str))
        else:
            self.stdout.write("\n".join(f"{k}: {v}" for k, v in result.items() if k != "problems"))

    def do_link_run(self, options: dict[str, Any]) -> dict[str, Any]:
        from palermo.cases.linkage_cli import link_run

        return link_run(options)

    def do_new_key(self, options: dict[str, Any]) -> None:
        self.stdout.write(vault.generate_key())

    def do_add_source(self, options: dict[str, Any]) -> dict[str, Any]:
        name = options["organisation"]
        org = Organisation.objects.filter(Q(short_name=name) | Q(name=name)).first()
        if org is None:
            raise CommandError(f"--organisation {name!r}: no such organisation")
        mapping = {}
        if options["mapping"]:
            mapping = load_saved_mapping(Path(options["mapping"]).read_text(encoding="utf-8"))
        source, made = Source.objects.get_or_create(
            name=options["name"],
            defaults={
                "organisation": org,
                "retention_days": options["retention_days"],
                "mapping": mapping,
            },
        )
        if made:
            audit(None, LogType.CHANGE, "cases.source.create", obj=source)
        return {"source": source.name, "id": source.pk, "created": made}

    def do_import(self, options: dict[str, Any]) -> dict[str, Any]:
        source = Source.objects.filter(name=options["source"]).first()
        if source is None:
            raise CommandError(f"--source {options['source']!r}: no such source")
        bar = None
        if not options["no_progress"] and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(unit=" rows", file=sys.stderr)

        def progress(phase: str, done: int, total: int) -> None:
            if bar is not None:
                bar.set_description(phase)
                bar.total = total or None
                bar.n = done
                bar.refresh()

        path = Path(options["file"])
        try:
            outcome = import_file(path, source, dry_run=options["dry_run"], progress=progress)
        finally:
            if bar is not None:
                bar.close()
        batch = outcome.batch
        audit(
            None,
            LogType.CHANGE,
            "cases.batch.import",
            obj=batch,
            metadata={"status": batch.status, "created": batch.created, "rows": batch.rows},
        )
        report = outcome.as_dict()
        if batch.status == ImportStatus.INVALID:
            if not options["json"]:
                for p in report["problems"][:50]:
                    self.stderr.write(
                        f"{path}: row {p['row']}, column {p['column']}: {p['message']}"
                    )
            else:
                self.stdout.write(json.dumps(report, sort_keys=True, default=str))
            raise CommandError(f"{path}: {batch.message}; nothing imported")
        return report

    def do_export(self, options: dict[str, Any]) -> dict[str, Any]:
        cases = CaseRecord.objects.all()
        if options["source"]:
            cases = cases.filter(source__name__in=options["source"])
        result = export.build(cases, k=options["k"], max_suppression=options["max_suppression"])
        out = Path(options["out"])
        export.write_csv(result, out)
        audit(
            None,
            LogType.EXPORT,
            "cases.public.export",
            object_type="cases.CaseRecord",
            metadata={**result.summary, "out": str(out)},
        )
        return {**result.summary, "out": str(out)}

    def do_purge_identifiers(self, options: dict[str, Any]) -> dict[str, Any]:
        return services.purge_identifiers(dry_run=options["dry_run"])

    def do_rotate_keys(self, options: dict[str, Any]) -> dict[str, Any]:
        return services.rotate_keys(dry_run=options["dry_run"])
