"""Checks on what editors and import files put in a decision, above all victims' designations.

Victims appear only by initials ("A.B.", "AB") or a pseudonym ("Victim 1", "V2", "Maria"). Two or
more capitalised words that look like given name and surname ("Maria Lopez") are refused as a
probable full name. This cannot catch every name (a single real first name passes as a
pseudonym), so reviewers still read before publication (docs/caselaw.md).
"""

from __future__ import annotations

import re

INITIALS = re.compile(r"^(?:[A-Z]\.?[\s-]?){1,4}$")
GENERIC = {
    "victim", "witness", "complainant", "child", "minor", "person", "plaintiff", "girl", "boy",
    "woman", "man", "v", "w", "x", "y", "z", "anonymous", "unnamed", "unknown", "no", "nr",
    "victime", "témoin", "temoin", "enfant", "víctima", "victima", "testigo", "menor",
}  # fmt: skip
NAMEISH = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ'’]+)*$")


def designation_problem(value: str) -> str | None:
    """Why ``value`` may not designate a victim (None when it is initials or a pseudonym)."""
    text = value.strip()
    if not text or INITIALS.match(text):
        return None
    words = re.split(r"\s+", text)
    if len(text) > 40:
        return "too long for initials or a pseudonym"
    nameish = [w for w in words if NAMEISH.match(w) and w.casefold() not in GENERIC]
    if len(nameish) >= 2:
        return "looks like a full name: use initials (e.g. 'M.L.') or a pseudonym ('Victim 1')"
    return None
