"""Statistical disclosure control for published case data: k-anonymity, small cells, DP counts.

Pure engine (no Django). The public face is what ``__all__`` lists; everything else may change.

    from palermo.disclosure import k_anonymise, ctdc_hierarchies, suppress_small_cells
    result = k_anonymise(frame, ctdc_hierarchies(frame.columns), k=10)
    result.data, result.generalised, result.suppressed
    table = suppress_small_cells(pd.crosstab(frame.citizenship, frame.gender))
"""

from __future__ import annotations

from palermo.disclosure.cells import (
    SuppressedTable,
    crosstab,
    feasible_ranges,
    suppress_small_cells,
)
from palermo.disclosure.check import IndependentCheckUnavailable, assert_k_anonymous, pycanon_k
from palermo.disclosure.dp import (
    DifferentialPrivacyUnavailable,
    DPCounts,
    dp_counts,
    opendp_available,
)
from palermo.disclosure.hierarchies import (
    Hierarchy,
    age_hierarchy,
    country_hierarchy,
    mapping_hierarchy,
    suppression_only,
    year_hierarchy,
)
from palermo.disclosure.kanon import KAnonymityResult, k_anonymise, k_anonymity, l_diversity
from palermo.disclosure.presets import CTDC_PUBLISHED, ctdc_hierarchies

__all__ = [
    "CTDC_PUBLISHED",
    "DPCounts",
    "DifferentialPrivacyUnavailable",
    "Hierarchy",
    "IndependentCheckUnavailable",
    "KAnonymityResult",
    "SuppressedTable",
    "age_hierarchy",
    "assert_k_anonymous",
    "country_hierarchy",
    "crosstab",
    "ctdc_hierarchies",
    "dp_counts",
    "feasible_ranges",
    "k_anonymise",
    "k_anonymity",
    "l_diversity",
    "mapping_hierarchy",
    "opendp_available",
    "pycanon_k",
    "suppress_small_cells",
    "suppression_only",
    "year_hierarchy",
]
