"""Killing the import process midway (SIGKILL) leaves no partial import, and a rerun succeeds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.cases.conftest import KEY
from tests.conftest import ROOT, on_postgres

ROWS = 3000


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.cases.import_worker", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own for the worker processes: a SQLite file, or a PostgreSQL database."""
    if not on_postgres():
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = "palermo_cases_kill"
    admin = f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_sigkill_midway_leaves_nothing_and_a_rerun_succeeds(
    tmp_path: Path, database_url: str
) -> None:
    from palermo.htcds import write_htcds_csv

    data = write_htcds_csv(tmp_path / "big.csv", ROWS, seed=4)
    marker = tmp_path / "midway"
    env = {**os.environ, "DATABASE_URL": database_url, "TEST_FIELD_KEY": KEY}
    env["PALERMO_VAR_DIR"] = str(tmp_path / "var")
    _run(env, "setup", str(data), str(marker))
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.cases.import_worker", "stall", str(data), str(marker)],
        env=env,
        cwd=ROOT,
    )
    try:
        # Waiting for the worker's own signal, not for a duration: no timing assumption.
        while not marker.exists():
            assert worker.poll() is None, "the worker ended before reaching the middle"
            time.sleep(0.05)
        assert int(marker.read_text()) < ROWS
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=60)
    assert worker.returncode == -signal.SIGKILL
    after_kill = json.loads(_run(env, "count", str(data), str(marker)).stdout)
    assert after_kill["cases"] == 0
    assert after_kill["batches"] == ["importing"]  # committed before the insert; no rows
    rerun = json.loads(_run(env, "import", str(data), str(marker)).stdout)
    assert (rerun["status"], rerun["created"]) == ("done", ROWS)
    final = json.loads(_run(env, "count", str(data), str(marker)).stdout)
    assert final == {"cases": ROWS, "batches": ["failed", "done"]}
