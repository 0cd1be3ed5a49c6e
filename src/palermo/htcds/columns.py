"""Which HTCDS field each source column feeds: HTCDS names, CTDC names, or a saved mapping."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cache
from importlib import resources
from typing import Any, Literal

import pycountry

from palermo.htcds.checks import Check, ctdc_checks, field_checks
from palermo.htcds.standard import Field, Standard, load_standard

Scheme = Literal["htcds", "ctdc", "saved"]


@dataclass(frozen=True)
class ColumnSpec:
    """How one source column is checked and where its values go."""

    column: str
    field: str
    checks: tuple[Check, ...]
    rule: str = "htcds"  # "htcds" (as is) or the CTDC rule that converts it
    spec: dict[str, Any] = dc_field(default_factory=dict, hash=False, compare=False)
    missing: frozenset[str] = frozenset({""})


@dataclass(frozen=True)
class ColumnPlan:
    """The reading of a header: which scheme, each column's spec, and what was left aside."""

    scheme: Scheme
    columns: tuple[ColumnSpec, ...]
    ignored: tuple[str, ...]
    unknown: tuple[str, ...]
    duplicates: tuple[str, ...]

    @property
    def fields(self) -> dict[str, str]:
        return {c.column: c.field for c in self.columns}


@dataclass(frozen=True)
class CtdcMapping:
    version: str
    missing: frozenset[str]
    unknown_country: frozenset[str]
    extensions: tuple[Field, ...]
    columns: dict[str, dict[str, Any]]
    ignored: frozenset[str]
    single_choice_order: dict[str, list[str]]


def _extension(raw: dict[str, Any]) -> Field:
    return Field(
        name=raw["name"],
        section="Palermo extension",
        label=raw["label"],
        kind=raw["kind"],
        core=False,
        status="PALERMO",
        values=tuple(raw.get("values", ())),
        format=raw.get("format", ""),
    )


@cache
def load_ctdc_mapping(version: str = "1") -> CtdcMapping:
    """The versioned CTDC -> HTCDS mapping shipped in palermo/htcds/data/ctdc-mapping-1.json."""
    raw = json.loads(
        resources.files("palermo.htcds").joinpath(f"data/ctdc-mapping-{version}.json").read_text()
    )
    return CtdcMapping(
        version=raw["version"],
        missing=frozenset(raw["missing"]),
        unknown_country=frozenset(raw["unknown_country"]),
        extensions=tuple(_extension(e) for e in raw["extensions"]),
        columns={c["column"]: c for c in raw["columns"]},
        ignored=frozenset(raw["ignored"]),
        single_choice_order=raw["single_choice_order"],
    )


@cache
def _iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


@cache
def iso3_to_iso2() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def all_fields(standard: Standard | None = None) -> dict[str, Field]:
    """HTCDS fields and Palermo's extension fields (ext_*), by name."""
    standard = standard or load_standard()
    out = {f.name: f for f in standard.fields}
    out.update({f.name: f for f in load_ctdc_mapping().extensions})
    return out


def allowed_values(f: Field, standard: Standard) -> frozenset[str]:
    return standard.code_lists[f.code_list] if f.code_list else frozenset(f.values)


def _norm(name: str) -> str:
    # Accept the XLSForm's spellings (prs_First_Name) and case slips for HTCDS names.
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _htcds_spec(column: str, f: Field, standard: Standard) -> ColumnSpec:
    checks = field_checks(f, allowed_values(f, standard), standard.separator)
    return ColumnSpec(column=column, field=f.name, checks=tuple(checks))


def plan_columns(
    columns: list[str],
    saved: dict[str, str] | None = None,
    standard: Standard | None = None,
) -> ColumnPlan:
    """Read a header: a ``saved`` mapping (source column -> field, "" = ignore) first, then names.

    Columns the saved mapping does not name are read by their own names: HTCDS (and ext_*) names,
    or CTDC names when the header has more CTDC columns than HTCDS ones. Anything else is unknown
    (validation turns each into one problem on the header row).
    """
    standard = standard or load_standard()
    fields = all_fields(standard)
    saved = saved or {}
    for source, name in saved.items():
        if name and name not in fields:
            raise ValueError(f"saved mapping: {source!r} -> {name!r}: no such HTCDS field")
    by_norm = {_norm(n): f for n, f in fields.items()}
    ctdc = load_ctdc_mapping()
    duplicates = tuple(sorted({c for c in columns if columns.count(c) > 1}))
    rest = [c for c in columns if c not in saved]
    n_ctdc = sum(c in ctdc.columns or c in ctdc.ignored for c in rest)
    n_htcds = sum(_norm(c) in by_norm for c in rest)
    scheme: Scheme = "saved" if saved else "ctdc" if n_ctdc > n_htcds else "htcds"
    use_ctdc = n_ctdc > n_htcds
    countries = standard.code_lists["country"]
    specs: list[ColumnSpec] = []
    ignored: list[str] = []
    unknown: list[str] = []
    for c in columns:
        if c in saved:
            if saved[c]:
                specs.append(_htcds_spec(c, fields[saved[c]], standard))
            else:
                ignored.append(c)
        elif use_ctdc and c in ctdc.columns:
            spec = ctdc.columns[c]
            target = fields[spec["field"]]
            checks = ctdc_checks(
                spec["rule"], spec, countries, _iso3(), allowed_values(target, standard)
            )
            missing = ctdc.missing | (ctdc.unknown_country if spec["rule"] == "country" else set())
            specs.append(ColumnSpec(c, target.name, tuple(checks), spec["rule"], spec, missing))
        elif use_ctdc and c in ctdc.ignored:
            ignored.append(c)
        elif _norm(c) in by_norm:
            specs.append(_htcds_spec(c, by_norm[_norm(c)], standard))
        else:
            unknown.append(c)
    return ColumnPlan(scheme, tuple(specs), tuple(ignored), tuple(unknown), duplicates)


@cache
def agency_mapping() -> dict[str, str]:
    """The saved mapping of the synthetic agency files (data/agency-mapping-1.json)."""
    text = resources.files("palermo.htcds").joinpath("data/agency-mapping-1.json").read_text()
    return load_saved_mapping(text)


def load_saved_mapping(text: str) -> dict[str, str]:
    """Parse a saved mapping: JSON ``{"version": 1, "columns": {"source column": "htcds_field"}}``.

    A column mapped to "" is ignored on purpose (not reported as unknown).
    """
    raw = json.loads(text)
    if not isinstance(raw, dict) or not isinstance(raw.get("columns"), dict):
        raise ValueError('saved mapping: expected {"version": 1, "columns": {source: field}}')
    cols = raw["columns"]
    fields = all_fields()
    for source, target in cols.items():
        if not isinstance(target, str) or (target and target not in fields):
            raise ValueError(f"saved mapping: column {source!r} -> {target!r}: no such HTCDS field")
    return {str(k): str(v) for k, v in cols.items()}
