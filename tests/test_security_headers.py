"""Security headers on a normal page, the login page and the API: CSP, framing, sniffing, referrer.

The Content Security Policy allows scripts and styles from our own origin only, so pages must not
carry inline <script> or <style> blocks or style="" attributes (a browser would block them).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/accounts/login/", "/api/", "/api/organisations/", "/api/me/"]
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(rb"<style\b|\sstyle=", re.IGNORECASE)


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("path", PAGES)
def test_content_security_policy(client: Client, path: str) -> None:
    response = client.get(path)
    policy = csp(response)
    scripts = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])
    assert set(policy["img-src"]) <= {"'self'", "data:"}


@pytest.mark.parametrize("path", PAGES)
def test_framing_sniffing_and_referrer(client: Client, path: str) -> None:
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin", "no-referrer"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_pages_carry_no_inline_script_or_style(client: Client, path: str) -> None:
    body = client.get(path).content
    assert not INLINE_SCRIPT.search(body), "inline <script> would be blocked by the CSP"
    assert not INLINE_STYLE.search(body), "inline style would be blocked by the CSP"


def test_signed_in_pages_carry_no_inline_script_or_style(client: Client, django_user_model) -> None:
    client.force_login(django_user_model.objects.create(username="ana"))
    for path in ["/accounts/two-factor/", "/accounts/password/"]:
        body = client.get(path).content
        assert not INLINE_SCRIPT.search(body), path
        assert not INLINE_STYLE.search(body), path
