"""CTDC's published variables and the hierarchy each gets, for CTDC- and HTCDS-named data."""

from __future__ import annotations

from collections.abc import Iterable

from palermo.disclosure.hierarchies import (
    Hierarchy,
    age_hierarchy,
    country_hierarchy,
    suppression_only,
    year_hierarchy,
)


def _published() -> dict[str, Hierarchy]:
    return {
        # CTDC 2017-2021 column names
        "yearOfRegistration": year_hierarchy(),
        "gender": suppression_only("gender"),
        "ageBroad": age_hierarchy(),
        "majorityStatus": suppression_only("majorityStatus"),
        "citizenship": country_hierarchy(multi=True),
        "CountryOfExploitation": country_hierarchy(multi=True),
        "isForcedLabour": suppression_only("isForcedLabour"),
        "isSexualExploit": suppression_only("isSexualExploit"),
        "isOtherExploit": suppression_only("isOtherExploit"),
        # HTCDS / Palermo extension names (palermo.htcds)
        "ext_YearOfRegistration": year_hierarchy(),
        "prs_Gender": suppression_only("prs_Gender"),
        "ext_AgeBand": age_hierarchy(),
        "vic_AgeWhenTrafficked": age_hierarchy(exact=True),
        "prs_Citizenship": country_hierarchy(multi=True),
        "vic_LocationOfExploitation": country_hierarchy(multi=True),
        "vic_TypeOfExploitation": suppression_only("vic_TypeOfExploitation"),
    }


CTDC_PUBLISHED: tuple[str, ...] = tuple(_published())


def ctdc_hierarchies(columns: Iterable[str]) -> dict[str, Hierarchy]:
    """The hierarchies for those of ``columns`` that CTDC publishes (all are quasi-identifiers).

    Anything else in a public file must be declared by the caller too: k-anonymity only protects
    over the variables it was told about.
    """
    table = _published()
    return {c: table[c] for c in columns if c in table}
