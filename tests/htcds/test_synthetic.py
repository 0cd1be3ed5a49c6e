"""Synthetic multi-agency case files: reproducible, realistic, noisy, with the truth kept apart."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from palermo.htcds import agency_mapping, generate_case_files, validate, write_htcds_csv
from palermo.htcds.synthetic import AGENCY_COLUMNS, distributions


@pytest.fixture(scope="module")
def files():  # type: ignore[no-untyped-def]
    return generate_case_files(3000, seed=7)


def test_same_seed_same_files_other_seed_other_files(files) -> None:  # type: ignore[no-untyped-def]
    again = generate_case_files(3000, seed=7)
    for name, frame in files.agencies.items():
        pd.testing.assert_frame_equal(frame, again.agencies[name])
    other = generate_case_files(3000, seed=8)
    assert not files.agencies["police"].equals(other.agencies["police"])


def test_truth_is_apart_and_covers_every_record(files) -> None:  # type: ignore[no-untyped-def]
    records = pd.concat(files.agencies.values())
    assert list(records.columns) == list(AGENCY_COLUMNS)
    assert "person_id" not in records.columns
    assert set(records["record_id"]) == set(files.truth["record_id"])
    assert files.truth["record_id"].is_unique
    per_person = files.truth.groupby("person_id")["agency"].nunique()
    assert (per_person >= 2).mean() > 0.3  # the overlap linkage and MSE need
    assert files.persons["captured"].sum() == per_person.size < 3000


def test_records_of_one_person_differ_as_agencies_write_them(files) -> None:  # type: ignore[no-untyped-def]
    records = pd.concat(files.agencies.values()).merge(files.truth, on="record_id")
    names = records.groupby("person_id")["first_name"].nunique()
    assert (names > 1).mean() > 0.2  # variants, typos, case, swaps
    dob = records["date_of_birth"]
    assert (dob.str.len() == 4).any()
    assert (dob.str.len() == 7).any()
    assert (dob == "").any()
    for column in ("phone", "document_number", "address", "nationality"):
        assert (records[column] == "").any(), column


def test_distributions_follow_ctdc(files) -> None:  # type: ignore[no-untyped-def]
    dist = distributions()["gender"]
    female = dist["Female"] / (dist["Female"] + dist["Male"])
    assert abs((files.persons["sex"] == "Female").mean() - female) < 0.04
    top = max(
        (k for k in distributions()["citizenship"] if k), key=distributions()["citizenship"].get
    )
    assert files.persons["nationality"].value_counts().index[0] == top


def test_agency_files_are_valid_under_their_saved_mapping(files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = files.write(tmp_path)
    assert {p.name for p in paths} >= {"police.csv", "ground_truth.csv", "persons.csv"}
    for name in files.agencies:
        report = validate(tmp_path / f"{name}.csv", agency_mapping())
        assert report.ok, (name, report.problems[:3])
        assert report.rows == len(files.agencies[name])


def test_bulk_htcds_csv_is_valid_and_streams(tmp_path: Path) -> None:
    path = write_htcds_csv(tmp_path / "bulk.csv", 5_000, chunk=2_000)
    report = validate(path, chunksize=1_500)
    assert report.ok
    assert report.rows == 5_000
    assert report.plan.unknown == ()


def test_benchmarks_register_under_their_names() -> None:
    from palermo import bench
    from palermo.disclosure import benchmarks as disclosure_benchmarks
    from palermo.htcds import benchmarks as htcds_benchmarks

    assert bench.registry()["htcds.validate_csv"] is htcds_benchmarks.validate_csv
    assert bench.registry()["disclosure.k_anonymise"] is disclosure_benchmarks.k_anonymise_records
