"""Sign-in: audit rows, lockout after N failures, CSRF on the form, cookie flags, logout, passwords."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from palermo.accounts.models import AuditLog
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def actions(**filters: str) -> list[str]:
    return list(AuditLog.objects.filter(**filters).order_by("id").values_list("action", flat=True))


def test_login_url_is_the_accounts_login_page() -> None:
    assert reverse(settings.LOGIN_URL) == LOGIN


def test_a_good_password_signs_in_and_is_audited(client: Client, make_user) -> None:
    user = make_user("ana")
    response = client.post(LOGIN, {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    row = AuditLog.objects.get(action="auth.login")
    assert (row.log_type, row.user, row.ip_address) == ("auth", user, "127.0.0.1")
    assert row.path == LOGIN


def test_a_wrong_password_is_refused_and_audited_with_the_claimed_name(
    client: Client, make_user
) -> None:
    make_user("ana")
    response = client.post(LOGIN, {"username": "ana", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    row = AuditLog.objects.get(action="auth.login_failed")
    assert (row.user, row.username, row.log_type) == (None, "ana", "auth")


def test_next_must_stay_on_this_site(client: Client, make_user) -> None:
    make_user("ana")
    response = client.post(
        LOGIN, {"username": "ana", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_lockout_after_the_failure_limit_even_with_the_right_password(
    client: Client, make_user
) -> None:
    make_user("ana")
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert client.post(LOGIN, {"username": "ana", "password": "wrong"}).status_code == 200
    locked = client.post(LOGIN, {"username": "ana", "password": "wrong"})
    assert locked.status_code == 429
    assert b"locked" in locked.content.lower()
    # Now even the right password is refused, and the refusal is audited.
    again = client.post(LOGIN, {"username": "ana", "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert actions(action="auth.login_failed").__len__() == limit + 1
    assert len(actions(action="auth.lockout")) == 2
    assert not AuditLog.objects.filter(action="auth.login").exists()


def test_lockout_is_per_account_not_global(client: Client, make_user) -> None:
    make_user("ana")
    make_user("ben")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "ana", "password": "wrong"})
    assert client.post(LOGIN, {"username": "ben", "password": PASSWORD}).status_code == 302


def test_login_form_enforces_csrf(make_user) -> None:
    make_user("ana")
    client = Client(enforce_csrf_checks=True)
    refused = client.post(LOGIN, {"username": "ana", "password": PASSWORD})
    assert refused.status_code == 403
    assert "_auth_user_id" not in client.session
    page = client.get(LOGIN)
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    assert b"csrfmiddlewaretoken" in page.content
    ok = client.post(LOGIN, {"username": "ana", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert ok.status_code == 302


def test_session_cookie_flags(client: Client, make_user) -> None:
    make_user("ana")
    response = client.post(LOGIN, {"username": "ana", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) is settings.SESSION_COOKIE_SECURE
    assert 0 < int(cookie["max-age"]) <= 12 * 3600


def test_cookies_are_secure_when_served_over_https() -> None:
    code = (
        "from palermo.web import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {**os.environ, "PALERMO_HTTPS": "1", "PALERMO_SECRET_KEY": "x" * 50}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True", "True"]


def test_logout_needs_a_post_and_is_audited(client: Client, make_user) -> None:
    user = make_user("ana")
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session  # a link alone signs nobody out
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.get(action="auth.logout").user == user


@pytest.mark.parametrize(
    "password",
    ["Short1!", "password1234", "12345678901234", "alllowercaseletters", "ana-Tr4fficking"],
)
def test_weak_passwords_are_rejected(password: str, make_user) -> None:
    user = make_user("ana-trafficking")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_is_accepted(make_user) -> None:
    validate_password("Correct-Horse-Battery-9", make_user("ana"))


def test_password_change_checks_the_rules_and_is_audited(client: Client, make_user) -> None:
    user = make_user("ana")
    client.force_login(user)
    url = "/accounts/password/"
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"}
    )
    assert weak.status_code == 200
    assert AuditLog.objects.get(action="auth.password_change_failed").user == user
    new = "Another-Strong-Pass-42"
    ok = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditLog.objects.filter(action="auth.password_changed", user=user).count() == 1
    assert client.get("/api/me/").status_code == 200  # still signed in after the change


def test_password_change_needs_sign_in(client: Client) -> None:
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_admin_login_goes_through_palermo_login(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.django_db
@override_settings(AXES_LOCKOUT_TEMPLATE="accounts/locked.html")
def test_the_lockout_page_explains_what_happened(client: Client, make_user) -> None:
    make_user("ana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(LOGIN, {"username": "ana", "password": "wrong"})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Account locked" in text
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Try again in {minutes} minutes" in text
