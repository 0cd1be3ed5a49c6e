"""IATI export: the XML validates against the official 2.03 schema; the command writes it."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from palermo.accounts.models import AuditLog
from palermo.coordination import demo, iati
from palermo.coordination.models import Activity


@pytest.mark.django_db
def test_demo_export_validates_against_the_schema(countries) -> None:  # type: ignore[no-untyped-def]
    demo.load_demo(io.StringIO())
    activities = Activity.objects.select_related("organisation").prefetch_related("countries")
    xml = iati.export(activities)
    assert iati.validate(xml) == []
    root = etree.fromstring(xml)
    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    assert len(root.findall("iati-activity")) == Activity.objects.count()
    sawiyan = next(
        a
        for a in root.findall("iati-activity")
        if a.findtext("title/narrative") == "Operation Sawiyan"
    )
    assert sawiyan.find("recipient-country").get("code") == "SD"
    assert sawiyan.find("activity-status").get("code") == "4"
    assert "victims identified: 94" in sawiyan.findall("description")[1].findtext("narrative")
    assert sawiyan.findtext("iati-identifier").startswith("XI-PALERMO-")


def test_the_validator_rejects_what_the_schema_forbids() -> None:
    # An activity without reporting-org, title, description... is invalid IATI.
    bad = b'<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier></iati-activity></iati-activities>'
    errors = iati.validate(bad)
    assert errors
    assert "reporting-org" in " ".join(errors)
    assert iati.validate(b"<not-closed>")[0].startswith("line 1:")


@pytest.mark.django_db
def test_command_writes_a_valid_file_and_audits(tmp_path, entities) -> None:  # type: ignore[no-untyped-def]
    Activity.objects.create(
        organisation=entities["UNODC"],
        title="Workshop",
        kind="training",
        pillar="prevention",
        start_date=dt.date(2030, 1, 1),
        participants_trained=12,
        source="test",
    )
    out = tmp_path / "activities.xml"
    stdout = io.StringIO()
    call_command("activities", "export-iati", "--out", str(out), "--json", stdout=stdout)
    summary = json.loads(stdout.getvalue())
    assert summary["activities"] == 1
    assert summary["valid"] is True
    assert iati.validate(out.read_bytes()) == []
    assert etree.fromstring(out.read_bytes()).find(".//activity-status").get("code") == "2"
    assert AuditLog.objects.filter(action="coordination.activity.export").exists()


@pytest.mark.django_db
def test_command_refuses_an_empty_export_and_bad_dates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="no activities"):
        call_command("activities", "export-iati", "--out", str(tmp_path / "x.xml"))
    with pytest.raises(CommandError, match="--from"):
        call_command("activities", "export-iati", "--out", "x.xml", "--from", "2018-13-01")
