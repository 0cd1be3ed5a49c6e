"""Sign-in pages: login (password, then TOTP when enrolled), logout, two-factor enrolment, password.

Sign-in is two steps when the user has a confirmed TOTP device: the password step only remembers
who passed it (in the session, for a few minutes); the session becomes signed in after the code.
Users whose role is in PALERMO_REQUIRE_2FA_ROLES and who have no device are sent to enrolment
before they are signed in. Every step writes an "auth" audit row by an explicit call.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo.accounts import services
from palermo.accounts.events import audit
from palermo.accounts.forms import TokenForm
from palermo.accounts.models import LogType, User
from palermo.accounts.permissions import requires_two_factor

PENDING_KEY = "palermo_pending_login"
PENDING_SECONDS = 300  # time allowed between the password step and the code step
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request: HttpRequest, candidate: str | None = None) -> str:
    """Where to go after signing in: ``next`` if it stays on this site, else the home page."""
    url = candidate if candidate is not None else request.POST.get("next", request.GET.get("next"))
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _set_pending(request: HttpRequest, user: User, enrol: bool) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "at": time.time(),
        "enrol": enrol,
        "next": _next_url(request),
    }


def _pending(request: HttpRequest, enrol: bool | None = None) -> tuple[User | None, dict[str, Any]]:
    """The user who passed the password step and still owes a code, if recent enough."""
    data = request.session.get(PENDING_KEY)
    if not data or time.time() - data.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, {}
    if enrol is not None and data.get("enrol") != enrol:
        return None, {}
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    return user, data


def _complete_login(request: HttpRequest, user: User, device: TOTPDevice | None) -> None:
    request.session.pop(PENDING_KEY, None)
    auth_login(request, user, backend=BACKEND)
    if device is not None:
        otp_login(request, device)
    audit(request, LogType.AUTH, "auth.login", user=user, metadata={"two_factor": bool(device)})


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AuthenticationForm(request, data=request.POST)
        if form.is_valid():
            user = form.get_user()
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                _set_pending(request, user, enrol=False)
                audit(request, LogType.AUTH, "auth.otp", user=user, metadata={"step": "password"})
                return redirect("accounts:otp_verify")
            if requires_two_factor(user):
                _set_pending(request, user, enrol=True)
                audit(request, LogType.AUTH, "auth.otp", user=user, metadata={"step": "enrol"})
                return redirect("accounts:otp_enrol")
            _complete_login(request, user, None)
            return redirect(_next_url(request))
        username = str(request.POST.get("username", ""))[:150]
        audit(request, LogType.AUTH, "auth.login_failed", username=username)
        # Set by django-axes while authenticating; its middleware then answers with the lockout page.
        if getattr(request, "axes_locked_out", False):
            audit(request, LogType.AUTH, "auth.lockout", username=username)
    else:
        form = AuthenticationForm(request)
    context = {
        "form": form,
        "next": _next_url(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/login.html", context)


@csrf_protect
@never_cache
def otp_verify_view(request: HttpRequest) -> HttpResponse:
    user, pending = _pending(request, enrol=False)
    if user is None:
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(form.cleaned_data["token"]):
            _complete_login(request, user, device)
            return redirect(_next_url(request, pending.get("next")))
        audit(request, LogType.AUTH, "auth.otp_failed", user=user, metadata={"step": "login"})
        form.add_error("token", _("This code is not valid. Wait for a new one and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form})


def _qr_data_uri(text: str) -> str:
    # An SVG image in a data: URI: the CSP allows img-src data:, and no inline script or style.
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@csrf_protect
@never_cache
def otp_enrol_view(request: HttpRequest) -> HttpResponse:
    """Set up (or remove) a TOTP authenticator, signed in or as the forced step of a login."""
    pending_user, pending = _pending(request, enrol=True)
    user = request.user if request.user.is_authenticated else pending_user
    if user is None:
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
    required = requires_two_factor(user)
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = TokenForm()
    if request.method == "POST" and request.POST.get("action") == "remove":
        if required:
            messages.error(request, _("Your role requires two-factor authentication."))
        elif services.remove_totp(request, user):
            messages.success(request, _("Two-factor authentication is turned off."))
        return redirect("accounts:otp_enrol")
    if request.method == "POST":
        form = TokenForm(request.POST)
        device = services.pending_totp_device(user)
        if form.is_valid() and services.confirm_totp(
            request, user, device, form.cleaned_data["token"]
        ):
            if pending_user is not None and not request.user.is_authenticated:
                _complete_login(request, pending_user, device)
                return redirect(_next_url(request, pending.get("next")))
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("accounts:otp_enrol")
        if form.is_valid():
            form.add_error(
                "token", _("This code is not valid. Check your phone's clock and retry.")
            )
    context: dict[str, Any] = {"form": form, "confirmed": confirmed, "required": required}
    if confirmed is None or request.method == "POST":
        device = services.pending_totp_device(user)
        context["qr"] = _qr_data_uri(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode("ascii")
    return render(request, "accounts/otp_enrol.html", context)


@require_http_methods(["GET", "POST"])
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST signs out (a link alone must not sign anyone out)."""
    if request.method == "POST":
        if request.user.is_authenticated:
            audit(request, LogType.AUTH, "auth.logout")
        auth_logout(request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/logout.html", {})


@sensitive_post_parameters()
@csrf_protect
@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            update_session_auth_hash(request, form.user)
            audit(request, LogType.AUTH, "auth.password_changed")
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:password_change")
        codes = sorted({e.code or "" for errs in form.errors.as_data().values() for e in errs})
        audit(request, LogType.AUTH, "auth.password_change_failed", metadata={"errors": codes})
    return render(request, "accounts/password_change.html", {"form": form})
