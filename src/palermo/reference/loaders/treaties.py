"""Load UNTOC (XVIII-12) and its protocols, and their signatures and acts of consent from UNTC files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.db.models import Q

from palermo.reference.loaders.base import DATA_DIR, LoadError, LoadReport, read_rows, sync
from palermo.reference.loaders.names import CountryResolver
from palermo.reference.models import ActionType, Country, Treaty, TreatyAction

CURATED_FILE = DATA_DIR / "treaty_actions_curated.csv"
UNTC_URL = (
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={}&chapter=18&lang=en"
)

TREATIES: list[dict[str, Any]] = [
    {
        "code": "untoc",
        "untc_id": "XVIII-12",
        "file": "untc_zmjones_asof2014-01_XVIII-12.csv",
        "adopted": dt.date(2000, 11, 15),
        "entry_into_force": dt.date(2003, 9, 29),
        "parent": None,
        "names": {
            "en": "United Nations Convention against Transnational Organized Crime",
            "fr": "Convention des Nations Unies contre la criminalité transnationale organisée",
        },
        "short_names": {
            "en": "Organized Crime Convention",
            "fr": "Convention contre la criminalité organisée",
        },
    },
    {
        "code": "tip",
        "untc_id": "XVIII-12-a",
        "file": "untc_zmjones_asof2014-01_XVIII-12-a.csv",
        "adopted": dt.date(2000, 11, 15),
        "entry_into_force": dt.date(2003, 12, 25),
        "parent": "untoc",
        "names": {
            "en": "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially "
            "Women and Children, supplementing the United Nations Convention against "
            "Transnational Organized Crime",
            "fr": "Protocole additionnel à la Convention des Nations Unies contre la criminalité "
            "transnationale organisée visant à prévenir, réprimer et punir la traite des "
            "personnes, en particulier des femmes et des enfants",
        },
        "short_names": {
            "en": "Trafficking in Persons Protocol",
            "fr": "Protocole relatif à la traite des personnes",
        },
    },
    {
        "code": "smuggling",
        "untc_id": "XVIII-12-b",
        "file": "untc_zmjones_asof2014-07_XVIII-12-b.csv",
        "adopted": dt.date(2000, 11, 15),
        "entry_into_force": dt.date(2004, 1, 28),
        "parent": "untoc",
        "names": {
            "en": "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing "
            "the United Nations Convention against Transnational Organized Crime",
            "fr": "Protocole contre le trafic illicite de migrants par terre, mer et air, "
            "additionnel à la Convention des Nations Unies contre la criminalité "
            "transnationale organisée",
        },
        "short_names": {
            "en": "Smuggling of Migrants Protocol",
            "fr": "Protocole relatif au trafic illicite de migrants",
        },
    },
    {
        "code": "firearms",
        "untc_id": "XVIII-12-c",
        "file": "untc_zmjones_asof2014-07_XVIII-12-c.csv",
        "adopted": dt.date(2001, 5, 31),
        "entry_into_force": dt.date(2005, 7, 3),
        "parent": "untoc",
        "names": {
            "en": "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, "
            "Their Parts and Components and Ammunition, supplementing the United Nations "
            "Convention against Transnational Organized Crime",
            "fr": "Protocole contre la fabrication et le trafic illicites d'armes à feu, de leurs "
            "pièces, éléments et munitions, additionnel à la Convention des Nations Unies "
            "contre la criminalité transnationale organisée",
        },
        "short_names": {"en": "Firearms Protocol", "fr": "Protocole relatif aux armes à feu"},
    },
]
# UNTC's suffixes after the date of an act of consent; no suffix means ratification.
SUFFIXES = {
    "": ActionType.RATIFICATION,
    "a": ActionType.ACCESSION,
    "A": ActionType.ACCEPTANCE,
    "AA": ActionType.APPROVAL,
    "d": ActionType.SUCCESSION,
}
_UNTC_DATE = re.compile(r"^(\d{1,2} [A-Z][a-z]{2} \d{4})(?:\s+(a|A|AA|d))?$")


def parse_untc_date(value: str, file: Path, row: int, column: str) -> tuple[dt.date, str]:
    """'21 Aug 2002 a' -> (date(2002, 8, 21), 'accession')."""
    match = _UNTC_DATE.match(value)
    if not match:
        raise LoadError(file, row, column, f"not a UNTC date like '21 Aug 2002 a': {value!r}")
    try:
        date = dt.datetime.strptime(match.group(1), "%d %b %Y").date()
    except ValueError as exc:
        raise LoadError(file, row, column, f"invalid date {value!r}: {exc}") from None
    return date, SUFFIXES[match.group(2) or ""]


def _load_treaties(report: LoadReport) -> dict[str, int]:
    desired = {
        (t["code"],): {
            "untc_id": t["untc_id"],
            "names": t["names"],
            "short_names": t["short_names"],
            "adopted": t["adopted"],
            "entry_into_force": t["entry_into_force"],
            "url": UNTC_URL.format(t["untc_id"]),
        }
        for t in TREATIES
    }
    sync(Treaty, ("code",), desired, Treaty.objects.all(), report, prune=False)
    ids = dict(Treaty.objects.values_list("code", "id"))
    parents = {(t["code"],): {"parent_id": ids.get(t["parent"])} for t in TREATIES}
    sync(
        Treaty, ("code",), parents, Treaty.objects.all(), LoadReport("treaty parents"), prune=False
    )
    return ids


def load_treaty_actions(data_dir: Path = DATA_DIR) -> LoadReport:
    """UNTC status files, then the curated later actions (which win on the same treaty/party/act)."""
    report = LoadReport("treaties")
    ids = _load_treaties(report)
    resolver = CountryResolver()
    countries = dict(Country.objects.values_list("iso3", "id"))
    desired: dict[tuple[Any, ...], dict[str, Any]] = {}
    for treaty in TREATIES:
        path = data_dir / "treaty" / treaty["file"]
        tid = ids[treaty["code"]]
        source = f"UNTC {treaty['untc_id']} status ({treaty['file']})"
        for line, row in read_rows(path, required=("Participant", "Signature")):
            report.read += 1
            consent_col = [c for c in row if c not in ("Participant", "Signature")]
            if len(consent_col) != 1:
                raise LoadError(path, 1, None, "expected one column of acts of consent")
            iso3 = resolver.name(row["Participant"])
            if iso3 is None:
                report.unmatched[f"{path.name}: {row['Participant']}"] += 1
                continue
            if row["Signature"]:
                date, _ = parse_untc_date(row["Signature"], path, line, "Signature")
                desired[(tid, countries[iso3], ActionType.SIGNATURE)] = {
                    "date": date,
                    "source": source,
                    "source_url": UNTC_URL.format(treaty["untc_id"]),
                    "note": "",
                    "loaded_from": path.name,
                }
            if value := row[consent_col[0]]:
                date, action = parse_untc_date(value, path, line, consent_col[0])
                desired[(tid, countries[iso3], action)] = {
                    "date": date,
                    "source": source,
                    "source_url": UNTC_URL.format(treaty["untc_id"]),
                    "note": "",
                    "loaded_from": path.name,
                }
    curated = data_dir / CURATED_FILE.name
    codes = {t["code"] for t in TREATIES}
    for line, row in read_rows(curated, required=("treaty", "iso3", "action", "date", "source")):
        report.read += 1
        if row["treaty"] not in codes:
            raise LoadError(curated, line, "treaty", f"unknown treaty {row['treaty']!r}")
        if row["iso3"] not in countries:
            raise LoadError(curated, line, "iso3", f"unknown ISO3 {row['iso3']!r}")
        if row["action"] not in ActionType.values:
            raise LoadError(curated, line, "action", f"unknown action {row['action']!r}")
        if not row["source"]:
            raise LoadError(curated, line, "source", "every curated action must cite its source")
        try:
            date = dt.date.fromisoformat(row["date"])
        except ValueError:
            raise LoadError(curated, line, "date", f"not an ISO date: {row['date']!r}") from None
        desired[(ids[row["treaty"]], countries[row["iso3"]], row["action"])] = {
            "date": date,
            "source": row["source"],
            "source_url": row.get("source_url", ""),
            "note": row.get("note", ""),
            "loaded_from": curated.name,
        }
    # Rows typed in by an administrator (loaded_from = "") are never pruned by a reload, but one
    # with the same treaty/party/act as a file row is taken over by the file (unique constraint).
    adopted = [
        pk
        for pk, *key in TreatyAction.objects.filter(loaded_from="").values_list(
            "pk", "treaty_id", "country_id", "action"
        )
        if tuple(key) in desired
    ]
    if adopted:
        report.notes.append(f"{len(adopted)} hand-entered action(s) replaced by file rows")
    scope = TreatyAction.objects.filter(~Q(loaded_from="") | Q(pk__in=adopted))
    sync(TreatyAction, ("treaty_id", "country_id", "action"), desired, scope, report)
    return report
