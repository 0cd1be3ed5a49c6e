"""Import a case file into a source: validate every cell first, then insert all rows or none.

1. The file is refused before reading if its format or size is wrong (readers.check_file).
2. Validation streams the file through ``palermo.htcds`` and keeps every problem (row, column,
   field, value, rule); more rows than PALERMO_IMPORT_MAX_ROWS stops it. Any problem: nothing is
   imported and the batch keeps the report (downloadable as CSV or JSON).
3. The same file (SHA-256) already imported into the source: nothing happens ("duplicate").
4. Otherwise the rows are inserted chunk by chunk inside ONE transaction, so an interrupted
   import (an error, a crash, SIGKILL) leaves no row behind; the database rolls it back. Each row
   has a natural key (the agency's record id, keyed-hashed; or the file hash and row number) with a
   unique constraint, and conflicting rows are skipped, so running it again inserts nothing twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from palermo.cases import vault
from palermo.cases.fields import IDENTIFIER_FIELDS, RECORD_ID_COLUMNS, TYPED_COLUMNS
from palermo.cases.models import CaseRecord, ImportBatch, ImportStatus, Source, new_pid
from palermo.cases.readers import (
    FileRejected,
    check_file,
    chunk_factory,
    limit,
    max_rows,
    sha256,
)
from palermo.htcds import ColumnPlan, ValidationReport, iter_problems, plan_columns, to_htcds

Progress = Callable[[str, int, int], None]  # phase, rows done, rows in total (0 = unknown)
COUNTRY = re.compile(r"^[A-Z]{2}$")
BATCH_SIZE = 2_000


def progress_key(batch_id: int) -> str:
    return f"palermo.cases.import.{batch_id}"


def read_progress(batch_id: int) -> dict[str, Any] | None:
    value: dict[str, Any] | None = cache.get(progress_key(batch_id))
    return value


@dataclass
class Outcome:
    """What an import did; ``as_dict`` is the ``--json`` output."""

    batch: ImportBatch
    report: ValidationReport | None = None
    problems: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        b = self.batch
        return {
            "batch": b.pk,
            "source": b.source.name,
            "file": b.filename,
            "sha256": b.sha256,
            "status": b.status,
            "dry_run": b.dry_run,
            "scheme": b.scheme,
            "rows": b.rows,
            "created": b.created,
            "unchanged": b.unchanged,
            "problem_count": b.problem_count,
            "problems": b.report.get("problems", []),
            "truncated": b.report.get("truncated", False),
            "message": b.message,
        }


def effective_mapping(source: Source) -> dict[str, str]:
    """The source's saved mapping, with the record id columns read aside (natural key)."""
    return {**dict.fromkeys(RECORD_ID_COLUMNS, ""), **(source.mapping or {})}


def _scheme(report: ValidationReport, source: Source) -> str:
    """ "saved" only when the source has its own mapping; else how the names were read."""
    if source.mapping:
        return "saved"
    plan = report.plan
    columns = [*plan.fields, *plan.ignored, *plan.unknown]
    return plan_columns([c for c in columns if c not in RECORD_ID_COLUMNS]).scheme


def _year(text: str) -> int | None:
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def _flag(types: str, name: str) -> bool | None:
    return None if not types else name in types.split(";")


def build_record(row: dict[str, str], key: str, box: Any) -> dict[str, Any]:
    """One mapped HTCDS row as CaseRecord column values: typed columns, extra, vault."""
    typed: dict[str, Any] = {}
    identifiers: dict[str, str] = {}
    extra: dict[str, str] = {}
    for name, value in row.items():
        if value == "":
            continue
        if name in IDENTIFIER_FIELDS:
            identifiers[name] = value
        elif name == "vic_LocationOfExploitation" and not COUNTRY.match(value):
            identifiers[name] = value  # a place, not a country code: it may locate a person
        elif name in TYPED_COLUMNS:
            typed[TYPED_COLUMNS[name]] = value
        else:
            extra[name] = value
    types = typed.get("exploitation_types", "")
    typed["citizenship"] = typed.get("citizenship_all", "").split(";")[0][:2]
    typed["year"] = _year(typed.get("year_text", ""))
    return {
        **typed,
        "pid": new_pid(),
        "record_key": key,
        "forced_labour": _flag(types, "ForcedLabour"),
        "sexual_exploitation": _flag(types, "SexualExploitation"),
        "extra": extra,
        "vault": vault.encrypt(identifiers, box),
        "name_index": vault.blind_index(
            identifiers.get("prs_FirstName", ""), identifiers.get("prs_SecondName", "")
        ),
    }


class _Inserter:
    """Plain multi-row INSERT ... ON CONFLICT DO NOTHING (SQLite >= 3.24, PostgreSQL).

    The ORM's bulk_create prepares every cell through its field and, on SQLite, sends 30 rows per
    statement; this prepares only the JSON and date-time cells and lets the driver run executemany,
    several times faster on a million rows. A conflicting natural key is skipped, as before.
    """

    def __init__(self, source: Source, batch: ImportBatch) -> None:
        self.fields = [f for f in CaseRecord._meta.concrete_fields if not f.primary_key]
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        # Table and column names come from the model; every value is a bound parameter.
        table = qn(CaseRecord._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
        now = timezone.now()
        self.base: dict[str, Any] = {
            f.attname: f.get_default() for f in self.fields if f.attname != "pid"
        }
        self.base.update(source_id=source.pk, batch_id=batch.pk)
        for name in ("created_at", "updated_at"):
            self.base[name] = CaseRecord._meta.get_field(name).get_db_prep_save(now, connection)
        self.extra = CaseRecord._meta.get_field("extra")
        self.order = [f.attname for f in self.fields]

    def insert(self, rows: list[dict[str, Any]]) -> None:
        params = []
        for row in rows:
            values = {**self.base, **row}
            values["extra"] = self.extra.get_db_prep_save(values["extra"], connection)
            params.append([values[name] for name in self.order])
        with connection.cursor() as cursor:
            for start in range(0, len(params), BATCH_SIZE):
                cursor.executemany(self.sql, params[start : start + BATCH_SIZE])


def _record_ids(raw: pd.DataFrame) -> pd.Series | None:
    for column in RECORD_ID_COLUMNS:
        if column in raw.columns:
            return raw[column].astype(str)
    return None


def validate_file(
    chunks: Callable[[], Iterator[pd.DataFrame]],
    mapping: dict[str, str] | None,
    progress: Progress | None = None,
) -> tuple[ValidationReport, list[dict[str, Any]]]:
    """Every problem (up to PALERMO_IMPORT_MAX_PROBLEMS kept), rows counted; row limit enforced."""
    report = ValidationReport(plan=ColumnPlan("htcds", (), (), (), ()))
    keep = limit("PALERMO_IMPORT_MAX_PROBLEMS", 100_000)
    problems: list[dict[str, Any]] = []
    count = 0

    def counted() -> Iterator[pd.DataFrame]:
        rows = 0
        for chunk in chunks():
            rows += len(chunk)
            if rows > max_rows():
                raise FileRejected(
                    f"more than {max_rows():,} rows (PALERMO_IMPORT_MAX_ROWS); split the file"
                )
            yield chunk
            if progress:
                progress("validating", rows, 0)

    for problem in iter_problems(counted(), mapping or None, report=report):
        count += 1
        if len(problems) < keep:
            problems.append(problem._asdict())
    report.truncated = count > len(problems)
    report.problems = []  # kept as dicts above; the report carries the plan and row count
    problems.sort(key=lambda p: (p["row"], p["column"]))
    return report, problems if count else []


def import_file(
    path: Path | str,
    source: Source,
    *,
    dry_run: bool = False,
    user: Any = None,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
) -> Outcome:
    """Validate then import ``path`` into ``source``: all rows or none. See the module docstring."""
    path = Path(path)
    check_file(path)
    digest = sha256(path)
    if batch is None:
        batch = ImportBatch.objects.create(
            source=source,
            filename=path.name[:255],
            sha256=digest,
            size=path.stat().st_size,
            dry_run=dry_run,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
    else:
        batch.sha256, batch.size = digest, path.stat().st_size
    box = vault.fernet()  # fail on a missing key before reading anything

    def tell(phase: str, done: int, total: int) -> None:
        cache.set(progress_key(batch.pk), {"phase": phase, "done": done, "total": total}, 3600)
        if progress:
            progress(phase, done, total)

    _save(batch, status=ImportStatus.VALIDATING)
    chunks = chunk_factory(path)
    try:
        report, problems = validate_file(chunks, effective_mapping(source), tell)
    except FileRejected as exc:
        return _finish(batch, ImportStatus.INVALID, message=f"{path.name}: {exc}")
    batch.scheme, batch.rows, batch.problem_count = (
        _scheme(report, source),
        report.rows,
        len(problems),
    )
    batch.report = {
        "columns": report.plan.fields,
        "ignored": list(report.plan.ignored),
        "unknown": list(report.plan.unknown),
        "truncated": report.truncated,
        "problems": problems,
    }
    if problems:
        return _finish(batch, ImportStatus.INVALID, message=f"{len(problems)} problem(s) found")
    earlier = (
        ImportBatch.objects.filter(source=source, sha256=digest, status=ImportStatus.DONE)
        .exclude(pk=batch.pk)
        .first()
    )
    if earlier is not None:
        batch.unchanged = report.rows
        return _finish(
            batch, ImportStatus.DUPLICATE, message=f"already imported as batch {earlier.pk}"
        )
    if dry_run:
        return _finish(batch, ImportStatus.DONE, message="dry run: valid, nothing written")
    _save(batch, status=ImportStatus.IMPORTING)
    _insert(chunks, source, batch, digest, box, report.rows, tell)
    return Outcome(batch=batch)


def _insert(
    chunks: Callable[[], Iterator[pd.DataFrame]],
    source: Source,
    batch: ImportBatch,
    digest: str,
    box: Any,
    total: int,
    tell: Progress,
) -> int:
    before = CaseRecord.objects.filter(source=source).count()
    mapping = effective_mapping(source)
    inserter = _Inserter(source, batch)
    done = 0
    with transaction.atomic():
        for raw in chunks():
            ids = _record_ids(raw)
            mapped = next(to_htcds(raw, mapping, chunksize=len(raw) + 1))
            records = []
            for i, row in enumerate(mapped.to_dict("records")):
                if ids is not None and ids.iat[i].strip():
                    key = vault.keyed_hash(str(source.pk), "id", ids.iat[i].strip())
                else:
                    key = vault.keyed_hash(str(source.pk), "row", digest, str(done + i))
                records.append(build_record(row, key, box))
            inserter.insert(records)
            done += len(raw)
            tell("importing", done, total)
        created = CaseRecord.objects.filter(source=source).count() - before
        batch.created, batch.unchanged = created, total - created
        # An earlier import of this file that never finished (killed): say so on its batch.
        ImportBatch.objects.filter(
            source=source,
            sha256=digest,
            status__in=(ImportStatus.VALIDATING, ImportStatus.IMPORTING),
        ).exclude(pk=batch.pk).update(
            status=ImportStatus.FAILED, message=f"interrupted; imported again as batch {batch.pk}"
        )
        _finish(batch, ImportStatus.DONE, message="")
    return created


def _save(batch: ImportBatch, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(batch, name, value)
    batch.save()


def _finish(batch: ImportBatch, status: str, message: str) -> Outcome:
    _save(batch, status=status, message=message, finished_at=timezone.now())
    cache.set(
        progress_key(batch.pk), {"phase": status, "done": batch.rows, "total": batch.rows}, 3600
    )
    return Outcome(batch=batch)
