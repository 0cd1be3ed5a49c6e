"""The HTCDS 2.0 field catalogue, loaded from the versioned JSON shipped in palermo/htcds/data/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

Kind = Literal["text", "date", "number", "checkbox", "picklist", "multipicklist"]
KINDS: frozenset[str] = frozenset(
    ("text", "date", "number", "checkbox", "picklist", "multipicklist")
)
# Salesforce's Text field limit, which HTCDS's "Text" type inherits; Long Text allows 131,072.
TEXT_MAX = 255
LONG_TEXT_MAX = 131_072


@dataclass(frozen=True)
class Field:
    """One HTCDS field: its name with prefix, kind, allowed values and where it sits."""

    name: str
    section: str
    label: str
    kind: Kind
    core: bool
    status: str
    values: tuple[str, ...] = ()
    value_labels: tuple[str, ...] = ()
    code_list: str = ""
    source_type: str = ""
    description: str = ""
    range: tuple[float, float] | None = None
    format: str = ""

    @property
    def max_length(self) -> int:
        return LONG_TEXT_MAX if self.source_type == "Long Text" else TEXT_MAX


@dataclass(frozen=True)
class Standard:
    """A version of HTCDS: its fields in order and the code lists picklists refer to."""

    version: str
    source: str
    licence: str
    separator: str
    fields: tuple[Field, ...]
    code_lists: dict[str, frozenset[str]]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"no HTCDS {self.version} field named {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def core(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.core)

    @property
    def extended(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.core)

    def allowed(self, field: Field) -> frozenset[str]:
        """The set of accepted codes of a (multi)picklist: its values or its code list."""
        if field.code_list:
            return self.code_lists[field.code_list]
        return frozenset(field.values)


def _field(raw: dict[str, Any]) -> Field:
    if raw["kind"] not in KINDS:
        raise ValueError(f"htcds data: field {raw['name']!r} has unknown kind {raw['kind']!r}")
    rng = raw.get("range")
    return Field(
        name=raw["name"],
        section=raw["section"],
        label=raw["label"],
        kind=raw["kind"],
        core=bool(raw["core"]),
        status=raw["status"],
        values=tuple(raw["values"]),
        value_labels=tuple(raw["value_labels"]),
        code_list=raw["code_list"],
        source_type=raw["source_type"],
        description=raw["description"],
        range=(float(rng[0]), float(rng[1])) if rng else None,
        format=raw.get("format", ""),
    )


@cache
def load_standard(version: str = "2.0") -> Standard:
    """Load HTCDS ``version`` (only "2.0" is shipped) from the package data."""
    try:
        text = resources.files("palermo.htcds").joinpath(f"data/htcds-{version}.json").read_text()
    except FileNotFoundError:
        raise ValueError(f"HTCDS version {version!r} is not shipped (have: 2.0)") from None
    raw = json.loads(text)
    fields = tuple(_field(f) for f in raw["fields"])
    if len({f.name for f in fields}) != len(fields):
        raise ValueError(f"htcds-{version}.json: duplicate field names")
    return Standard(
        version=raw["version"],
        source=raw["source"],
        licence=raw["licence"],
        separator=raw["multi_separator"],
        fields=fields,
        code_lists={k: frozenset(v) for k, v in raw["code_lists"].items()},
    )
