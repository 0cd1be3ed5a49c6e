"""From clusters to what multiple-systems estimation needs: who saw each person, counted by pattern.

A person's capture history is the set of sources holding at least one of their records; the MSE
table has one 0/1 column per source and a ``count`` column (the input `palermo.mse` reads), one
row per observed pattern, optionally per stratum (year, sex, ...). A person whose records carry
different stratum values (two sexes recorded) is placed by their most frequent value.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["capture_histories", "capture_table"]


def capture_histories(
    clusters: pd.DataFrame, attributes: pd.DataFrame | None = None, strata: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per person (cluster_id): a 0/1 column per source and, when asked, the strata.

    ``clusters`` has record_id, source, cluster_id; ``attributes`` (record_id, source, strata...)
    supplies the stratum values when ``strata`` is given.
    """
    for column in ("record_id", "source", "cluster_id"):
        if column not in clusters.columns:
            raise ValueError(f"clusters lack the column {column!r}")
    sources = sorted(clusters["source"].astype(str).unique())
    flags = pd.crosstab(clusters["cluster_id"], clusters["source"].astype(str)).clip(upper=1)
    flags = flags.reindex(columns=sources, fill_value=0).astype(int)
    flags.columns.name = None
    if strata:
        if attributes is None:
            raise ValueError("strata need an attributes table with those columns")
        missing = [s for s in strata if s not in attributes.columns]
        if missing:
            raise ValueError(f"attributes lack the stratum column(s) {missing}")
        keys = ["record_id", "source"]
        merged = (
            clusters[[*keys, "cluster_id"]]
            .astype({"record_id": str, "source": str})
            .merge(
                attributes[[*keys, *strata]].astype({"record_id": str, "source": str}),
                on=keys,
                how="left",
            )
        )
        for stratum in strata:
            mode = (
                merged.dropna(subset=[stratum])
                .groupby("cluster_id")[stratum]
                .agg(lambda v: v.value_counts().index[0])
            )
            flags[stratum] = mode.reindex(flags.index)
    return flags.reset_index()


def capture_table(
    clusters: pd.DataFrame, attributes: pd.DataFrame | None = None, strata: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The MSE input: 0/1 per source, the strata, and ``count`` of persons with that pattern."""
    histories = capture_histories(clusters, attributes, strata)
    columns = [c for c in histories.columns if c != "cluster_id"]
    table = histories.groupby(columns, dropna=False).size().reset_index(name="count")
    return table.sort_values(columns, ascending=False).reset_index(drop=True)
