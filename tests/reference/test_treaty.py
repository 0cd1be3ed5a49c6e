"""Treaty status and changes against the shipped UNTC file, computed here independently."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

from django.core.management import call_command

from palermo.reference.loaders import DATA_DIR
from palermo.reference.models import Country
from palermo.reference.queries import parties_by_year, treaty_status

# UNTC names (2014) that differ from today's UN English short names, mapped by hand.
RENAMED = {
    "Swaziland": "SWZ",
    "The former Yugoslav Republic of Macedonia": "MKD",
    "Czech Republic": "CZE",
    "Turkey": "TUR",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Vincent and the Grenadines": "VCT",
    "European Union": "EUU",
    "Côte d'Ivoire": "CIV",
    "Democratic Republic of the Congo": "COD",
}
KINDS = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
}


def _expected_parties() -> dict[str, tuple[str, dt.date]]:
    by_un_name = {c.un_names.get("en"): c.iso3 for c in Country.objects.all()}
    path = DATA_DIR / "treaty" / "untc_zmjones_asof2014-01_XVIII-12-a.csv"
    expected = {}
    with open(path, encoding="utf-8") as fh:
        for participant, _signature, consent in csv.reader(fh):
            m = re.fullmatch(r"(\d+ \w{3} \d{4})\s*(a|A|AA|d)?", consent)
            if participant == "Participant" or not m:
                continue
            iso3 = RENAMED.get(participant) or by_un_name[participant]
            date = dt.datetime.strptime(m.group(1), "%d %b %Y").date()
            expected[iso3] = (KINDS[m.group(2) or ""], date)
    return expected


def test_status_2014_equals_untc_file(ref: None) -> None:
    expected = _expected_parties()
    parties = treaty_status("tip", dt.date(2014, 1, 31))
    assert {p.iso3: (p.action, p.date) for p in parties} == expected
    assert len(parties) == 159


def test_status_spot_checks(ref: None) -> None:
    parties = {p.iso3: p for p in treaty_status("tip", dt.date(2014, 1, 31))}
    assert (parties["ALB"].date, parties["ALB"].signature) == (
        dt.date(2002, 8, 21),
        dt.date(2000, 12, 12),
    )
    assert (parties["MNE"].action, parties["MNE"].date) == ("succession", dt.date(2006, 10, 23))
    assert (parties["EUU"].action, parties["EUU"].date) == ("approval", dt.date(2006, 9, 6))
    assert (parties["NLD"].action, parties["NLD"].date) == ("acceptance", dt.date(2005, 7, 27))
    assert (parties["CHN"].action, parties["CHN"].date) == ("accession", dt.date(2010, 2, 8))
    assert "JPN" not in parties
    assert "FJI" not in parties


def test_status_json_command(ref: None) -> None:
    out = io.StringIO()
    call_command(
        "treaty", "status", "--treaty", "tip", "--as-of", "2014-01-31", "--json", stdout=out
    )
    doc = json.loads(out.getvalue())
    assert doc["count"] == 159
    assert doc["as_of"] == "2014-01-31"
    alb = next(p for p in doc["parties"] if p["iso3"] == "ALB")
    assert alb == {
        "iso3": "ALB",
        "m49": "008",
        "name": "Albania",
        "action": "ratification",
        "date": "2002-08-21",
        "signature": "2000-12-12",
    }


def test_changes_include_the_seed_report_actions(ref: None) -> None:
    out = io.StringIO()
    call_command(
        "treaty",
        "changes",
        "--treaty",
        "tip",
        "--from",
        "2015-12-17",
        "--to",
        "2019-04-15",
        "--json",
        stdout=out,
    )
    doc = json.loads(out.getvalue())
    got = {(a["iso3"], a["date"]) for a in doc["actions"]}
    assert {
        ("FJI", "2017-09-19"),
        ("JPN", "2017-07-11"),
        ("MDV", "2016-09-14"),
        ("PSE", "2017-12-29"),
    } <= got
    assert all(a["source"] for a in doc["actions"])


def test_today_and_parties_by_year(ref: None) -> None:
    today = {p.iso3 for p in treaty_status("tip")}
    assert {"FJI", "JPN", "MDV", "PSE"} <= today
    assert len(today) == 163
    counts = dict(parties_by_year("tip"))
    assert (counts[2013], counts[2016], counts[2017]) == (159, 160, 163)
