"""Record linkage across agencies (Splink over DuckDB or Spark) and privacy-preserving Bloom-filter encodings: a pure engine (no Django).

from palermo.linkage import link, load_records, capture_table
result = link(load_records(["police.csv", "ngo.csv"]))   # LinkageResult
result.clusters          # record_id, source, cluster_id (one person id per cluster)
result.pairs             # scored pairs >= review_low; result.review: the uncertain band
capture_table(result.clusters, records, strata=("sex",))  # 0/1 per source + count, for MSE
encoded = encode(records, read_key("k.key"))             # run by the agency itself
link_encodings(encoded)                                  # no names seen
"""

from __future__ import annotations

from palermo.linkage.bloom import encode, read_key
from palermo.linkage.capture import capture_histories, capture_table
from palermo.linkage.engine import LinkageOptions, LinkageResult, link_records, local_spark
from palermo.linkage.evaluate import blocking_recall, cluster_scores, pair_scores, true_pairs
from palermo.linkage.generate import HardSet, generate_hard_set
from palermo.linkage.pprl import link_encodings
from palermo.linkage.records import RecordError, load_records
from palermo.linkage.standardise import FIELDS, standardise

link = link_records

__all__ = [
    "FIELDS",
    "HardSet",
    "LinkageOptions",
    "LinkageResult",
    "RecordError",
    "blocking_recall",
    "capture_histories",
    "capture_table",
    "cluster_scores",
    "encode",
    "generate_hard_set",
    "link",
    "link_encodings",
    "link_records",
    "load_records",
    "local_spark",
    "pair_scores",
    "read_key",
    "standardise",
    "true_pairs",
]
