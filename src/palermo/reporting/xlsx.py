"""The offline way to answer: a pre-filled XLSX template per round and organisation, read back cell
by cell.

Layout: an "about" sheet (round, organisation, questionnaire and version, instructions), one sheet
per number table (hidden column A holds each row's key, then one column per dimension label, then
one column per year), and an "answers" sheet for choices, years and narrative text (hidden column A
holds the question id; choices may be typed as their label in English or French, or their id;
several choices separated by ";"). Attachments are added on the web form.

Reading back never saves anything itself: ``read`` returns the raw answers with, for every cell, its
reference ('victims_form'!D7), and ``upload`` hands them to services.save_answers, which refuses
the lot if any cell is wrong; each issue then names its sheet and cell.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from palermo.accounts.models import Organisation
from palermo.reporting import services
from palermo.reporting.models import Round, Submission
from palermo.reporting.questionnaires import Question, cell_key
from palermo.reporting.rules import Issue

MAGIC = "palermo-reporting-template"
ABOUT, ANSWERS = "about", "answers"
HEADER_ROW, FIRST_ROW = 4, 5
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(cell: Any, value: Any) -> None:
    """Write ``value`` as inert text: never a formula, whatever it starts with."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = TYPE_STRING


def _sheet_name(q: Question) -> str:
    return q.id[:31]


def filename(round_: Round, org: Organisation) -> str:
    who = org.country_iso3 or org.short_name or str(org.pk)
    return f"palermo-{round_.code}-{who}.xlsx".replace(" ", "_")


def build(round_: Round, org: Organisation, sub: Submission | None, lang: str = "en") -> bytes:
    """The template for ``org``, pre-filled with its current answers (if any)."""
    definition = round_.questionnaire.parsed()
    answers = sub.answers if sub else {}
    years = round_.years()
    wb = Workbook()
    about = wb.active
    about.title = ABOUT
    fr = lang[:2] == "fr"
    rows = [
        (MAGIC, ""),
        ("round" if not fr else "cycle", round_.code),
        ("organisation", org.pk),
        ("questionnaire", definition.code),
        ("version", definition.version),
        ("", ""),
        (round_.name, ""),
        (definition.text(lang), ""),
        (org.name, ""),
        (
            'Fill the yellow cells: whole numbers, "<5" for fewer than five, "unknown" where the '
            "figure exists but is not known; leave blank if not collected. Do not rename sheets, "
            "move rows or type formulas. Upload the file on the round's page."
            if not fr
            else "Remplir les cellules jaunes : nombres entiers, « <5 » pour moins de cinq, "
            "« unknown » si le chiffre existe mais n'est pas connu ; laisser vide si la donnée n'est "
            "pas collectée. Ne pas renommer les feuilles, déplacer les lignes ni saisir de formules. "
            "Téléverser le fichier sur la page du cycle.",
            "",
        ),
    ]
    for r, (a, b) in enumerate(rows, start=1):
        _text(about.cell(r, 1), a)
        _text(about.cell(r, 2), b)
    about.column_dimensions["A"].width = 60
    for q in definition.questions:
        if q.type == "number_table":
            _table_sheet(wb, q, years, answers.get(q.id, {}), lang)
    _answers_sheet(wb, definition.questions, answers, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _table_sheet(
    wb: Workbook, q: Question, years: list[int], table: dict[str, Any], lang: str
) -> None:
    ws = wb.create_sheet(_sheet_name(q))
    _text(ws.cell(1, 2), q.text(lang))
    ws.cell(1, 2).font = Font(bold=True)
    _text(ws.cell(2, 2), q.help_text(lang))
    _text(ws.cell(HEADER_ROW, 1), "key")
    for d, dim in enumerate(q.dimensions):
        _text(ws.cell(HEADER_ROW, 2 + d), dim.text(lang))
    first_year_col = 2 + len(q.dimensions)
    for y, year in enumerate(years):
        ws.cell(HEADER_ROW, first_year_col + y).value = year
        ws.cell(HEADER_ROW, first_year_col + y).font = Font(bold=True)
    for r, row in enumerate(q.rows()):
        excel_row = FIRST_ROW + r
        _text(ws.cell(excel_row, 1), "/".join(row))
        for d, label in enumerate(q.row_label(row, lang)):
            _text(ws.cell(excel_row, 2 + d), label)
        for y, year in enumerate(years):
            cell = ws.cell(excel_row, first_year_col + y)
            _text(cell, table.get(cell_key(row, year)))
            cell.fill = INPUT_FILL
    ws.column_dimensions["A"].hidden = True
    for d in range(len(q.dimensions)):
        ws.column_dimensions[get_column_letter(2 + d)].width = 28


def _answers_sheet(
    wb: Workbook, questions: list[Question], answers: dict[str, Any], lang: str
) -> None:
    ws = wb.create_sheet(ANSWERS)
    headers = ("id", "question", "answer", "allowed")
    for c, h in enumerate(headers, start=1):
        _text(ws.cell(1, c), h)
        ws.cell(1, c).font = Font(bold=True)
    r = 2
    for q in questions:
        if q.type in ("number_table", "attachment"):
            continue
        _text(ws.cell(r, 1), q.id)
        _text(ws.cell(r, 2), q.text(lang))
        value = answers.get(q.id)
        if q.type == "single_choice":
            labels = {c.id: c.text(lang) for c in q.choices}
            _text(ws.cell(r, 3), labels.get(value, "") if value else None)
            _text(ws.cell(r, 4), " | ".join(labels.values()))
            listing = ",".join(f"{v.replace(',', ' ')}" for v in labels.values())
            if len(listing) < 250:  # Excel's limit for an inline list
                dv = DataValidation(type="list", formula1=f'"{listing}"', allow_blank=True)
                ws.add_data_validation(dv)
                dv.add(ws.cell(r, 3))
        elif q.type == "multiple_choice":
            labels = {c.id: c.text(lang) for c in q.choices}
            _text(ws.cell(r, 3), "; ".join(labels[v] for v in value or [] if v in labels) or None)
            _text(ws.cell(r, 4), " ; ".join(labels.values()))
        elif q.type == "year":
            ws.cell(r, 3).value = value
            _text(ws.cell(r, 4), "YYYY")
        else:
            _text(ws.cell(r, 3), value)
        ws.cell(r, 3).fill = INPUT_FILL
        r += 1
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 60


@dataclass
class Reading:
    """What a workbook says: raw answers, where each came from, and structural problems."""

    raw: dict[str, Any] = field(default_factory=dict)
    where: dict[tuple[str, str], str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    fatal: bool = False  # not this round's template at all: nothing else is worth reading


def _ref(sheet: str, row: int, col: int) -> str:
    return f"'{sheet}'!{get_column_letter(col)}{row}"


def _choice(q: Question, text: str) -> str:
    """A choice typed as its id or its label in either language (case and spaces ignored)."""
    wanted = " ".join(text.split()).casefold()
    for c in q.choices:
        if wanted == c.id.casefold() or wanted in {
            " ".join(v.split()).casefold() for v in c.label.values()
        }:
            return c.id
    return text  # left as typed: rules.clean reports it is not a choice


def read(round_: Round, org: Organisation, content: bytes) -> Reading:
    """Read a filled template; checks it is this round's and this organisation's."""
    out = Reading()
    try:
        wb = load_workbook(io.BytesIO(content), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        out.issues.append(
            Issue("", f"not an XLSX workbook ({exc.__class__.__name__})", location="file")
        )
        out.fatal = True
        return out
    if ABOUT not in wb.sheetnames or wb[ABOUT]["A1"].value != MAGIC:
        out.issues.append(
            Issue(
                "",
                "not a Palermo reporting template (sheet 'about', cell A1)",
                location=f"'{ABOUT}'!A1",
            )
        )
        out.fatal = True
        return out
    about = wb[ABOUT]
    definition = round_.questionnaire.parsed()
    expected = {"B2": round_.code, "B3": org.pk, "B4": definition.code, "B5": definition.version}
    for ref, value in expected.items():
        if str(about[ref].value) != str(value):
            out.issues.append(
                Issue(
                    "",
                    f"this template is for {about[ref].value!r}, not {value!r}",
                    location=f"'{ABOUT}'!{ref}",
                )
            )
    if out.issues:
        out.fatal = True
        return out
    years = round_.years()
    for q in definition.questions:
        if q.type == "number_table":
            _read_table(wb, q, years, out)
    _read_answers(wb, definition.questions, out)
    return out


def _read_table(wb: Any, q: Question, years: list[int], out: Reading) -> None:
    name = _sheet_name(q)
    if name not in wb.sheetnames:
        out.issues.append(Issue(q.id, f"sheet {name!r} is missing", location=f"'{name}'"))
        return
    ws = wb[name]
    first_year_col = 2 + len(q.dimensions)
    for y, year in enumerate(years):
        col = first_year_col + y
        found = ws.cell(HEADER_ROW, col).value
        if str(found).strip() != str(year):
            out.issues.append(
                Issue(
                    q.id,
                    f"year heading {found!r} should be {year} (impossible or moved year)",
                    location=_ref(name, HEADER_ROW, col),
                )
            )
    if out.issues:
        return
    valid_rows = {"/".join(row) for row in q.rows()}
    table: dict[str, Any] = {}
    for excel_row in range(FIRST_ROW, ws.max_row + 1):
        key = ws.cell(excel_row, 1).value
        cells = [ws.cell(excel_row, first_year_col + y) for y in range(len(years))]
        if key is None and all(c.value in (None, "") for c in cells):
            continue
        if key not in valid_rows:
            out.issues.append(
                Issue(
                    q.id,
                    f"unknown row key {key!r}: rows must not be moved or added",
                    location=_ref(name, excel_row, 1),
                )
            )
            continue
        for y, cell in enumerate(cells):
            ck = f"{key}/{years[y]}"
            ref = _ref(name, excel_row, first_year_col + y)
            out.where[(q.id, ck)] = ref
            if cell.data_type == TYPE_FORMULA:
                out.issues.append(
                    Issue(q.id, "a formula: type the number itself", cell=ck, location=ref)
                )
            elif cell.value not in (None, ""):
                table[ck] = cell.value
    out.raw[q.id] = table


def _read_answers(wb: Any, questions: list[Question], out: Reading) -> None:
    if ANSWERS not in wb.sheetnames:
        out.issues.append(Issue("", f"sheet {ANSWERS!r} is missing", location=f"'{ANSWERS}'"))
        return
    ws = wb[ANSWERS]
    by_id = {q.id: q for q in questions}
    for excel_row in range(2, ws.max_row + 1):
        qid = ws.cell(excel_row, 1).value
        cell = ws.cell(excel_row, 3)
        if qid is None:
            continue
        ref = _ref(ANSWERS, excel_row, 3)
        q = by_id.get(str(qid))
        if q is None or q.type in ("number_table", "attachment"):
            out.issues.append(
                Issue("", f"unknown question id {qid!r}", location=_ref(ANSWERS, excel_row, 1))
            )
            continue
        out.where[(q.id, "")] = ref
        value = cell.value
        if cell.data_type == TYPE_FORMULA:
            out.issues.append(Issue(q.id, "a formula: type the answer itself", location=ref))
        elif value in (None, ""):
            continue
        elif q.type == "single_choice":
            out.raw[q.id] = _choice(q, str(value))
        elif q.type == "multiple_choice":
            out.raw[q.id] = [
                _choice(q, part.strip()) for part in str(value).split(";") if part.strip()
            ]
        else:
            out.raw[q.id] = value if q.type == "year" else str(value)


def upload(request: Any, user: Any, round_: Round, org: Organisation, content: bytes) -> Submission:
    """Validate a filled template and save it as the organisation's draft; all or nothing.
    Raises services.InvalidAnswers listing every problem found, each naming its sheet and cell."""
    reading = read(round_, org, content)
    if reading.fatal:
        raise services.InvalidAnswers(reading.issues)
    _, issues = services.check_answers(round_, org, reading.raw)
    errors = reading.issues + [i for i in issues if i.severity == "error"]
    for issue in errors:
        if not issue.location:
            issue.location = reading.where.get(
                (issue.question, issue.cell),
                reading.where.get((issue.question, ""), issue.question),
            )
    if errors:
        raise services.InvalidAnswers(errors)
    return services.save_answers(request, user, round_, org, reading.raw, via="xlsx")
