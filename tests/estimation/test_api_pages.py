"""The estimation API and pages: scope (404 outside it), role gates, exports, audit, the run page."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palermo.accounts.models import AuditLog
from palermo.estimation import services, views
from palermo.estimation.models import EstimationRun

from .conftest import csv_bytes, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(orgs, member, gbr) -> EstimationRun:  # type: ignore[no-untyped-def]
    spec = services.RunSpec(name="UK 2013", organisation=orgs[0], country_iso3="GBR", year=2013)
    return services.run_estimate(
        None, member("platform_admin", 0), spec, "UKdat_5.csv", csv_bytes("UKdat_5")
    )


def test_api_create_list_retrieve(orgs, member) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(member("national_focal_point"))
    body = {
        "file": SimpleUploadedFile("w.csv", csv_bytes("Western"), "text/csv"),
        "name": "Western",
        "organisation": orgs[0].pk,
        "method": "main",
    }
    created = client.post("/api/estimation/runs/", body)
    assert created.status_code == 201, created.content
    doc = created.json()
    assert doc["settings"]["method"] == "main"
    assert doc["model"] == []
    assert doc["estimate"] > doc["observed"] == 345
    listed = client.get("/api/estimation/runs/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [doc["id"]]
    one = client.get(f"/api/estimation/runs/{doc['id']}/").json()
    assert one["diagnostics"]["patterns"]
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"estimation.run.create", "estimation.run.list", "estimation.run.read"} <= actions


def test_api_bad_file_is_400_naming_the_row(orgs, member) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(member("platform_admin"))
    body = {
        "file": SimpleUploadedFile("bad.csv", b"A,B,count\n1,0,-2\n", "text/csv"),
        "name": "x",
        "organisation": orgs[0].pk,
    }
    response = client.post("/api/estimation/runs/", body)
    assert response.status_code == 400
    assert "bad.csv, row 1, count" in response.json()["file"][0]
    assert EstimationRun.objects.count() == 0


def test_api_create_for_another_organisation_is_403(orgs, member) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(member("national_focal_point", 0))
    body = {
        "file": SimpleUploadedFile("k.csv", csv_bytes("Korea"), "text/csv"),
        "name": "x",
        "organisation": orgs[1].pk,
    }
    assert client.post("/api/estimation/runs/", body).status_code == 403


@pytest.mark.parametrize(
    ("role", "index", "status"),
    [
        ("read_only", 0, 200),
        ("secretariat_analyst", 0, 200),
        ("case_worker", 0, 404),
        ("national_focal_point", 1, 404),
        ("read_only", 1, 404),
    ],
)
def test_scope_of_reads(run, member, role, index, status) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(member(role, index))
    assert client.get(f"/api/estimation/runs/{run.pk}/").status_code == status
    assert client.get(f"/estimation/{run.pk}/").status_code == status
    export = client.get(f"/api/estimation/run-exports/{run.pk}/?as=csv")
    assert export.status_code == status


def test_exports_are_audited_and_formula_safe(run, member) -> None:  # type: ignore[no-untyped-def]
    run.name = "=HYPERLINK(evil)"
    run.save()
    client = logged_in(member("read_only"))
    text = client.get(f"/estimation/{run.pk}/export/?as=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text
    assert "pattern,10000,54," in text
    assert "sdg_16_2_2,per_100k," in text
    doc = json.loads(client.get(f"/api/estimation/run-exports/{run.pk}/?as=json").content)
    assert doc["sdg_16_2_2"]["per_100k"] == pytest.approx(run.estimate / 64_128_226 * 1e5)
    assert AuditLog.objects.filter(action="estimation.run.export").count() == 2
    assert client.get(f"/api/estimation/run-exports/{run.pk}/?as=exe").status_code == 400


def test_run_page_shows_model_patterns_chart_and_rate(run, member) -> None:  # type: ignore[no-untyped-def]
    page = logged_in(member("read_only")).get(f"/estimation/{run.pk}/").content.decode()
    assert "LA:NG, LA:PFNCA, NG:GO, NG:GP, PFNCA:GP, GO:GP" in page
    assert "stepwise p=0.001" in page
    # the chart, drawn from palermo.graphics: one dot per model choice, the run's own filled
    chart = page[page.index('<figure class="chart">') : page.index("</figure>")]
    assert 'role="img" aria-labelledby="sensitivity-chart-title sensitivity-chart-desc"' in chart
    assert '<title id="sensitivity-chart-title">' in chart
    assert '<desc id="sensitivity-chart-desc">' in chart
    rows = [r for r in run.diagnostics["sensitivity"] if r["estimate"] is not None]
    assert chart.count("<circle") == len(rows) > 1
    assert chart.count('<g class="highlight">') == 1
    assert chart.count('class="whisker"') == sum(1 for r in rows if None not in (r["ci"] or [None]))
    assert 'class="reference"' in chart  # the number observed
    assert "stepwise p=0.02: 11,313 (" in chart  # each dot's text alternative
    assert "<style" not in chart  # the CSP forbids inline styles: they would not apply
    assert "<code>10000</code>" in page
    assert "per 100,000" in page
    assert AuditLog.objects.filter(action="estimation.run.read", object_id=str(run.pk)).exists()


def test_sensitivity_rows_mark_the_runs_own_choice() -> None:
    rows = [
        {"method": "stepwise", "threshold": 0.001, "estimate": 130.0, "ci": [110.0, 150.0]},
        {"method": "stepwise", "threshold": 0.02, "estimate": 113.0, "ci": [98.0, 130.0]},
        {"method": "aic", "estimate": 120.0, "ci": None},
        {"method": "bic", "estimate": None},
    ]
    got = views.sensitivity(rows, "stepwise", 0.02)
    assert [(i.label, i.highlight) for i in got] == [
        ("stepwise p=0.001", False),
        ("stepwise p=0.02", True),
        ("AIC", False),
    ]
    assert (got[1].estimate, got[1].low, got[1].high) == (113.0, 98.0, 130.0)
    assert got[2].low is None
    assert got[2].high is None
    assert [i.highlight for i in views.sensitivity(rows, "aic", 0.02)] == [False, False, True]


def test_upload_page(orgs, member) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(member("secretariat_analyst"))
    assert client.get("/estimation/new/").status_code == 200
    bad = client.post(
        "/estimation/new/",
        {
            "name": "x",
            "organisation": orgs[0].pk,
            "file": SimpleUploadedFile("b.csv", b"A,count\n1,3\n"),
            "method": "stepwise",
            "threshold": "0.02",
            "bootstrap": "0",
            "ci": "conditional",
            "sex": "total",
            "age_group": "total",
            "exploitation": "all",
        },
    )
    assert bad.status_code == 200
    assert "needs at least 2 lists" in bad.content.decode()
    good = client.post(
        "/estimation/new/",
        {
            "name": "Korea",
            "organisation": orgs[0].pk,
            "file": SimpleUploadedFile("k.csv", csv_bytes("Korea")),
            "method": "stepwise",
            "threshold": "0.02",
            "bootstrap": "0",
            "ci": "conditional",
            "sex": "total",
            "age_group": "total",
            "exploitation": "all",
        },
    )
    run = EstimationRun.objects.get()
    assert good.status_code == 302
    assert good["Location"] == f"/estimation/{run.pk}/"
    assert logged_in(member("case_worker")).get("/estimation/new/").status_code == 403
    listing = client.get("/estimation/").content.decode()
    assert "Korea" in listing
