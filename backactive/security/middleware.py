"""Request-wide security: no null characters in addresses, the audit context, no caching of
logged-in pages, session timeouts."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

from . import audit, services

Handler = Callable[[HttpRequest], HttpResponse]

STARTED = "_ba_started"
LAST_SEEN = "_ba_last_seen"
# Touch the session (one write) at most this often; the idle clock is this precise.
TOUCH_EVERY = 60


class NullCharacterMiddleware:
    """An address with a null character (``%00``) is refused with 400 before anything reads it:
    no page needs one, PostgreSQL cannot store or compare one (it would fail as a server error
    wherever a path, token or search word reaches a query or the audit trail), and SQLite would
    keep it silently."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest("The address contains a null character.", content_type="text/plain")
        return self.get_response(request)


class AuditContextMiddleware:
    """Makes the request's user and address available to the audit receivers."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.set_request(request)
        try:
            return self.get_response(request)
        finally:
            audit.reset_request(token)


class NoStoreMiddleware:
    """Pages of logged-in users carry health data: no browser or proxy may keep a copy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response


def _now() -> float:
    return time.time()  # patched in the tests


class SessionTimeoutMiddleware:
    """Ends sessions that were idle too long (staff: 30 minutes) or are too old (everyone: 12
    hours since login). The user is logged out on the server and sent to the login page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = _now()
        session = request.session
        started = session.get(STARTED)
        last_seen = session.get(LAST_SEEN)
        if started is None or last_seen is None:
            session[STARTED] = started = now
            session[LAST_SEEN] = last_seen = now
        idle_limit = settings.SESSION_IDLE_TIMEOUT_STAFF if user.is_practice_staff else settings.SESSION_IDLE_TIMEOUT
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT or now - last_seen > idle_limit:
            logout(request)
            return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")
        if now - last_seen >= TOUCH_EVERY:
            session[LAST_SEEN] = now
            services.session_touch(request=request)
        return self.get_response(request)


OTP_REQUIRED = "_ba_otp_required"
# Pages an unverified user may still reach: the two-factor pages themselves, logout, language.
OTP_EXEMPT = {"security:otp_verify", "security:otp_setup", "accounts:logout", "set_language", "core:health"}


def otp_verified(request: HttpRequest) -> bool:
    """Set by django_otp.login after a code was accepted; the session lives on the server, so
    the flag cannot be forged, and reading it costs no query."""
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def otp_required(request: HttpRequest) -> bool:
    user = request.user
    staff = settings.TWO_FACTOR_REQUIRED and user.is_practice_staff  # type: ignore[union-attr]
    return bool(staff or request.session.get(OTP_REQUIRED))


class TwoFactorMiddleware:
    """Sends users who must give a second factor, and have not yet, to the code page (or, for
    staff without an authenticator yet, to its setup)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or otp_verified(request) or not otp_required(request):
            return self.get_response(request)
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return self.get_response(request)
        if name in OTP_EXEMPT:
            return self.get_response(request)
        target = "security:otp_verify" if user_has_device(user, confirmed=True) else "security:otp_setup"
        nxt = request.get_full_path() if request.method == "GET" else "/"
        return redirect(f"{reverse(target)}?{urlencode({'next': nxt})}")
