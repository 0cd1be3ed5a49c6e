"""Questionnaires as versioned data: read the JSON files in ``data/``, validate them, describe them.

A questionnaire file holds ``code``, ``version``, a bilingual ``title`` and ``sections``; each
section holds ``questions`` of one of the types in ``QUESTION_TYPES``. A number table crosses its
``dimensions`` (e.g. sex and age x form of exploitation) with the years of the round's period; each
dimension may name its ``total`` value, so breakdowns can be checked against it. Anything wrong in a
file raises ``QuestionnaireError`` naming the file and the JSON path at fault, at load time, so a
broken questionnaire never reaches a respondent. Pure Python: no Django import.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr")
QUESTION_TYPES = ("number_table", "single_choice", "multiple_choice", "text", "year", "attachment")
# Years in a number table are capped so a mistyped period cannot make a 500-column form.
MAX_TABLE_YEARS = 12


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be used, with the file and JSON path at fault."""


def _text(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or any(
        not isinstance(value.get(lang), str) or not value[lang].strip() for lang in LANGUAGES
    ):
        raise QuestionnaireError(f"{where}: needs a non-empty text in each of {LANGUAGES}")
    return {lang: value[lang] for lang in LANGUAGES}


def _ident(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or not value.replace("_", "").isalnum():
        raise QuestionnaireError(f"{where}: id must be letters, digits and underscores")
    return value


@dataclass(frozen=True)
class Option:
    id: str
    label: dict[str, str]

    def text(self, lang: str) -> str:
        return self.label.get(lang[:2]) or self.label["en"]


@dataclass(frozen=True)
class Dimension:
    id: str
    label: dict[str, str]
    values: tuple[Option, ...]
    total: str = ""  # the id of the value that is the sum of the others, if any

    def text(self, lang: str) -> str:
        return self.label.get(lang[:2]) or self.label["en"]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    choices: tuple[Option, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    required: bool = False
    max_length: int = 20000

    def text(self, lang: str) -> str:
        return self.label.get(lang[:2]) or self.label["en"]

    def help_text(self, lang: str) -> str:
        return self.help.get(lang[:2]) or self.help.get("en", "")

    def rows(self) -> list[tuple[str, ...]]:
        """Every combination of dimension values, in the file's order (the table's rows)."""
        return list(itertools.product(*[[v.id for v in d.values] for d in self.dimensions]))

    def row_label(self, row: tuple[str, ...], lang: str) -> list[str]:
        out = []
        for dim, value in zip(self.dimensions, row, strict=True):
            out.append(next(v.text(lang) for v in dim.values if v.id == value))
        return out

    def choice_ids(self) -> list[str]:
        return [c.id for c in self.choices]


@dataclass(frozen=True)
class Section:
    id: str
    title: dict[str, str]
    questions: tuple[Question, ...]

    def text(self, lang: str) -> str:
        return self.title.get(lang[:2]) or self.title["en"]


@dataclass(frozen=True)
class Questionnaire:
    code: str
    version: int
    title: dict[str, str]
    description: dict[str, str]
    sections: tuple[Section, ...]
    checksum: str
    source: str

    def text(self, lang: str) -> str:
        return self.title.get(lang[:2]) or self.title["en"]

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


def _options(raw: Any, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise QuestionnaireError(f"{where}: needs a non-empty list")
    out = [
        Option(_ident(o.get("id"), f"{where}[{i}]"), _text(o.get("label"), f"{where}[{i}].label"))
        for i, o in enumerate(raw)
        if isinstance(o, dict) or _fail(f"{where}[{i}]: must be an object")
    ]
    ids = [o.id for o in out]
    if len(set(ids)) != len(ids):
        raise QuestionnaireError(f"{where}: duplicate ids")
    return tuple(out)


def _fail(message: str) -> bool:
    raise QuestionnaireError(message)


def _question(raw: Any, where: str) -> Question:
    if not isinstance(raw, dict):
        raise QuestionnaireError(f"{where}: must be an object")
    qid = _ident(raw.get("id"), f"{where}.id")
    kind = raw.get("type")
    if kind not in QUESTION_TYPES:
        raise QuestionnaireError(f"{where}.type: {kind!r} is not one of {QUESTION_TYPES}")
    choices: tuple[Option, ...] = ()
    dims: list[Dimension] = []
    if kind in ("single_choice", "multiple_choice"):
        choices = _options(raw.get("choices"), f"{where}.choices")
    if kind == "number_table":
        raw_dims = raw.get("dimensions")
        if not isinstance(raw_dims, list) or not raw_dims:
            raise QuestionnaireError(f"{where}.dimensions: needs a non-empty list")
        for i, d in enumerate(raw_dims):
            dw = f"{where}.dimensions[{i}]"
            if not isinstance(d, dict):
                raise QuestionnaireError(f"{dw}: must be an object")
            values = _options(d.get("values"), f"{dw}.values")
            total = d.get("total", "")
            if total and total not in {v.id for v in values}:
                raise QuestionnaireError(f"{dw}.total: {total!r} is not one of its values")
            dims.append(
                Dimension(
                    _ident(d.get("id"), f"{dw}.id"),
                    _text(d.get("label"), f"{dw}.label"),
                    values,
                    total,
                )
            )
    return Question(
        id=qid,
        type=kind,
        label=_text(raw.get("label"), f"{where}.label"),
        help=_text(raw["help"], f"{where}.help") if "help" in raw else {},
        choices=choices,
        dimensions=tuple(dims),
        required=bool(raw.get("required", False)),
        max_length=int(raw.get("max_length", 20000)),
    )


def parse(document: Any, source: str) -> Questionnaire:
    """Validate a questionnaire document (already decoded JSON); ``source`` names it in errors."""
    try:
        if not isinstance(document, dict):
            raise QuestionnaireError("the document must be a JSON object")
        code = document.get("code")
        if not isinstance(code, str) or not code.replace("-", "").isalnum():
            raise QuestionnaireError("code: letters, digits and hyphens")
        version = document.get("version")
        if not isinstance(version, int) or version < 1:
            raise QuestionnaireError("version: a positive integer")
        raw_sections = document.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            raise QuestionnaireError("sections: needs a non-empty list")
        sections = []
        for i, s in enumerate(raw_sections):
            where = f"sections[{i}]"
            if not isinstance(s, dict) or not isinstance(s.get("questions"), list):
                raise QuestionnaireError(f"{where}: needs an object with a list of questions")
            questions = tuple(
                _question(q, f"{where}.questions[{j}]") for j, q in enumerate(s["questions"])
            )
            sections.append(
                Section(
                    _ident(s.get("id"), f"{where}.id"),
                    _text(s.get("title"), f"{where}.title"),
                    questions,
                )
            )
        ids = [q.id for s in sections for q in s.questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise QuestionnaireError(f"question ids used twice: {', '.join(duplicates)}")
        canonical = json.dumps(document, sort_keys=True, ensure_ascii=False).encode()
        return Questionnaire(
            code=code,
            version=version,
            title=_text(document.get("title"), "title"),
            description=_text(document["description"], "description")
            if "description" in document
            else {},
            sections=tuple(sections),
            checksum=hashlib.sha256(canonical).hexdigest(),
            source=source,
        )
    except QuestionnaireError as exc:
        raise QuestionnaireError(f"{source}: {exc}") from None


def load_file(path: Path) -> Questionnaire:
    """Read and validate one questionnaire file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise QuestionnaireError(
            f"{path.name}: line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    return parse(document, path.name)


@functools.cache
def builtin() -> dict[tuple[str, int], Questionnaire]:
    """The questionnaires shipped in ``data/``, by (code, version); validated once per process."""
    out: dict[tuple[str, int], Questionnaire] = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        q = load_file(path)
        if (q.code, q.version) in out:
            raise QuestionnaireError(f"{path.name}: {q.code} version {q.version} is shipped twice")
        out[(q.code, q.version)] = q
    return out


def table_years(period_start_year: int, period_end_year: int) -> list[int]:
    """The year columns of number tables for a round's period (the latest MAX_TABLE_YEARS)."""
    years = list(range(period_start_year, period_end_year + 1))
    return years[-MAX_TABLE_YEARS:]


def cell_key(row: tuple[str, ...], year: int) -> str:
    """How a number-table cell is keyed in a submission's answers: 'women/forced_labour/2018'."""
    return "/".join([*row, str(year)])
