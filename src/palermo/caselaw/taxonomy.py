"""The one keyword taxonomy of the case law (data/taxonomy.json) and its mapping from SHERLOC's two."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import translation

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.json"
# The form of exploitation uses the Protocol's purposes as its terms.
ALIASES = {"form": "purpose"}


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    for kind, terms in data["kinds"].items():
        codes = [t["code"] for t in terms]
        if len(codes) != len(set(codes)):
            raise ValueError(f"{TAXONOMY_FILE}: duplicate code in {kind}")
    return data


def kinds() -> list[str]:
    return [*_data()["kinds"], *ALIASES]


def terms(kind: str) -> list[dict[str, Any]]:
    return list(_data()["kinds"].get(ALIASES.get(kind, kind), []))


def codes(kind: str) -> set[str]:
    return {t["code"] for t in terms(kind)}


def label(kind: str, code: str, language: str | None = None) -> str:
    lang = (language or translation.get_language() or "en")[:2]
    for term in terms(kind):
        if term["code"] == code:
            return str(term["labels"].get(lang) or term["labels"]["en"])
    return code


def from_sherloc(keyword: str) -> tuple[str, str] | None:
    """The (kind, code) a SHERLOC keyword of either list maps to, or None when it has no match."""
    wanted = keyword.strip().casefold()
    for kind, items in _data()["kinds"].items():
        for term in items:
            for key in ("sherloc_tip", "sherloc_cross_cutting"):
                if any(wanted == k.casefold() for k in term.get(key, [])):
                    return kind, term["code"]
    return None
