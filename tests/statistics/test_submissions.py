"""Accepted submissions in the statistics store: the mapping as data, the sync, and the three sources."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from palermo.accounts.models import Organisation, OrganisationKind
from palermo.reporting import questionnaires
from palermo.reporting import services as reporting
from palermo.reporting.models import Round
from palermo.reporting.queries import AcceptedAnswer
from palermo.statistics import citizenship
from palermo.statistics.models import Observation, Release, SubmissionObservation
from palermo.statistics.queries import combine
from palermo.statistics.submissions import MappingError, convert, load_mapping

VICTIMS = "Detected trafficking victims"


def _answer(question: str, dims: dict[str, str], year: int, value: Any, iso3: str = "EGY"):
    return AcceptedAnswer("gr-2024", "global-report", 1, "Org", iso3, question, "number_table",
                          dims, year, value)  # fmt: skip


def test_every_number_cell_of_the_shipped_questionnaire_is_mapped() -> None:
    mapping = load_mapping()
    definition = questionnaires.builtin()[("global-report", 1)]
    tables = [q for q in definition.questions if q.type == "number_table"]
    assert tables
    for q in tables:
        for combo in itertools.product(*[[v.id for v in d.values] for d in q.dimensions]):
            dims = dict(zip([d.id for d in q.dimensions], combo, strict=True))
            assert mapping.target(q.id, dims) is not None, (q.id, dims)


def test_mapping_places_cells_as_glotip_does() -> None:
    mapping = load_mapping()
    women_sexual = mapping.target(
        "victims_form", {"sex_age": "women", "form": "sexual_exploitation"}
    )
    assert women_sexual == {"indicator": VICTIMS, "glotip_dimension": "by form of exploitation",
                            "category": "Sexual exploitation", "sex": "Female",
                            "age": "18 years or over"}  # fmt: skip
    boys_total = mapping.target("victims_form", {"sex_age": "boys", "form": "total"})
    assert boys_total == {"indicator": VICTIMS, "glotip_dimension": "Total", "category": "Total",
                          "sex": "Male", "age": "0 to 17 years"}  # fmt: skip
    convicted = mapping.target("persons_convicted", {"sex": "female", "citizenship": "total"})
    assert convicted is not None
    assert (convicted["indicator"], convicted["sex"]) == ("Persons convicted", "Female")
    assert mapping.target("victims_form", {"sex_age": "nobody", "form": "total"}) is None


def test_a_broken_mapping_names_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "mapping.csv"
    path.write_text(
        "question,dimension,value,indicator,glotip_dimension,category,sex,age\n"
        "victims_form,,,Detected trafficking victims,Total,,Total,Total\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError, match=r"mapping.csv, row 2, column category"):
        load_mapping(path)


def test_convert_counts_what_it_leaves_out() -> None:
    answers = [
        _answer("victims_form", {"sex_age": "women", "form": "total"}, 2022, 70),
        _answer("victims_form", {"sex_age": "girls", "form": "total"}, 2022, "<5"),
        _answer("victims_form", {"sex_age": "boys", "form": "total"}, 2022, "unknown"),
        _answer("victims_citizenship", {"citizenship": "total", "sex_age": "women"}, 2022, 70),
        _answer("victims_form", {"sex_age": "women", "form": "total"}, 2022, 9, iso3=""),
        _answer("not_a_question", {"x": "y"}, 2022, 1),
    ]
    out = convert(answers, load_mapping(), citizenship.regions())
    assert [(x["sex"], x["age"], x["value"], x["under5"], x["text"]) for x in out.lines] == [
        ("Female", "18 years or over", 70.0, False, "70"),
        ("Female", "0 to 17 years", None, True, "<5"),
    ]
    assert out.lines[0]["region"] == "Africa"
    assert out.lines[0]["subregion"] == "Northern Africa"
    assert (out.unknown, out.repeated, out.without_country) == (1, 1, 1)
    assert out.unmapped == {"not_a_question": 1}


def test_combined_submissions_replace_glotip_per_country_indicator_and_year() -> None:
    cols = ["iso3", "indicator", "year", "sex", "value"]
    glotip = pd.DataFrame(
        [["EGY", VICTIMS, 2022, "Female", 10.0], ["EGY", VICTIMS, 2022, "Male", 5.0],
         ["EGY", VICTIMS, 2021, "Female", 8.0], ["EGY", "Persons convicted", 2022, "Total", 3.0],
         ["EST", VICTIMS, 2022, "Female", 4.0]], columns=cols,
    )  # fmt: skip
    submitted = pd.DataFrame([["EGY", VICTIMS, 2022, "Female", 70.0]], columns=cols)
    both = combine(glotip, submitted)
    egy_2022 = both[(both["iso3"] == "EGY") & (both["year"] == 2022)]
    # EGY's 2022 victims come only from the submission (GLOTIP's Male line goes too: no mixing);
    # its 2021 victims, its 2022 convictions and Estonia stay GLOTIP's.
    assert sorted(egy_2022[egy_2022["indicator"] == VICTIMS]["value"]) == [70.0]
    assert len(both) == 4


# -- end to end: a round through palermo.reporting.services, then `palermo stats` ----------------


def _stats(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("stats", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def _round() -> Round:
    spec = reporting.RoundSpec(
        code="gr-2024", name="Global Report 2024", questionnaire="global-report",
        period_start=dt.date(2021, 1, 1), period_end=dt.date(2023, 12, 31),
        deadline=dt.date(2024, 6, 30), status="open",
    )  # fmt: skip
    return reporting.create_round(None, None, spec)


def _accept(round_: Round, iso3: str, victims: dict[str, Any]) -> None:
    org = Organisation.objects.create(
        name=f"{iso3} authority", kind=OrganisationKind.STATE, country_iso3=iso3
    )
    reporting.invite(None, None, round_, [org])
    cells = {f"{k}/total/2022": v for k, v in victims.items()}
    # A '<5' counts as up to 4 in the total (reporting rejects parts adding up to more than it).
    cells["total/total/2022"] = sum(v if isinstance(v, int) else 4 for v in victims.values())
    sub = reporting.save_answers(None, None, round_, org, {"victims_form": cells})
    reporting.submit(None, None, sub)
    reporting.review(None, None, sub, "accept")


@pytest.mark.django_db
def test_an_accepted_submission_shows_up_in_stats_victims() -> None:
    round_ = _round()
    with pytest.raises(CommandError, match="no accepted submission"):
        _stats("victims", "--year", "2022", "--source", "submissions")
    _accept(round_, "EGY", {"women": 60, "girls": 20, "men": 15, "boys": 5})

    result = _stats("victims", "--year", "2022", "--by", "sex-age", "--source", "submissions")
    assert result["shares"] == {"women": 0.6, "girls": 0.2, "men": 0.15, "boys": 0.05}
    assert (result["countries"], result["source"], result["release"]) == (
        1, "submissions", "submissions")  # fmt: skip
    assert _stats("trend", "--source", "submissions", "--round", "gr-2024")["years"] == [
        {"year": 2022, "total": 100, "countries": 1, "under5_cells": 0}
    ]
    assert [r["total"] for r in _stats("trend", "--source", "submissions")["years"]] == [100]

    # Accepting another answer refreshes the store when a statistic asks for submissions: no
    # command needed (statistics pulls; reporting never calls statistics).
    _accept(round_, "EST", {"women": 10, "girls": "<5", "men": 10, "boys": 0})
    result = _stats("victims", "--year", "2022", "--source", "submissions")
    assert result["countries"] == 2
    assert result["counts"] == {"women": 70, "girls": 22, "men": 25, "boys": 5}
    assert result["under5_cells"] == 1
    synced = _stats("sync-submissions")
    assert synced["changed"] is False
    assert synced["rounds"] == ["gr-2024"]
    assert synced["countries"] == 2
    assert SubmissionObservation.objects.filter(iso3="EST", under5=True).count() == 1


@pytest.mark.django_db
def test_combined_source_overrides_glotip_where_a_submission_exists() -> None:
    release = Release.objects.create(date=dt.date(2025, 4, 14), file_name="test")
    for iso3, region, women, men in [("EGY", "Africa", 500, 500), ("EST", "Europe", 30, 10)]:
        for sex, value in [("Female", women), ("Male", men)]:
            Observation.objects.create(
                iso3=iso3, country=iso3, region=region, indicator=VICTIMS, dimension="Total",
                category="Total", sex=sex, age="18 years or over", year=2022, value=value,
                text=str(value), valid_from=release,
            )  # fmt: skip
    assert _stats("victims", "--year", "2022")["counts"] == {"women": 530, "men": 510}
    _accept(_round(), "EGY", {"women": 60, "girls": 20, "men": 15, "boys": 5})

    combined = _stats("victims", "--year", "2022", "--source", "combined")
    # Egypt's answer replaces its GLOTIP figures; Estonia's stay.
    assert combined["counts"] == {"women": 90, "girls": 20, "men": 25, "boys": 5}
    assert combined["countries"] == 2
    assert combined["release"] == "2025-04-14+submissions"
    glotip = _stats("victims", "--year", "2022", "--release", "2025-04-14")
    assert glotip["counts"] == {"women": 530, "men": 510}  # GLOTIP alone is untouched
    assert set(glotip) >= {"shares", "countries", "release", "method"}


@pytest.mark.django_db
def test_the_read_api_answers_for_the_submissions(client: Any) -> None:
    _accept(_round(), "EGY", {"women": 60, "girls": 20, "men": 15, "boys": 5})
    url = "/statistics/api/victims-sex-age/?year=2022&source=submissions"
    body = client.get(url).json()
    assert body["source"] == "submissions"
    assert body["rows"][0][:2] == ["women", 0.6]
    assert client.get("/statistics/api/victims-sex-age/?source=nonsense").status_code == 404
