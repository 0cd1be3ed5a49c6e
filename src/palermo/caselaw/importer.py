"""Reading decisions from files: the SHERLOC index, full records from CSV or JSON, validated.

Every problem names the file, the row (1 = first data row; line numbers for CSV count the header
as line 1) and the column. Nothing is written unless the whole file is valid (all or nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from palermo.caselaw import taxonomy
from palermo.caselaw.models import (
    AgeGroup,
    CourtLevel,
    LegalSystem,
    PartyRole,
    PartySex,
    Source,
    Status,
    Verdict,
)
from palermo.caselaw.validation import designation_problem
from palermo.reference.models import Country

SHERLOC_INDEX = Path(__file__).parent / "data" / "sherloc_tip_case_index_2021_parsed.csv.gz"
SHERLOC_BODIES = {"_irb": "International or regional body"}
TAG_COLUMNS = {"acts": "act", "means": "means", "purposes": "purpose", "forms": "form",
               "sectors": "sector", "keywords": "keyword"}  # fmt: skip
CHOICES = {
    "court_level": CourtLevel.values,
    "legal_system": LegalSystem.values,
    "verdict": Verdict.values,
    "status": Status.values,
}
TEXT_COLUMNS = ("title", "jurisdiction", "court", "docket_number", "procedural_history",
                "charges", "sentences", "full_text", "source_url")  # fmt: skip


@dataclass
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}, column {self.column}: {self.message}"


class CaselawImportError(Exception):
    """A file that cannot be imported; ``problems`` lists every fault found (file, row, column)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(shown + more)


def _countries() -> dict[str, int]:
    return dict(Country.objects.values_list("iso3", "id"))


def sherloc_index_records(path: Path = SHERLOC_INDEX) -> list[dict[str, Any]]:
    """The SHERLOC index as records: one published decision per case, linked to SHERLOC."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        rows = list(csv.DictReader(handle))
    countries = _countries()
    problems, records = [], []
    for number, row in enumerate(rows, start=2):
        code = (row.get("jurisdiction_code") or "").strip()
        country_id = countries.get(code.upper())
        if code not in SHERLOC_BODIES and country_id is None:
            problems.append(Problem(path.name, number, "jurisdiction_code", f"unknown {code!r}"))
            continue
        year = (row.get("year") or "").strip()  # 108 cases of the index have no year
        if year and not year.isdigit():
            problems.append(Problem(path.name, number, "year", f"not a year: {year!r}"))
            continue
        slug = row["slug"].strip()
        title = " ".join(slug.replace("_", " ").split()) or slug
        records.append(
            _blank(
                ref=f"sherloc:{code}/{year or '-'}/{slug}",
                title=title[:1].upper() + title[1:],
                country_id=country_id,
                jurisdiction=SHERLOC_BODIES.get(code, ""),
                year=int(year) if year else None,
                source=Source.SHERLOC_INDEX,
                source_url=row["url"].strip(),
                status=Status.PUBLISHED,
            )
        )
    if problems:
        raise CaselawImportError(problems)
    return records


def _blank(**values: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "title": "", "country_id": None, "jurisdiction": "", "court": "", "court_level": "",
        "date": None, "year": None, "docket_number": "", "legal_system": "",
        "procedural_history": "", "charges": "", "verdict": "", "sentences": "",
        "language": "en", "summaries": {}, "full_text": "", "source": Source.IMPORT,
        "source_url": "", "status": Status.DRAFT, "appeal_of": "", "tags": [], "parties": [],
    }  # fmt: skip
    rec.update(values)
    return rec


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, row) pairs of a CSV or JSON file (a list, or {"decisions": [...]})."""
    raw = path.read_bytes()
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CaselawImportError([Problem(path.name, 0, "-", f"not JSON: {exc}")]) from None
        items = data.get("decisions") if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            msg = "expected a list of objects or {'decisions': [...]}"
            raise CaselawImportError([Problem(path.name, 0, "-", msg)])
        return list(enumerate(items, start=1))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaselawImportError([Problem(path.name, 0, "-", f"not UTF-8: {exc}")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    for row in reader:
        if None in row:
            problem = Problem(path.name, reader.line_num, "-", "more cells than header columns")
            raise CaselawImportError([problem])
        rows.append((reader.line_num, row))
    return rows


def _list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return value
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _party(value: Any, role: str, countries: dict[str, int]) -> dict[str, Any]:
    """A party from {"sex", "age_group", "nationality", "count", "designation"} or
    "sex:age_group:NAT:count[:designation]"."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(":")]
        keys = ("sex", "age_group", "nationality", "count", "designation")
        value = dict(zip(keys, parts, strict=False))
    if not isinstance(value, dict):
        raise ValueError("expected an object or 'sex:age_group:NAT:count[:designation]'")
    sex = value.get("sex") or PartySex.UNKNOWN
    age = value.get("age_group") or AgeGroup.UNKNOWN
    if sex not in PartySex.values:
        raise ValueError(f"sex {sex!r} not one of {', '.join(PartySex.values)}")
    if age not in AgeGroup.values:
        raise ValueError(f"age group {age!r} not one of {', '.join(AgeGroup.values)}")
    nat = str(value.get("nationality") or "").upper()
    if nat and nat not in countries:
        raise ValueError(f"unknown nationality {nat!r} (ISO3)")
    count = str(value.get("count") or "1")
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"count {count!r} is not a positive whole number")
    designation = str(value.get("designation") or "")
    if role == PartyRole.VICTIM and (why := designation_problem(designation)):
        raise ValueError(f"victim {designation!r}: {why}")
    return {"role": role, "designation": designation[:64], "sex": sex, "age_group": age,
            "nationality_id": countries.get(nat), "count": int(count)}  # fmt: skip


def to_record(
    row: dict[str, Any], fail: Any, countries: dict[str, int], default_status: str
) -> dict[str, Any]:
    """One validated record from a file row; ``fail(column, message)`` collects problems."""

    def s(key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value).strip()

    rec = _blank(status=default_status)
    rec["ref"] = s("ref") or s("id")
    if not rec["ref"]:
        fail("ref", "missing: every decision needs a stable reference")
    for key in TEXT_COLUMNS:
        rec[key] = s(key)
    if not rec["title"]:
        fail("title", "missing")
    iso3 = s("country").upper()
    if iso3:
        rec["country_id"] = countries.get(iso3)
        if rec["country_id"] is None:
            fail("country", f"unknown ISO3 code {iso3!r}")
    for key, allowed in CHOICES.items():
        if s(key):
            rec[key] = s(key)
            if s(key) not in allowed:
                fail(key, f"{s(key)!r} not one of {', '.join(v for v in allowed if v)}")
    if s("date"):
        try:
            rec["date"] = dt.date.fromisoformat(s("date"))
            rec["year"] = rec["date"].year
        except ValueError:
            fail("date", f"not a date (YYYY-MM-DD): {s('date')!r}")
    if s("year"):
        if not s("year").isdigit() or not 1900 <= int(s("year")) <= 2100:
            fail("year", f"not a year: {s('year')!r}")
        else:
            rec["year"] = int(s("year"))
    rec["language"] = (s("language") or "en")[:8]
    rec["appeal_of"] = s("appeal_of")
    summaries = row.get("summaries") if isinstance(row.get("summaries"), dict) else {}
    summaries = {str(k)[:8]: str(v) for k, v in (summaries or {}).items() if v}
    for key in row:
        if str(key).startswith("summary_") and s(key):
            summaries[str(key)[8:]] = s(key)
    rec["summaries"] = summaries
    tags = []
    for column, kind in TAG_COLUMNS.items():
        for code in _list(row.get(column)):
            if code not in taxonomy.codes(kind):
                fail(column, f"{code!r} is not a {kind} of the taxonomy (data/taxonomy.json)")
            tags.append((kind, code))
    for label in _list(row.get("sherloc_keywords")):
        mapped = taxonomy.from_sherloc(label)
        if mapped is None:
            fail("sherloc_keywords", f"SHERLOC keyword {label!r} has no mapping")
        else:
            tags.append(mapped)
    rec["tags"] = sorted(set(tags))
    for column, role in (("victims", PartyRole.VICTIM), ("defendants", PartyRole.DEFENDANT)):
        for item in _list(row.get(column)):
            try:
                rec["parties"].append(_party(item, role, countries))
            except ValueError as exc:
                fail(column, str(exc))
    return rec


def read_file(path: Path, default_status: str = Status.DRAFT) -> list[dict[str, Any]]:
    """Validated records of a CSV or JSON file of decisions, or CaselawImportError."""
    if not path.is_file():
        raise CaselawImportError([Problem(str(path), 0, "-", "no such file")])
    countries = _countries()
    problems: list[Problem] = []
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, row in read_rows(path):

        def fail(column: str, message: str, number: int = number) -> None:
            problems.append(Problem(path.name, number, column, message))

        rec = to_record(row, fail, countries, default_status)
        if rec["ref"] in seen:
            fail("ref", f"{rec['ref']!r} already on row {seen[rec['ref']]}")
        seen[rec["ref"]] = number
        records.append(rec)
    if problems:
        raise CaselawImportError(problems)
    return records


def row_of(decision: Any) -> dict[str, Any]:
    """A stored decision in the import format (JSON flavour): what the API shows and merges."""
    tags: dict[str, list[str]] = {column: [] for column in TAG_COLUMNS}
    columns = {kind: column for column, kind in TAG_COLUMNS.items()}
    for tag in decision.tags.all():
        tags[columns[tag.kind]].append(tag.code)
    parties: dict[str, list[dict[str, Any]]] = {"victims": [], "defendants": []}
    for p in decision.parties.select_related("nationality"):
        parties["victims" if p.role == PartyRole.VICTIM else "defendants"].append(
            {
                "sex": p.sex,
                "age_group": p.age_group,
                "count": p.count,
                "nationality": p.nationality.iso3 if p.nationality_id else "",
                "designation": p.designation,
            }
        )
    row = {key: getattr(decision, key) for key in TEXT_COLUMNS}
    row.update(
        ref=decision.ref,
        country=decision.country.iso3 if decision.country_id else "",
        date=decision.date.isoformat() if decision.date else "",
        year=decision.year or "",
        court_level=decision.court_level,
        legal_system=decision.legal_system,
        verdict=decision.verdict,
        status=decision.status,
        language=decision.language,
        appeal_of=decision.appeal_of.ref if decision.appeal_of_id else "",
        summaries=dict(decision.summaries or {}),
        **tags,
        **parties,
    )
    return row
