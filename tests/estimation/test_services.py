"""Running an estimate from an upload: validation (all or nothing), results, SDG rates, audit."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from palermo.accounts.models import AuditLog
from palermo.estimation import sdg, services
from palermo.estimation.models import EstimationRun

from .conftest import UK_POPULATION, csv_bytes

pytestmark = pytest.mark.django_db
UKDAT5 = 11312.9902894352  # SparseMSE 2.0.1 stepwise(0.02) on UKdat_5 (tests/mse/test_reference.py)


def spec(orgs, **kw):  # type: ignore[no-untyped-def]
    return services.RunSpec(name=kw.pop("name", "UK 2013"), organisation=orgs[0], **kw)


def test_stepwise_run_stores_results_and_diagnostics(orgs, member, gbr) -> None:  # type: ignore[no-untyped-def]
    user = member("national_focal_point")
    run = services.run_estimate(
        None, user, spec(orgs, country_iso3="gbr", year=2013), "UKdat_5.csv", csv_bytes("UKdat_5")
    )
    run.refresh_from_db()
    assert run.status == "ok"
    assert run.observed == 2744
    assert run.estimate == pytest.approx(UKDAT5, rel=1e-6)
    assert run.model_terms == ["LA:NG", "LA:PFNCA", "NG:GO", "NG:GP", "PFNCA:GP", "GO:GP"]
    assert run.exists
    assert run.identifiable
    assert run.check_code == 0
    assert run.lists == ["LA", "NG", "PFNCA", "GO", "GP"]
    assert {"pattern": "10000", "count": 54} in run.table
    assert sum(r["observed"] for r in run.diagnostics["patterns"]) == 2744
    thresholds = [
        r["threshold"] for r in run.diagnostics["sensitivity"] if r["method"] == "stepwise"
    ]
    assert thresholds == [0.001, 0.02, 0.05]
    assert run.diagnostics["steps"][0]["model"] == []
    assert run.second_estimate is not None
    assert run.estimators_disagree is not None
    assert run.sdg["available"]
    assert run.sdg["population"] == UK_POPULATION[2013]
    assert run.sdg["per_100k"] == pytest.approx(UKDAT5 / UK_POPULATION[2013] * 1e5, rel=1e-9)
    assert run.sdg["population_source"] == "World Bank SP.POP.TOTL"
    row = AuditLog.objects.get(action="estimation.run.create")
    assert row.object_id == str(run.pk)
    assert row.user == user


def test_bad_table_stores_nothing_and_names_row_and_column(orgs, member) -> None:  # type: ignore[no-untyped-def]
    bad = b"A,B,count\n1,0,5\n0,2,3\n"
    with pytest.raises(ValidationError) as info:
        services.run_estimate(None, member("platform_admin"), spec(orgs), "t.csv", bad)
    assert "t.csv, row 2, B: must be 0 or 1" in info.value.message_dict["file"][0]
    assert EstimationRun.objects.count() == 0
    assert not AuditLog.objects.filter(action="estimation.run.create").exists()


def test_xlsx_upload(orgs, member) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in csv_bytes("Korea").decode().splitlines():
        sheet.append([int(v) if v.isdigit() else v for v in line.split(",")])
    out = io.BytesIO()
    book.save(out)
    run = services.run_estimate(
        None, member("secretariat_analyst"), spec(orgs), "korea.xlsx", out.getvalue()
    )
    assert run.status == "ok"
    assert run.observed == 123


def test_settings_errors_are_reported_together(orgs, member) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        services.run_estimate(
            None,
            member("platform_admin"),
            spec(orgs, method="fixed", terms="", age_group="old", country_iso3="XXX"),
            "u.csv",
            csv_bytes("UKdat_5"),
        )
    assert set(info.value.message_dict) == {"terms", "age_group", "country_iso3"}


@override_settings(PALERMO_MSE_MAX_BOOTSTRAP=10, PALERMO_MSE_MAX_LISTS=4)
def test_limits_are_settings(orgs, member) -> None:  # type: ignore[no-untyped-def]
    user = member("platform_admin")
    with pytest.raises(ValidationError) as info:
        services.run_estimate(None, user, spec(orgs), "u.csv", csv_bytes("UKdat_5"))
    assert "PALERMO_MSE_MAX_LISTS" in info.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as info:
        services.run_estimate(None, user, spec(orgs, bootstrap=11), "k.csv", csv_bytes("Korea"))
    assert "PALERMO_MSE_MAX_BOOTSTRAP" in info.value.message_dict["bootstrap"][0]


def test_only_run_roles_of_that_organisation(orgs, member) -> None:  # type: ignore[no-untyped-def]
    for user in (member("read_only"), member("case_worker"), member("national_focal_point", 1)):
        with pytest.raises(PermissionDenied):
            services.run_estimate(None, user, spec(orgs), "k.csv", csv_bytes("Korea"))


def test_not_estimable_fixed_model_is_stored_as_such(orgs, member) -> None:  # type: ignore[no-untyped-def]
    run = services.run_estimate(
        None,
        member("platform_admin"),
        spec(orgs, method="fixed", terms="A:B,A:C,B:C"),
        "a3.csv",
        csv_bytes("Artificial_3"),
    )
    assert run.status == "not_estimable"
    assert run.estimate is None
    assert run.identifiable is False
    assert run.check_code in (2, 3)


def test_bootstrap_bca_run(orgs, member) -> None:  # type: ignore[no-untyped-def]
    run = services.run_estimate(
        None,
        member("platform_admin"),
        spec(orgs, bootstrap=40, ci="bca", seed=3),
        "w.csv",
        csv_bytes("Western"),
    )
    assert run.ci_method == "bca"
    boot = run.diagnostics["bootstrap"]
    assert boot["replicates"] == 40
    assert boot["seed"] == 3
    assert [run.ci_low, run.ci_high] == boot["bca"]


def test_population_by_sex_and_age(gbr) -> None:  # type: ignore[no-untyped-def]
    # children 0-17: groups 0-4, 5-9, 10-14 whole and 3/5 of 15-19 -> 3.6 groups of 500,000.
    fig = sdg.population("GBR", 2010, "female", "children")
    assert fig is not None
    assert fig.value == pytest.approx(3.6 * 500_000)
    both = sdg.population("GBR", 2010, "total", "18+")
    assert both is not None
    assert both.value == pytest.approx(2 * (16.4 * 500_000 + 100))
    mid = sdg.population("GBR", 2012, "male", "20-24")
    assert mid is not None
    assert mid.value == pytest.approx(500_000 * 1.04)
    assert mid.method == "interpolated between 2010 and 2015"
    assert sdg.population("GBR", 2030, "male", "20-24") is None  # never extrapolated
    with pytest.raises(ValueError, match="ends before it starts"):
        sdg.parse_age_group("24-18")
