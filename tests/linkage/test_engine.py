"""The clear-text engine on a small hard set: quality, clusters, review band, capture table."""

from __future__ import annotations

import pandas as pd
import pytest

from palermo.linkage import (
    HardSet,
    LinkageOptions,
    blocking_recall,
    capture_table,
    cluster_scores,
    link,
    standardise,
    true_pairs,
)
from palermo.linkage import settings as model
from palermo.linkage.engine import blocking_rules


@pytest.fixture(scope="module")
def linked(hard_small: HardSet):  # type: ignore[no-untyped-def]
    return link(hard_small.records)


def test_blocking_recall_is_high(hard_small: HardSet) -> None:
    report = blocking_recall(
        standardise(hard_small.records), true_pairs(hard_small.truth), model.BLOCKING_RULES
    )
    assert report["recall"] >= 0.9
    assert set(report["by_rule"]) == set(model.BLOCKING_RULES)


def test_clusters_match_truth(linked, hard_small: HardSet) -> None:  # type: ignore[no-untyped-def]
    scores = cluster_scores(linked.clusters, hard_small.truth)
    assert scores["f1"] >= 0.85
    assert scores["precision"] >= 0.9
    assert len(linked.clusters) == len(hard_small.records)
    assert linked.stats["records"] == len(hard_small.records)
    assert linked.stats["pairs_scored"] >= len(linked.pairs)


def test_review_band_holds_the_uncertain_pairs_and_the_cut_links(linked) -> None:  # type: ignore[no-untyped-def]
    band = linked.review["match_probability"]
    threshold = linked.stats["threshold"]
    assert (band >= 0.5).all()
    # at or above the threshold only the links the chain guard cut, whose records it kept apart
    assert int((band >= threshold).sum()) == linked.stats["links_cut"]
    head = linked.clusters.set_index(["source", "record_id"])["cluster_id"]
    cut = linked.review[band >= threshold]
    for row in cut.itertuples():
        assert head[(row.source_l, row.record_id_l)] != head[(row.source_r, row.record_id_r)]


def test_without_the_chain_guard_clusters_are_connected_components(hard_small: HardSet) -> None:
    records = hard_small.records.head(3000)
    plain = link(records, LinkageOptions(chain_guard=None))
    assert plain.stats["links_cut"] == 0
    linked_pairs = plain.pairs[plain.pairs["match_probability"] >= plain.stats["threshold"]]
    head = plain.clusters.set_index(["source", "record_id"])["cluster_id"]
    for row in linked_pairs.itertuples():
        assert head[(row.source_l, row.record_id_l)] == head[(row.source_r, row.record_id_r)]


def test_supplementary_rules_are_skipped_past_their_budget(hard_small: HardSet) -> None:
    table = standardise(hard_small.records)
    every, none_skipped = blocking_rules(table, max_rule_pairs=1e12)
    assert none_skipped == []
    assert len(every) == len(model.BLOCKING_RULES) + len(model.SUPPLEMENTARY_RULES)
    core, skipped = blocking_rules(table, max_rule_pairs=-1)
    assert core == model.BLOCKING_RULES
    assert len(skipped) == len(model.SUPPLEMENTARY_RULES)


def test_capture_table_counts_every_person(linked) -> None:  # type: ignore[no-untyped-def]
    table = capture_table(linked.clusters)
    assert table["count"].sum() == linked.clusters["cluster_id"].nunique()
    sources = [c for c in table.columns if c != "count"]
    assert set(table[sources].stack().unique()) <= {0, 1}
    assert (table[sources].sum(axis=1) >= 1).all()


def test_capture_table_by_stratum() -> None:
    clusters = pd.DataFrame(
        {"record_id": ["1", "2", "3"], "source": ["a", "b", "a"], "cluster_id": ["x", "x", "y"]}
    )
    attributes = clusters.assign(sex=["F", "F", "M"])
    table = capture_table(clusters, attributes, ("sex",))
    assert table.to_dict("records") == [
        {"a": 1, "b": 1, "sex": "F", "count": 1},
        {"a": 1, "b": 0, "sex": "M", "count": 1},
    ]


def test_oversized_clusters_raise_an_alert(hard_small: HardSet) -> None:
    result = link(hard_small.records.head(600), LinkageOptions(max_cluster_size=1))
    assert any("larger than 1 records" in alert for alert in result.alerts)


def test_m_floor_guard_keeps_weights_finite(linked) -> None:  # type: ignore[no-untyped-def]
    for comparison in linked.model_json["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                assert 0 < level["m_probability"] < 1
