"""TOTP two-factor: enrolment with a QR code, the code step at login, forced enrolment by role."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo.accounts.models import AuditLog
from tests.accounts.conftest import PASSWORD, totp_token

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>")
LOGIN, CODE, ENROL = "/accounts/login/", "/accounts/login/code/", "/accounts/two-factor/"


def signed_in(client: Client) -> bool:
    return client.get("/api/me/").status_code == 200


def enrol(client: Client) -> TOTPDevice:
    page = client.get(ENROL)
    assert page.status_code == 200
    assert b'src="data:image/svg+xml;base64,' in page.content  # QR as data: image, CSP-safe
    assert not INLINE_SCRIPT.search(page.content)  # the CSP forbids inline scripts
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(ENROL, {"action": "confirm", "token": totp_token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_enrol_then_login_asks_for_the_code(client: Client, make_user) -> None:
    user = make_user("ana")
    client.force_login(user)
    device = enrol(client)
    assert AuditLog.objects.filter(action="auth.otp_enrolled", user=user).exists()
    client.post("/accounts/logout/")

    step1 = client.post(LOGIN, {"username": "ana", "password": PASSWORD})
    assert step1["Location"] == CODE
    assert not signed_in(client)  # the password alone does not sign in
    # The next period's code: the enrolment code may not be replayed.
    step2 = client.post(CODE, {"token": totp_token(device, steps_ahead=1)})
    assert step2.status_code == 302
    assert signed_in(client)
    login = AuditLog.objects.get(action="auth.login")
    assert login.user == user
    assert login.metadata == {"two_factor": True}


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_wrong_code_is_refused_and_audited(client: Client, make_user) -> None:
    user = make_user("ana")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post(LOGIN, {"username": "ana", "password": PASSWORD})
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"token": wrong})
    assert response.status_code == 200
    assert not signed_in(client)
    assert AuditLog.objects.filter(action="auth.otp_failed", user=user).count() == 1


def test_the_code_page_needs_the_password_step_first(client: Client, make_user) -> None:
    user = make_user("ana")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = client.post(CODE, {"token": totp_token(device)})
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not signed_in(client)


def test_a_wrong_enrolment_code_does_not_confirm(client: Client, make_user) -> None:
    client.force_login(make_user("ana"))
    client.get(ENROL)
    device = TOTPDevice.objects.get()
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    assert client.post(ENROL, {"action": "confirm", "token": wrong}).status_code == 200
    device.refresh_from_db()
    assert not device.confirmed


def test_a_user_may_turn_two_factor_off_when_not_required(client: Client, make_user) -> None:
    user = make_user("ana", "case_worker")
    client.force_login(user)
    enrol(client)
    client.post(ENROL, {"action": "remove"})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditLog.objects.filter(action="auth.otp_removed", user=user).exists()


@override_settings(PALERMO_REQUIRE_2FA_ROLES=["platform_admin"])
def test_required_role_must_enrol_before_being_signed_in(client: Client, make_user) -> None:
    admin = make_user("root", "platform_admin")
    step1 = client.post(LOGIN, {"username": "root", "password": PASSWORD})
    assert step1["Location"] == ENROL
    assert not signed_in(client)
    device = enrol(client)
    assert signed_in(client)
    assert AuditLog.objects.get(action="auth.login").user == admin
    # Turning it off is refused while the role requires it.
    client.post(ENROL, {"action": "remove"})
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


@override_settings(PALERMO_REQUIRE_2FA_ROLES=["platform_admin"])
def test_roles_not_listed_sign_in_with_a_password(client: Client, make_user) -> None:
    make_user("cw", "case_worker")
    assert client.post(LOGIN, {"username": "cw", "password": PASSWORD})["Location"] == "/"
    assert signed_in(client)
