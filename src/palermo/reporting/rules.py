"""Reading and checking answers: cell values, breakdowns against totals, years, change from the
previous round.

Two severities. An ``error`` stops the save (a negative number, a word where a number belongs, a
breakdown larger than its total, a year that cannot be): nothing is stored until the respondent
fixes it, whether they answer on the web or by spreadsheet. A ``warning`` (a figure that changed
more than the round's factor since the previous round) is stored with the answers and shown to the
respondent and to the reviewer, who decide whether it is real. Pure Python: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from palermo.reporting.questionnaires import Question, Questionnaire, cell_key

LESS_THAN_FIVE = "<5"
UNKNOWN = "unknown"
_UNKNOWN_WORDS = {"unknown", "inconnu", "inconnue", "n/a", "na", "?"}
_SEPARATORS = re.compile(r"[\s\u00a0\u202f,']")  # thousands separators of en and fr spreadsheets
MIN_YEAR = 1900

Cell = int | str | None


@dataclass
class Issue:
    """One problem with an answer. ``cell`` is the number-table cell key, ``location`` where the
    respondent typed it when that is known (a spreadsheet reference such as 'victims_form'!C7)."""

    question: str
    message: str
    severity: str = "error"
    cell: str = ""
    location: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def __str__(self) -> str:
        where = self.location or "/".join(p for p in (self.question, self.cell) if p)
        return f"{where}: {self.message}"


def parse_number(raw: Any) -> Cell:
    """A table cell: an int >= 0, '<5', 'unknown', or None when blank. ValueError says why not."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("expected a number, '<5' or 'unknown'")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(f"{raw} is not a whole number")
        value = int(raw)
    else:
        text = str(raw).strip()
        if not text:
            return None
        if text.replace(" ", "") == LESS_THAN_FIVE:
            return LESS_THAN_FIVE
        if text.casefold() in _UNKNOWN_WORDS:
            return UNKNOWN
        compact = _SEPARATORS.sub("", text)
        if re.fullmatch(r"-?\d+(\.0+)?", compact) is None:
            raise ValueError(f"{text!r} is not a whole number, '<5' or 'unknown'")
        value = int(float(compact)) if "." in compact else int(compact)
    if value < 0:
        raise ValueError(f"negative number ({value})")
    return value


def lower_bound(value: Cell) -> int:
    """The least a cell can mean: '<5' is at least 1 (it would be blank if zero), unknown 0."""
    if isinstance(value, int):
        return value
    return 1 if value == LESS_THAN_FIVE else 0


def _clean_table(q: Question, years: list[int], raw: Any, issues: list[Issue]) -> dict[str, Cell]:
    allowed = {cell_key(row, year) for row in q.rows() for year in years}
    out: dict[str, Cell] = {}
    if raw in (None, ""):
        return out
    if not isinstance(raw, Mapping):
        issues.append(Issue(q.id, "expected a table of cells"))
        return out
    for key, value in raw.items():
        if key not in allowed:
            issues.append(Issue(q.id, f"no such cell {key!r} in this round's table", cell=str(key)))
            continue
        try:
            parsed = parse_number(value)
        except ValueError as exc:
            issues.append(Issue(q.id, str(exc), cell=key))
            continue
        if parsed is not None:
            out[key] = parsed
    return out


def clean(
    questionnaire: Questionnaire,
    years: list[int],
    raw: Mapping[str, Any],
    max_year: int,
) -> tuple[dict[str, Any], list[Issue]]:
    """Parse raw answers (strings from a form or cells from a spreadsheet) into stored values."""
    issues: list[Issue] = []
    out: dict[str, Any] = {}
    for q in questionnaire.questions:
        value = raw.get(q.id)
        if q.type == "number_table":
            table = _clean_table(q, years, value, issues)
            if table:
                out[q.id] = table
        elif q.type == "single_choice":
            if value not in (None, ""):
                if value not in q.choice_ids():
                    issues.append(
                        Issue(q.id, f"{value!r} is not one of {', '.join(q.choice_ids())}")
                    )
                else:
                    out[q.id] = value
        elif q.type == "multiple_choice":
            listed = [value] if isinstance(value, str) else list(value or [])
            values = [v for v in listed if v]
            wrong = [v for v in values if v not in q.choice_ids()]
            if wrong:
                issues.append(
                    Issue(
                        q.id, f"{', '.join(map(str, wrong))}: not among {', '.join(q.choice_ids())}"
                    )
                )
            elif values:
                out[q.id] = [c for c in q.choice_ids() if c in values]  # the questionnaire's order
        elif q.type == "text":
            text = str(value or "").strip()
            if len(text) > q.max_length:
                issues.append(Issue(q.id, f"longer than {q.max_length} characters"))
            elif text:
                out[q.id] = text
        elif q.type == "year" and value not in (None, ""):
            try:
                year = parse_number(value)
            except ValueError as exc:
                issues.append(Issue(q.id, str(exc)))
                continue
            if not isinstance(year, int) or not MIN_YEAR <= year <= max_year:
                issues.append(
                    Issue(q.id, f"impossible year {value!r} (expected {MIN_YEAR}-{max_year})")
                )
            else:
                out[q.id] = year
    return out, issues


def breakdown_issues(
    questionnaire: Questionnaire, years: list[int], answers: Mapping[str, Any]
) -> list[Issue]:
    """Breakdowns whose known parts add up to more than their total (for each dimension that has
    a total, holding the other dimensions fixed)."""
    issues: list[Issue] = []
    for q in questionnaire.questions:
        table = answers.get(q.id)
        if q.type != "number_table" or not table:
            continue
        for d_index, dim in enumerate(q.dimensions):
            if not dim.total:
                continue
            parts = [v.id for v in dim.values if v.id != dim.total]
            for row in q.rows():
                if row[d_index] != dim.total:
                    continue
                for year in years:
                    total = table.get(cell_key(row, year))
                    if not isinstance(total, int):
                        continue  # no total, '<5' or unknown: nothing to compare with
                    part_keys = [
                        cell_key((*row[:d_index], p, *row[d_index + 1 :]), year) for p in parts
                    ]
                    known = sum(lower_bound(table.get(k)) for k in part_keys)
                    if known > total:
                        issues.append(
                            Issue(
                                q.id,
                                f"the breakdown by {dim.id} adds up to {known}, more than the total {total}",
                                cell=cell_key(row, year),
                            )
                        )
    return issues


def change_warnings(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    previous: Mapping[str, Any] | None,
    factor: float,
) -> list[Issue]:
    """Figures more than ``factor`` times (or less than 1/factor of) the previous round's figure for
    the same cell; where the previous round has no such year, its latest year of the same row.
    Zeros and '<5' are not compared: a ratio means nothing there."""
    if not previous or factor <= 1:
        return []
    warnings: list[Issue] = []
    for q in questionnaire.questions:
        now, before = answers.get(q.id), previous.get(q.id)
        if q.type != "number_table" or not now or not before:
            continue
        latest: dict[str, tuple[int, int]] = {}
        for key, value in before.items():
            row, _, year = key.rpartition("/")
            if (
                isinstance(value, int)
                and value > 0
                and (row not in latest or int(year) > latest[row][0])
            ):
                latest[row] = (int(year), value)
        for key, value in now.items():
            if not isinstance(value, int) or value <= 0:
                continue
            row = key.rpartition("/")[0]
            old = before.get(key)
            if not isinstance(old, int) or old <= 0:
                old = latest.get(row, (0, 0))[1]
            if old > 0 and (value > old * factor or value * factor < old):
                warnings.append(
                    Issue(
                        q.id,
                        f"{value} against {old} in the previous round (more than a factor of {factor:g})",
                        severity="warning",
                        cell=key,
                    )
                )
    return warnings


def required_issues(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Issue]:
    """Required questions left blank: checked when the respondent submits, not on each draft."""
    return [
        Issue(q.id, "an answer is required")
        for q in questionnaire.questions
        if q.required and q.type != "attachment" and not answers.get(q.id)
    ]
