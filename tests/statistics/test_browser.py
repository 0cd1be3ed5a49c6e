"""The statistics dashboard in a real headless Chromium: its charts and both maps render.

Same launch pattern as tests/web/test_browser.py: Debian's Chromium from PATH, skipped with a
reason where missing unless PALERMO_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from palermo.statistics.services import import_glotip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DEMO = Path(__file__).parents[2] / "src" / "palermo" / "statistics" / "data"


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        message = "Chromium not found on PATH (Debian: apt-get install chromium)"
        if os.environ.get("PALERMO_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and PALERMO_REQUIRE_BROWSER=1")
        pytest.skip(message)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_context(locale="en-GB").new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.set_default_timeout(60_000)
        yield page
        browser.close()
        assert errors == []


def test_dashboard_renders_charts_and_maps(page: Any, live_server: Any) -> None:
    import_glotip(DEMO / "glotip_2025-04-14.csv.gz")
    page.goto(f"{live_server.url}/statistics/?year=2022")
    for slug in ("victims-sex-age", "victims-form", "flows"):
        bars = page.locator(f'[data-figure="{slug}"] svg rect.bar')
        assert bars.count() >= 3
        assert bars.first.bounding_box()["height"] > 0
    choropleth = page.locator(
        '[data-figure="victims-map"] svg.map-svg path.country[class*="shade-"]'
    )
    assert choropleth.count() > 50  # countries shaded by their victims
    flows = page.locator('[data-figure="flow-map"] svg path.flow')
    assert flows.count() >= 10
    box = page.locator('[data-figure="victims-map"] svg').bounding_box()
    assert box["width"] > 300
    assert box["height"] > 100
    assert page.locator('[data-figure="victims-trend"] polyline.line').count() == 1
