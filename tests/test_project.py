"""Project-wide guarantees: layering, migrations in step with models, the CLI entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def test_layering_contracts_hold() -> None:
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.django_db
def test_migrations_match_models() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_python_dash_m_palermo_lists_domain_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "palermo", "help"], capture_output=True, text=True, check=True
    )
    assert "[web]" in result.stdout
    assert "translations" in result.stdout
