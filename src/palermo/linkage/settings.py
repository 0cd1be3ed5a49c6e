"""The Splink model for this population: comparisons, blocking rules and training blocks, as data.

Comparisons read the standardised columns (`standardise.DERIVED`). Names get levels for swapped
given/family names and for one of several given names; birth dates get levels for day/month
transposed, year-only or 1 January placeholders, and an estimated year one off. Every SQL
expression is plain enough to run on DuckDB and Spark alike.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator

# High-recall blocking: each rule is cheap (an equi-join) and catches pairs the others miss;
# together they compare 99%+ of true pairs on the hard set (docs/linkage.md).
BLOCKING_RULES: tuple[str, ...] = (
    "l.document_number = r.document_number",
    "l.phone = r.phone",
    # names in either order, phonetically; the date only filters, the join is on the name key
    "l.name_key = r.name_key and (l.dob_year is null or r.dob_year is null"
    " or abs(cast(l.dob_year as int) - cast(r.dob_year as int)) <= 2)",
    "l.given_phon = r.given_phon and l.dob = r.dob",
    "l.given_phon = r.family_phon and l.dob = r.dob",
    "l.dob = r.dob and l.nationality = r.nationality",
    "l.given_phon = r.given_phon and l.city = r.city and l.nationality = r.nationality",
    "l.given = r.given and l.postcode = r.postcode",
    "l.family = r.family and l.postcode = r.postcode",
    "substr(l.family, 1, 3) = substr(r.family, 1, 3) and l.dob = r.dob",
    "substr(l.given, 1, 3) = substr(r.given, 1, 3) and substr(l.family, 1, 3) = substr(r.family, 1, 3)"
    " and l.nationality = r.nationality",
    # for inputs rich in addresses (FEBRL): typos in both names but the same place or date
    "l.postcode = r.postcode and l.dob_year = r.dob_year",
    "l.address = r.address",
    "substr(l.given, 1, 2) = substr(r.given, 1, 2) and l.postcode = r.postcode",
    "l.dob = r.dob and l.postcode = r.postcode",
    # Added after inspecting the true pairs the rules above never compared (docs/linkage.md has
    # what each buys on FEBRL and the hard set, and its cost at 1M records).
    # Given and family name written the other way round, one side only exact: swapped names
    # whose birth dates differ or are missing. Both orientations, as a join is one-directional.
    "l.given = r.family and l.dob_year = r.dob_year",
    "l.family = r.given and l.dob_year = r.dob_year",
    "l.given = r.family and l.city = r.city",
    "l.family = r.given and l.city = r.city",
    "l.given = r.family and l.postcode = r.postcode",
    "l.family = r.given and l.postcode = r.postcode",
    # postcode and suburb: both names misspelt, same place
    "l.postcode = r.postcode and l.city = r.city",
)
# Supplementary rules: each catches a few true pairs the core rules miss (FEBRL's misspelt names
# with the same street number; family name with a year or a city) but its equi-join grows with the
# square of the data. Each is used only while its own join makes at most
# `LinkageOptions.max_rule_pairs` comparisons: all of them on FEBRL-sized inputs, none
# at a million records, where they cost 19M comparisons for 0.2 points of cluster F1
# (docs/linkage.md). Written as join keys, so their cost is counted from group sizes before any
# join. `{t}` stands for the table alias.
SUPPLEMENTARY_RULES: tuple[tuple[str, ...], ...] = (
    ("{t}.family", "{t}.given"),
    ("{t}.dob", "substr({t}.family, 1, 1)"),
    ("{t}.addr_num", "substr({t}.postcode, 1, 2)"),
    ("{t}.city", "{t}.dob_ym"),
    ("{t}.family_phon", "{t}.city"),
    ("{t}.family_phon", "{t}.dob_year"),
)


def key_rule(keys: tuple[str, ...]) -> str:
    """The blocking rule (SQL) that joins on equal ``keys``."""
    return " and ".join(f"{k.format(t='l')} = {k.format(t='r')}" for k in keys)


# Training blocks in order of purity: a shared document or phone is nearly always the same person,
# so EM there cannot be poisoned by same-name strangers. The last three serve inputs without them.
TRAINING_RULES: tuple[str, ...] = (
    "l.document_number = r.document_number",
    "l.phone = r.phone",
    "l.dob = r.dob and l.postcode = r.postcode",
    # names + postcode trains the birth date, which the block above cannot (FEBRL: it was left
    # at Splink's defaults before, and true pairs with a mistyped date fell under 0.95)
    "l.family = r.family and l.given = r.given and l.postcode = r.postcode",
    "l.family = r.family and l.given = r.given and l.dob_year = r.dob_year",
)
DETERMINISTIC_RULES: tuple[str, ...] = (
    "l.document_number = r.document_number",
    "l.family = r.family and l.given = r.given and l.dob = r.dob",
)


def _level(sql: str, label: str) -> cll.CustomLevel:
    """A custom level in DuckDB SQL, with bare column names: a double-quoted name can reach Spark
    as a string literal (CAST('dob_year_l' AS INT) failed there), a bare one means the same in both."""
    return cll.CustomLevel(sql, label, base_dialect_str="duckdb")


def _name(col: str, other: str) -> cl.CustomComparison:
    """Given or family name, with levels for the two names written the other way round."""
    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col, term_frequency_adjustments=True),
            _level(f"{col}_l = {other}_r", "swapped with the other name"),
            _level(f"{col}_phon_l = {col}_phon_r", "same phonetic key"),
            cll.JaroWinklerLevel(col, 0.92),
            _level(
                "(given_all_l like concat('%', given_r, '%') and given_r is not null)"
                " or (given_all_r like concat('%', given_l, '%') and given_l is not null)"
                if col == "given"
                else "(family_all_l like concat('%', family_r, '%') and family_r is not null)"
                " or (family_all_r like concat('%', family_l, '%') and family_l is not null)",
                "one name part contains the other",
            ),
            _level(f"{col}_phon_l = {other}_phon_r", "swapped, phonetic"),
            cll.JaroWinklerLevel(col, 0.8),
            cll.ElseLevel(),
        ],
    )


def _dob() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob_year"),
            _level("dob_l = dob_r", "same full date"),
            _level(
                "dob_year_l = dob_year_r and dob_month_l = dob_day_r and dob_day_l = dob_month_r",
                "day and month transposed",
            ),
            cll.DamerauLevenshteinLevel("dob", 1),
            _level(
                "dob_year_l = dob_year_r and (dob_month_l is null or dob_month_r is null)",
                "same year, one date partial",
            ),
            _level("dob_ym_l = dob_ym_r", "same year and month"),
            _level(
                "abs(cast(dob_year_l as int) - cast(dob_year_r as int)) = 1"
                " and dob_month_l = dob_month_r and dob_day_l = dob_day_r",
                "year one off (estimated age)",
            ),
            _level("dob_year_l = dob_year_r", "same year"),
            _level(
                "abs(cast(dob_year_l as int) - cast(dob_year_r as int)) <= 2",
                "within two years",
            ),
            cll.ElseLevel(),
        ],
    )


def _typo_tolerant(col: str, near: Any) -> cl.CustomComparison:
    """Exact (term-frequency adjusted), then one typo: FEBRL's suburbs and postcodes carry them."""
    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col, term_frequency_adjustments=True),
            near,
            cll.ElseLevel(),
        ],
    )


def _address() -> cl.CustomComparison:
    """Street address: close spellings, the same words in another order, the same street number."""
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.NullLevel("address"),
            cll.JaroWinklerLevel("address", 0.95),
            _level("addr_sorted_l = addr_sorted_r", "same words, other order"),
            cll.JaroWinklerLevel("address", 0.85),
            # weak on its own; it also brings addr_num into Splink's table for a blocking rule
            _level("addr_num_l = addr_num_r", "same street number"),
            cll.ElseLevel(),
        ],
    )


def comparisons() -> list[Any]:
    return [
        _name("given", "family"),
        _name("family", "given"),
        _dob(),
        cl.ExactMatch("sex"),
        cl.ExactMatch("nationality"),
        _typo_tolerant("city", cll.JaroWinklerLevel("city", 0.9)),
        _typo_tolerant("postcode", cll.DamerauLevenshteinLevel("postcode", 1)),
        _address(),
        cl.ExactMatch("phone"),
        cl.DamerauLevenshteinAtThresholds("document_number", [1]),
    ]


def restrict(rule: str, link_only: bool) -> str:
    """A rule compared only across sources when the sources are known to hold no duplicates."""
    return f"({rule}) and l.source <> r.source" if link_only else rule


def settings(
    link_only: bool = False, max_iterations: int = 25, rules: tuple[str, ...] | None = None
) -> SettingsCreator:
    """The Splink settings; ``rules`` = the blocking rules (default: core + all supplementary)."""
    if rules is None:
        rules = BLOCKING_RULES + tuple(key_rule(k) for k in SUPPLEMENTARY_RULES)
    return SettingsCreator(
        link_type="dedupe_only",  # one stacked table: agencies may duplicate within themselves too
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[restrict(r, link_only) for r in rules],  # type: ignore[misc]
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=["record_id", "source"],
        max_iterations=max_iterations,
        em_convergence=0.001,
    )
