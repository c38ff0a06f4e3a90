"""Login protection against guessing (ASVS 2.2.1; OWASP "Slow down online guessing attacks with
device cookies").

- The limit is per account, whatever the address: 5 failures pause the account for devices it
  has not logged in from, for 1 minute, then 2, 4, 8 ... up to 60 minutes at each further 5.
- A device the person has logged in from before carries a signed device cookie for that account;
  its failures are counted on their own, so someone guessing elsewhere (behind the practice's
  NAT, say) cannot lock the GP out of the GP's own computer.
- Attempts during a pause are refused without being counted, so they do not extend it.
- At every new pause the practice admins get an e-mail.
- Nothing typed is stored: counters are keyed by an HMAC of the user name (see ``backactive.core.throttle``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core import signing
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.core.throttle import Failure, throttle_fail, throttle_key, throttle_locked_until, throttle_reset

from .models import Role, User

LIMIT = 5
WINDOW = dt.timedelta(hours=24)
DEVICE_COOKIE = "backactive_device"
DEVICE_SALT = "backactive.security.login.device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60
DEVICE_ACCOUNTS = 10  # a shared practice computer remembers this many accounts


def pause(locks: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(60, 2 ** (locks - 1)))


def _devices(request: HttpRequest) -> dict[str, str]:
    """Account hash -> device nonce, from the signed device cookie (empty if absent or forged)."""
    try:
        value = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


class LoginGuard:
    def __init__(self, request: HttpRequest, username: str) -> None:
        self.request = request
        self.username = username.strip()
        self.account = throttle_key("login-account", self.username.casefold())
        self.device = _devices(request).get(self.account)
        self.key = throttle_key("login", self.account, self.device or "untrusted devices")

    def locked_until(self) -> dt.datetime | None:
        return throttle_locked_until(key=self.key)

    def fail(self) -> Failure:
        failure = throttle_fail(key=self.key, limit=LIMIT, delay=pause, window=WINDOW)
        if failure.newly_locked:
            _alert_admins(self.username, failure, trusted=self.device is not None)
        return failure

    def succeed(self, response: HttpResponse) -> None:
        throttle_reset(key=self.key)
        devices = _devices(self.request)
        devices.pop(self.account, None)
        devices[self.account] = self.device or secrets.token_urlsafe(16)
        kept = dict(list(devices.items())[-DEVICE_ACCOUNTS:])
        response.set_cookie(
            DEVICE_COOKIE, signing.dumps(kept, salt=DEVICE_SALT), max_age=DEVICE_MAX_AGE, httponly=True,
            secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
        )  # fmt: skip


def _alert_admins(username: str, failure: Failure, *, trusted: bool) -> None:
    user = User.objects.filter(username=username).select_related("practice").first()
    if user is None or user.practice_id is None or failure.locked_until is None:
        return  # no such account: nobody to warn, and nothing to reveal
    admins = User.objects.filter(practice_id=user.practice_id, role=Role.ADMIN, is_active=True).exclude(email="")
    recipients = [a.email for a in admins]
    if not recipients:
        return
    until = timezone.localtime(failure.locked_until).strftime("%H:%M")
    where = _("on a device the account has used before") if trusted else _("on devices the account has not used")
    body = _(
        "The password for the BackActive account %(username)s was entered wrongly %(count)s times %(where)s. "
        "Logging in there is paused until %(until)s.\n\nIf this was not the staff member, someone may be "
        "trying to guess the password: please talk to them, and set a new password if in doubt."
    ) % {"username": user.username, "count": failure.failures, "where": where, "until": until}
    send_mail(_("BackActive: repeated failed logins"), body, None, recipients, fail_silently=True)


def lockout_response(request: HttpRequest, until: dt.datetime) -> HttpResponse:
    context = {"until": timezone.localtime(until)}
    return render(request, "security/lockout.html", context, status=429)


class GuardedLoginView(auth_views.LoginView):
    """Django's login view behind the guard: a paused account is answered with 429 before the
    password is checked."""

    guard: LoginGuard | None = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150]
        self.guard = LoginGuard(request, username) if username.strip() else None
        until = self.guard.locked_until() if self.guard else None
        if until is not None:
            return lockout_response(request, until)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        if self.guard is not None:
            failure = self.guard.fail()
            if failure.locked_until is not None:
                return lockout_response(self.request, failure.locked_until)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if self.guard is not None:
            self.guard.succeed(response)
        return response
