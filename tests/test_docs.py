"""Docs that are tested: every setting and every Palermo command is documented."""

from __future__ import annotations

import re

from django.core.management import get_commands

from tests.conftest import ROOT

DOCS = "\n".join(
    p.read_text(encoding="utf-8")
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
)


def test_every_environment_setting_is_in_the_admin_guide() -> None:
    settings_source = (ROOT / "src/palermo/web/settings.py").read_text()
    names = set(re.findall(r"\b(PALERMO_[A-Z0-9_]+|DATABASE_URL)\b", settings_source))
    admin_guide = (ROOT / "docs/admin.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in admin_guide)
    assert not missing, f"settings not documented in docs/admin.md: {missing}"


def test_every_palermo_command_is_documented() -> None:
    ours = sorted(name for name, app in get_commands().items() if app.startswith("palermo."))
    assert "bench" in ours
    missing = [name for name in ours if f"palermo {name}" not in DOCS]
    assert not missing, f"commands not documented in README.md or docs/: {missing}"
