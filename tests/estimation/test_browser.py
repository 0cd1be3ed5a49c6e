"""The run page's chart in a real headless Chromium: drawn, styled and within the CSP.

Reuses the browser fixture of tests/web/test_browser.py (Debian's Chromium, skipped with a reason
where missing unless PALERMO_REQUIRE_BROWSER=1; any console error, a CSP violation included,
fails the test).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from palermo.estimation import services
from tests.web.test_browser import page  # noqa: F401 - a fixture

from .conftest import csv_bytes, logged_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sensitivity_chart_is_drawn_with_visible_whiskers(
    page: Any,  # noqa: F811 - the fixture imported above
    live_server: Any,
    orgs: Any,
    member: Any,
) -> None:
    spec = services.RunSpec(name="UK 2013", organisation=orgs[0])
    run = services.run_estimate(
        None, member("platform_admin"), spec, "UKdat_5.csv", csv_bytes("UKdat_5")
    )
    client = logged_in(member("read_only"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/estimation/{run.pk}/")
    chart = page.locator("svg.interval-chart")
    assert chart.get_attribute("role") == "img"
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 300
    rows = [r for r in run.diagnostics["sensitivity"] if r["estimate"] is not None]
    assert chart.locator("circle").count() == len(rows)
    # strokes and fills come from presentation attributes and palermo.css, not an inline <style>
    # (which the CSP would block, leaving the whiskers without a stroke: invisible)
    whisker = chart.locator("line.whisker").first
    assert whisker.evaluate("e => getComputedStyle(e).stroke") != "none"
    grid = chart.locator("line.grid").first
    assert grid.evaluate("e => getComputedStyle(e).stroke") != "none"
    filled = chart.locator("g.highlight circle")
    assert filled.count() == 1
    open_dot = chart.locator("g.other circle").first
    assert filled.evaluate("e => getComputedStyle(e).fill") != open_dot.evaluate(
        "e => getComputedStyle(e).fill"
    )
