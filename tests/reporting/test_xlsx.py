"""The XLSX template read back cell by cell: a bad cell is named and nothing is saved."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from palermo.reporting import services, xlsx
from palermo.reporting.models import Submission
from tests.reporting.conftest import World, logged_in

pytestmark = pytest.mark.django_db


def _template(world: World) -> Any:
    return load_workbook(io.BytesIO(xlsx.build(world.round, world.egypt, None)))


def _upload(world: World, wb: Any) -> Any:
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "answer.xlsx"
    return logged_in(world.focal_egypt).post(
        reverse("reporting:upload", args=[world.round.pk, world.egypt.pk]), {"file": buffer}
    )


def _issues(world: World, wb: Any) -> list[str]:
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(services.InvalidAnswers) as caught:
        xlsx.upload(None, world.focal_egypt, world.round, world.egypt, buffer.getvalue())
    return [f"{i.location}: {i.message}" for i in caught.value.issues]


def test_a_bad_cell_is_rejected_with_that_cell_named(world: World) -> None:
    wb = _template(world)
    ws = wb["victims_form"]
    assert ws["A7"].value == "total/forced_labour"
    assert ws["D4"].value == 2021
    ws["D5"].value = 10  # a good cell, which must not be saved either
    ws["D7"].value = "about ten"
    response = _upload(world, wb)
    assert response.status_code == 400
    page = response.content.decode()
    assert "&#x27;victims_form&#x27;!D7" in page
    assert "about ten" in page
    assert not Submission.objects.exists()  # nothing saved


def test_every_kind_of_bad_cell_is_reported_with_its_reference(world: World) -> None:
    wb = _template(world)
    ws = wb["persons_convicted"]
    ws["D5"].value = 10  # total/total 2021
    ws["D9"].value = 8  # female/total 2021 ...
    ws["D13"].value = 7  # ... plus male/total 2021 = 15 > 10
    ws["E5"].value = -3
    ws["F5"].value = "=1+1"
    answers = wb["answers"]
    row = next(
        r for r in range(2, answers.max_row + 1) if answers.cell(r, 1).value == "data_sources"
    )
    answers.cell(row, 3).value = "Police; Astrology"
    issues = _issues(world, wb)
    assert (
        f"'answers'!C{row}: Astrology: not among police, prosecution, courts, victim_services, ngo, other"
        in issues
    )
    assert (
        "'persons_convicted'!D5: the breakdown by sex adds up to 15, more than the total 10"
        in issues
    )
    assert "'persons_convicted'!E5: negative number (-3)" in issues
    assert "'persons_convicted'!F5: a formula: type the number itself" in issues
    assert any(i.startswith("'answers'!C") and "Astrology" in i for i in issues)
    assert not Submission.objects.exists()
    # Once the formula and the negative are fixed, the breakdown is still larger than the total.
    ws["E5"].value, ws["F5"].value = 3, None
    answers.cell(row, 3).value = None
    issues = _issues(world, wb)
    assert issues == [
        "'persons_convicted'!D5: the breakdown by sex adds up to 15, more than the total 10"
    ]


def test_a_moved_year_or_a_foreign_template_is_refused(world: World) -> None:
    wb = _template(world)
    wb["offences_recorded"]["E4"].value = 2099
    assert _issues(world, wb) == [
        "'offences_recorded'!E4: year heading 2099 should be 2023 (impossible or moved year)"
    ]
    wb = _template(world)
    wb["about"]["B3"].value = world.estonia.pk
    assert "'about'!B3" in _issues(world, wb)[0]
    buffer = b"not a workbook"
    with pytest.raises(services.InvalidAnswers, match="not an XLSX workbook"):
        xlsx.upload(None, world.focal_egypt, world.round, world.egypt, buffer)


def test_text_answers_come_back_as_text_never_formulas(world: World) -> None:
    services.save_answers(
        None, world.focal_egypt, world.round, world.egypt, {"comments": '=HYPERLINK("x")'}
    )
    sub = Submission.objects.get()
    wb = load_workbook(io.BytesIO(xlsx.build(world.round, world.egypt, sub)))
    answers = wb["answers"]
    row = next(r for r in range(2, answers.max_row + 1) if answers.cell(r, 1).value == "comments")
    assert answers.cell(row, 3).data_type == "s"
