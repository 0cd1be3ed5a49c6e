"""`palermo mse estimate`: the JSON it prints, its options, and its errors on bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).resolve().parent.parent / "mse" / "data"


def run(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("mse", "estimate", *args, "--json", stdout=out, stderr=StringIO())
    return dict(json.loads(out.getvalue()))


def test_json_has_the_required_fields() -> None:
    doc = run(str(DATA / "UKdat_5.csv"))
    for key in ("observed", "estimate", "ci", "model", "exists", "identifiable", "dark_figure"):
        assert key in doc
    assert doc["observed"] == 2744
    assert doc["estimate"] == pytest.approx(11312.9902894352, rel=1e-6)  # SparseMSE 2.0.1
    assert doc["model"] == ["LA:NG", "LA:PFNCA", "NG:GO", "NG:GP", "PFNCA:GP", "GO:GP"]
    assert doc["exists"] is True
    assert doc["identifiable"] is True
    low, high = doc["ci"]  # type: ignore[misc]
    assert low < doc["estimate"] < high  # type: ignore[operator]


def test_methods_threshold_and_terms() -> None:
    assert run(str(DATA / "Western.csv"), "--method", "main")["model"] == []
    assert run(str(DATA / "Western.csv"), "--threshold", "0.05")["model"] == ["A:E", "D:E"]
    doc = run(str(DATA / "Western.csv"), "--method", "fixed", "--terms", "A:E,D:E")
    assert doc["model"] == ["A:E", "D:E"]


def test_bootstrap_bca_with_seed_is_reproducible() -> None:
    args = [str(DATA / "NewOrl_5.csv"), "--bootstrap", "60", "--ci", "bca", "--seed", "5"]
    first, second = run(*args, "--workers", "1"), run(*args, "--workers", "2")
    assert first["ci"] == second["ci"]
    assert first["bootstrap"]["replicates"] == 60  # type: ignore[index]


def test_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("A,B,count\n1,0,4\n1,1,-1\n")
    with pytest.raises(CommandError, match=r"bad\.csv, row 2, count: count must be >= 0"):
        run(str(bad))
    with pytest.raises(CommandError, match="needs --terms"):
        run(str(DATA / "Western.csv"), "--method", "fixed")


def test_exit_codes_and_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("A,B,count\n1,0,4\n1,7,1\n")
    cmd = [sys.executable, "-m", "palermo", "mse", "estimate"]
    proc = subprocess.run([*cmd, str(bad), "--json"], capture_output=True, text=True)
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert "row 2, B: must be 0 or 1" in proc.stderr
    art = str(DATA / "Artificial_3.csv")
    proc = subprocess.run(
        [*cmd, art, "--method", "fixed", "--terms", "A:B", "--json"], capture_output=True, text=True
    )
    assert proc.returncode == 3
    assert json.loads(proc.stdout)["exists"] is False
    assert "does not exist" in proc.stderr
