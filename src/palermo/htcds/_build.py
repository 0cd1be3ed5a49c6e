"""Regenerates the versioned data shipped in palermo/htcds/data/ from the sources in ../shared.

Run once per source release: ``python -m palermo.htcds._build /path/to/shared/data/ctdc``. The
output is committed; the package never reads ../shared at run time (users' machines lack it).
Sources: IOM, Human Trafficking Case Data Standard 2.0 (github.com/UNMigration/HTCDS, field table
and XLSForm); CTDC, global k-anonymised release of 2020-04-14 (ctdc.org), for the distributions.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pycountry

DATA = Path(__file__).resolve().parent / "data"

KINDS = {
    "Text": "text",
    "Long Text": "text",
    "Picklist or Text": "text",
    "Date": "date",
    "Number": "number",
    "Geolocation": "number",
    "Checkbox": "checkbox",
    "Picklist": "picklist",
    "Multiselect Picklist": "multipicklist",
    "Lookup [to organisation]": "text",
    "Lookup [to user]": "text",
    "Lookup [to person]": "text",
}
# Fields whose values are codes of an external standard rather than an enumerated list.
CODE_LISTS = {
    "prs_Citizenship": "country",
    "prs_MailingCountry": "country",
    "org_ShippingCountry": "country",
    "hte_Country": "country",
    "prs_PrimaryLanguage": "language",
    "prs_SecondaryLanguage": "language",
}
# Ranges HTCDS implies (latitude/longitude, counts, ages) but does not state as rules.
RANGES = {
    "org_ShippingLatitude": (-90, 90),
    "prs_MailingLatitude": (-90, 90),
    "hte_Latitude": (-90, 90),
    "org_ShippingLongitude": (-180, 180),
    "prs_MailingLongitude": (-180, 180),
    "hte_Longitude": (-180, 180),
    "prs_NumberOfChildren": (0, 40),
    "vic_AgeWhenTrafficked": (0, 120),
}
PHONE = {"org_Phone", "prs_HomePhone", "prs_MobilePhone"}


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.splitlines() if v.strip()]


def build_standard(schema: Path) -> dict[str, Any]:
    xls_multi = {}
    with (schema / "htcds_xlsform_survey.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kind = row["type"].split(" ")[0]
            if kind in ("select_one", "select_multiple"):
                # The XLSForm spells two names differently from the field table.
                name = {
                    "prs_First_Name": "prs_FirstName",
                    "prs_Second_Name": "prs_SecondName",
                    "vic_Methods_of_Control": "vic_MethodsOfControl",
                }.get(row["name"], row["name"])
                xls_multi[name] = kind == "select_multiple"
    fields = []
    section = ""
    with (schema / "htcds_field_standards_2.0.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Section"].strip():
                section = " ".join(row["Section"].split())
            name = row["Field Name including Prefix"].strip()
            if not name:
                continue
            source_type = row["Field Type"].strip()
            kind = KINDS[source_type]
            values = [] if name in CODE_LISTS else _split(row["Value Names (if picklist)"])
            labels = [] if name in CODE_LISTS else _split(row["Value Labels (if picklist)"])
            if kind == "picklist" and xls_multi.get(name):
                # Field table says Picklist, the XLSForm select_multiple (ForcedLabourIndustry): CTDC
                # records several sectors per victim, so the multiple reading wins.
                kind = "multipicklist"
            if name in CODE_LISTS and kind == "text":
                kind = "picklist"
            field: dict[str, Any] = {
                "name": name,
                "prefix": row["Field Name Prefix"].strip(),
                "section": section,
                "label": row["Field Label"].strip(),
                "source_type": source_type,
                "kind": kind,
                "core": row["Core"].strip() == "Core",
                "status": row["Status"].strip(),
                "values": values,
                "value_labels": labels if len(labels) == len(values) else [],
                "code_list": CODE_LISTS.get(name, ""),
                "description": row["Description"].strip(),
                "notes": row["Notes"].strip(),
            }
            if name in RANGES:
                field["range"] = list(RANGES[name])
            if name in PHONE:
                field["format"] = "e164"
            if name == "prs_Email":
                field["format"] = "email"
            fields.append(field)
    countries = sorted(c.alpha_2 for c in pycountry.countries)
    languages = sorted(
        {lang.alpha_3 for lang in pycountry.languages}
        | {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    )
    return {
        "standard": "HTCDS",
        "version": "2.0",
        "source": "IOM, Human Trafficking Case Data Standard 2.0, github.com/UNMigration/HTCDS "
        "(htcds_field_standards_2.0.csv and the XLSForm survey/choices)",
        "licence": "HTCDS is published openly by IOM for reuse; ISO code lists from pycountry (LGPL)",
        "multi_separator": ";",
        "fields": fields,
        "code_lists": {"country": countries, "language": languages},
    }


def build_distributions(ctdc: Path) -> dict[str, Any]:
    path = ctdc / "ctdc_global_2020-04-14_subset_dados_app.csv"
    counts: dict[str, Counter[str]] = {
        k: Counter()
        for k in (
            "gender",
            "ageBroad",
            "citizenship",
            "year",
            "exploitation",
            "CountryOfExploitation",
        )
    }
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            counts["gender"][row["gender"]] += 1
            counts["ageBroad"][row["ageBroad"] or ""] += 1
            counts["citizenship"][row["nacionalidade_alpha3"] or ""] += 1
            counts["CountryOfExploitation"][row["pais_exploracao_alpha3"] or ""] += 1
            counts["year"][row["yearOfRegistration"]] += 1
            kind = ("L" if row["isForcedLabour"] == "1.0" else "") + (
                "S" if row["isSexualExploit"] == "1.0" else ""
            )
            counts["exploitation"][kind] += 1
    return {
        "source": "CTDC global k-anonymised release 2020-04-14, 48,773 records (ctdc.org), "
        "columns yearOfRegistration, gender, ageBroad, citizenship, isForcedLabour, "
        "isSexualExploit, CountryOfExploitation; '' = missing",
        "licence": "CTDC open data, free reuse with attribution to CTDC",
        "counts": {k: dict(sorted(v.items())) for k, v in counts.items()},
    }


def main(argv: list[str]) -> None:
    ctdc = Path(argv[1]) if len(argv) > 1 else Path("../shared/data/ctdc")
    standard = build_standard(ctdc / "schema")
    (DATA / "htcds-2.0.json").write_text(json.dumps(standard, indent=1, ensure_ascii=False) + "\n")
    dist = build_distributions(ctdc)
    (DATA / "ctdc-distributions.json").write_text(json.dumps(dist, indent=1) + "\n")
    print(
        f"{len(standard['fields'])} fields; distributions of {sum(dist['counts']['year'].values())}"
    )


if __name__ == "__main__":
    main(sys.argv)
