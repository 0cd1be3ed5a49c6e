"""The linkage benchmark's contender runner: a contender that dies is reported, never awaited forever."""

from __future__ import annotations

from pathlib import Path

from palermo.linkage import benchmarks


def test_a_contender_that_dies_is_reported(tmp_path: Path) -> None:
    # no records.parquet in the folder: the contender process fails at once
    result = benchmarks._run("ours", str(tmp_path), limit=120)
    assert result["f1"] == 0.0
    assert result["error"].startswith("exited with code")
