"""Validation rules: cell values, breakdowns against totals, impossible years, change factor."""

from __future__ import annotations

import json

import pytest

from palermo.reporting import questionnaires, rules
from palermo.reporting.questionnaires import QuestionnaireError

GR = questionnaires.builtin()[("global-report", 1)]
SG = questionnaires.builtin()[("sg-measures", 1)]
YEARS = [2021, 2022]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12", 12),
        (" 1 204 ", 1204),
        ("1,204", 1204),
        ("1\u202f204", 1204),
        (7.0, 7),
        ("<5", "<5"),
        ("< 5", "<5"),
        ("unknown", "unknown"),
        ("Inconnu", "unknown"),
        ("", None),
        (None, None),
        (0, 0),
    ],
)
def test_cells_that_are_read(raw: object, value: object) -> None:
    assert rules.parse_number(raw) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-1", "negative"),
        (-4, "negative"),
        ("3.5", "not a whole"),
        ("ten", "not a whole"),
        (2.5, "not a whole"),
    ],
)
def test_cells_that_are_refused(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rules.parse_number(raw)


def test_breakdowns_exceeding_their_total_are_errors_and_lt5_counts_as_at_least_one() -> None:
    table = {
        "total/total/2021": 10,
        "women/total/2021": 10,
        "girls/total/2021": "<5",
        "total/forced_labour/2021": 3,
    }
    answers, issues = rules.clean(GR, YEARS, {"victims_form": table}, 2024)
    assert issues == []
    found = rules.breakdown_issues(GR, YEARS, answers)
    assert [(i.cell, i.severity) for i in found] == [("total/total/2021", "error")]
    assert found[0].message == "the breakdown by sex_age adds up to 11, more than the total 10"
    answers["victims_form"]["women/total/2021"] = 9
    assert rules.breakdown_issues(GR, YEARS, answers) == []


def test_impossible_years_and_unknown_choices() -> None:
    _, issues = rules.clean(SG, YEARS, {"law_year": "2030", "criminalisation": "maybe"}, 2019)
    assert {i.question: i.message for i in issues} == {
        "criminalisation": "'maybe' is not one of full, partial, none",
        "law_year": "impossible year '2030' (expected 1900-2019)",
    }
    answers, issues = rules.clean(
        SG, YEARS, {"law_year": "2008", "prevention_areas": ["training", "awareness"]}, 2019
    )
    assert issues == []
    assert answers == {"law_year": 2008, "prevention_areas": ["awareness", "training"]}


def test_cells_outside_the_rounds_table_are_refused() -> None:
    _, issues = rules.clean(GR, YEARS, {"offences_recorded": {"trafficking/1999": 3}}, 2024)
    assert issues[0].message == "no such cell 'trafficking/1999' in this round's table"


def test_changes_beyond_the_factor_are_warnings() -> None:
    previous = {"offences_recorded": {"trafficking/2019": 10, "trafficking/2020": 20}}
    now = {
        "offences_recorded": {"trafficking/2020": 21, "trafficking/2021": 70, "trafficking/2022": 8}
    }
    warnings = rules.change_warnings(GR, now, previous, factor=3)
    assert [(w.cell, w.severity) for w in warnings] == [("trafficking/2021", "warning")]
    assert rules.change_warnings(GR, now, previous, factor=4) == []
    assert [
        w.cell
        for w in rules.change_warnings(
            GR, {"offences_recorded": {"trafficking/2021": 6}}, previous, 3
        )
    ] == ["trafficking/2021"]


def test_required_questions_are_checked_on_submission() -> None:
    assert [i.question for i in rules.required_issues(SG, {})] == ["criminalisation"]


def _document() -> dict[str, object]:
    return json.loads((questionnaires.DATA_DIR / "sg-measures.v1.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_shipped_questionnaires_are_bilingual_and_valid() -> None:
    assert set(questionnaires.builtin()) == {("global-report", 1), ("sg-measures", 1)}
    for q in questionnaires.builtin().values():
        assert q.text("fr") != q.text("en")
    types = {q.type for q in GR.questions} | {q.type for q in SG.questions}
    assert types == set(questionnaires.QUESTION_TYPES)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sections"][0]["questions"][0]["label"].pop("fr"),
            r"sections\[0\]\.questions\[0\]\.label: needs a non-empty text",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(type="slider"),
            r"'slider' is not one of",
        ),
        (
            lambda d: d["sections"][1]["questions"][0].update(id="criminalisation"),
            "question ids used twice: criminalisation",
        ),
        (lambda d: d.update(version=0), "version: a positive integer"),
    ],
)
def test_a_broken_questionnaire_is_refused_with_its_place(change, message: str) -> None:  # type: ignore[no-untyped-def]
    document = _document()
    change(document)
    with pytest.raises(QuestionnaireError, match=f"broken.json: .*{message}"):
        questionnaires.parse(document, "broken.json")


def test_invalid_json_names_line_and_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.json"
    path.write_text('{"code": "x",\n "version": }', encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"bad\.json: line 2, column"):
        questionnaires.load_file(path)
