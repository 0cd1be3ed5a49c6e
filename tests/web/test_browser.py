"""The dashboard in a real headless Chromium (Debian's, driven by Playwright's Python API).

Skipped with a reason when Chromium is missing, unless PALERMO_REQUIRE_BROWSER=1 (CI), which
turns the missing browser into a failure so that a green run cannot hide an untested browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        message = (
            "Chromium not found on PATH (Debian: apt-get install chromium; or `make browser-deps`)"
        )
        if os.environ.get("PALERMO_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and PALERMO_REQUIRE_BROWSER=1")
        pytest.skip(message)
    # Playwright's sync API runs an event loop; Django then refuses ORM calls in this thread
    # unless told that this is deliberate (the live server runs in its own thread anyway).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: errors.append(msg.text) if msg.type == "error" else None,
        )
        page.set_default_timeout(30_000)
        yield page
        browser.close()
        # A CSP violation or a script error shows up in the console: the page must have none.
        assert errors == []


@pytest.mark.usefixtures("reference_data")
def test_dashboard_switches_to_french_and_steps_the_map(page: Any, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Status of the")

    # Step the map: Japan (M49 392) became a party in 2017.
    japan = page.locator('path[data-m49="392"]')
    slider = page.locator("#map-year")
    slider.fill("2016")
    assert "party" not in (japan.get_attribute("class") or "")
    assert page.locator("[data-year-output]").inner_text() == "2016"
    page.get_by_role("button", name="Next year").click()
    assert page.locator("[data-year-output]").inner_text() == "2017"
    assert "party" in (japan.get_attribute("class") or "")
    assert "2017" in page.locator("[data-map-count]").inner_text()
    page.get_by_role("button", name="Previous year").click()
    assert "party" not in (japan.get_attribute("class") or "")

    # Switch the language with the header form.
    page.select_option("#language-select", "fr")
    with page.expect_navigation():
        page.locator(".lang-form button[type=submit]").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Tableau de bord").is_visible()
    assert "Nombre de parties par année" in page.content()
    assert "Japon" in page.locator("table").last.inner_text()
