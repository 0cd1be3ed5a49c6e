"""Import a case file into a source: every cell validated, then all rows inserted or none.

1. The file is refused before reading if its format or size is wrong (readers.check_file).
2. The file is read ONCE, chunk by chunk, inside one transaction: each chunk is validated through
   ``palermo.htcds`` (every problem kept: row, column, field, value, rule) and, while no problem
   has been found, mapped and inserted (see ``palermo.cases.bulkload``). More rows than
   PALERMO_IMPORT_MAX_ROWS stops it. Any problem: inserting stops, validation goes on to the end
   of the file so the report is complete, and the transaction is rolled back: nothing is imported
   and the batch keeps the report (downloadable as CSV or JSON).
3. The same file (SHA-256) already imported into the source, or a dry run: the file is only
   validated ("duplicate" / "dry run"), nothing is written.
4. Because rows are inserted inside that ONE transaction, an interrupted import (an error, a
   crash, SIGKILL) leaves no row behind; the database rolls it back. Each row has a natural key
   (the agency's record id, keyed-hashed; or the file hash and row number) with a unique
   constraint, and conflicting rows are skipped, so running it again inserts nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from palermo.cases import vault
from palermo.cases.bulkload import Writer
from palermo.cases.fields import RECORD_ID_COLUMNS
from palermo.cases.models import CaseRecord, ImportBatch, ImportStatus, Source
from palermo.cases.readers import (
    FileRejected,
    check_file,
    chunk_factory,
    chunk_rows,
    limit,
    max_rows,
    sha256,
)
from palermo.htcds import (
    ColumnPlan,
    ValidationReport,
    chunk_problems,
    header_problems,
    plan_columns,
)
from palermo.htcds.validation import Chunk, column_names

Progress = Callable[[str, int, int], None]  # phase, rows done, rows in total (0 = unknown)
Sink = Callable[[Chunk, ColumnPlan, int], None]  # chunk, plan, rows before the chunk


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


def scan(
    chunks: Callable[[], Iterator[Chunk]],
    mapping: dict[str, str] | None,
    progress: Progress | None = None,
    sink: Sink | None = None,
) -> tuple[ValidationReport, list[dict[str, Any]]]:
    """One pass over the file: every problem (up to PALERMO_IMPORT_MAX_PROBLEMS kept), rows
    counted, the row limit enforced; each chunk goes to ``sink`` while no problem has been found.
    """
    report = ValidationReport(plan=ColumnPlan("htcds", (), (), (), ()))
    keep = limit("PALERMO_IMPORT_MAX_PROBLEMS", 100_000)
    problems: list[dict[str, Any]] = []
    count = rows = 0
    plan: ColumnPlan | None = None
    phase = "validating" if sink is None else "importing"
    for chunk in chunks():
        size = chunk.num_rows if isinstance(chunk, pa.Table) else len(chunk)
        if rows + size > max_rows():
            raise FileRejected(
                f"more than {max_rows():,} rows (PALERMO_IMPORT_MAX_ROWS); split the file"
            )
        header = []
        if plan is None:
            plan = report.plan = plan_columns(column_names(chunk), mapping or None)
            header = header_problems(plan)
        # Every reader yields str cells (readers.py), so the per-cell type check is skipped.
        for problem in chain(header, chunk_problems(chunk, plan, rows + 2, trusted=True)):
            count += 1
            if len(problems) < keep:
                problems.append(problem._asdict())
        if sink is not None and not count:
            step = chunk_rows()  # the memory bound of the conversion and insert
            for start in range(0, size, step):
                sink(_rows(chunk, start, step), plan, rows + start)
                if progress:
                    progress(phase, rows + min(start + step, size), 0)
        rows += size
        report.rows = rows
        if progress:
            progress(phase, rows, 0)
    report.truncated = count > len(problems)
    problems.sort(key=lambda p: (p["row"], p["column"]))
    return report, problems


def _rows(chunk: Chunk, start: int, count: int) -> Chunk:
    return (
        chunk.slice(start, count)
        if isinstance(chunk, pa.Table)
        else chunk.iloc[start : start + count]
    )


def validate_file(
    chunks: Callable[[], Iterator[Chunk]],
    mapping: dict[str, str] | None,
    progress: Progress | None = None,
) -> tuple[ValidationReport, list[dict[str, Any]]]:
    """Validation only (dry runs, duplicates, the benchmark): ``scan`` without a sink."""
    return scan(chunks, mapping, progress)


class _Invalid(Exception):
    """Raised inside the import transaction to roll back the rows of a file with problems."""


def import_file(
    path: Path | str,
    source: Source,
    *,
    dry_run: bool = False,
    user: Any = None,
    progress: Progress | None = None,
    batch: ImportBatch | None = None,
) -> Outcome:
    """Validate and import ``path`` into ``source``: all rows or none. See the module docstring."""
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

    earlier = (
        # A dry run of the same file wrote nothing: it does not make the real import a duplicate.
        ImportBatch.objects.filter(
            source=source, sha256=digest, status=ImportStatus.DONE, dry_run=False
        )
        .exclude(pk=batch.pk)
        .first()
    )
    write = not dry_run and earlier is None
    # Committed before the transaction: a killed import leaves its batch saying so.
    _save(batch, status=ImportStatus.IMPORTING if write else ImportStatus.VALIDATING)
    chunks = chunk_factory(path)
    mapping = effective_mapping(source)
    writer: Writer | None = None
    try:
        with transaction.atomic():
            before = CaseRecord.objects.filter(source=source).count() if write else 0
            writer = Writer(source, batch, digest, box) if write else None
            report, problems = scan(chunks, mapping, tell, writer)
            if problems or not write:
                raise _Invalid  # nothing to keep (problems, or only validating)
            assert writer is not None
            writer.close()
            _describe(batch, source, report, problems)
            created = CaseRecord.objects.filter(source=source).count() - before
            batch.created, batch.unchanged = created, batch.rows - created
            # An earlier import of this file that never finished (killed): say so on its batch.
            ImportBatch.objects.filter(
                source=source,
                sha256=digest,
                status__in=(ImportStatus.VALIDATING, ImportStatus.IMPORTING),
            ).exclude(pk=batch.pk).update(
                status=ImportStatus.FAILED,
                message=f"interrupted; imported again as batch {batch.pk}",
            )
            return _finish(batch, ImportStatus.DONE, message="")
    except FileRejected as exc:
        return _finish(batch, ImportStatus.INVALID, message=f"{path.name}: {exc}")
    except _Invalid:
        pass
    finally:
        if writer is not None:
            writer.restore()
    _describe(batch, source, report, problems)
    if problems:
        return _finish(batch, ImportStatus.INVALID, message=f"{len(problems)} problem(s) found")
    if earlier is not None:
        batch.unchanged = report.rows
        return _finish(
            batch, ImportStatus.DUPLICATE, message=f"already imported as batch {earlier.pk}"
        )
    return _finish(batch, ImportStatus.DONE, message="dry run: valid, nothing written")


def _describe(
    batch: ImportBatch, source: Source, report: ValidationReport, problems: list[dict[str, Any]]
) -> None:
    """The batch's scheme, row count and report (columns read, every problem)."""
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
