"""Two-factor login: set up an authenticator app (TOTP) with recovery codes, and give a code
after the password. A code is accepted once only (django-otp keeps the last time step used), and
repeated wrong codes slow further tries down (django-otp's throttling)."""

from __future__ import annotations

import base64
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from backactive.accounts import access
from backactive.accounts.access import admin_view
from backactive.accounts.http import StaffRequest, UserRequest
from backactive.accounts.models import User

from . import audit, enrolment, services
from .middleware import OTP_REQUIRED, otp_verified
from .models import AuditAction


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return "/"
    return target


def _code(request: HttpRequest) -> str:
    return "".join(str(request.POST.get("code", "")).split())[:16]


def _match(user: User, code: str) -> Any:
    """Check the code against the one kind of device it can belong to (6 digits: the app; else a
    recovery code), so that a typo in one does not count as a failure for the other's throttle."""
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    # for_verify locks the device rows while the code is checked and used up (two requests with
    # the same code: one wins); PostgreSQL allows the lock only inside a transaction.
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, kind) and device.verify_token(code):
                return device
    return None


def _failed(request: HttpRequest, user: User) -> None:
    audit.record(AuditAction.LOGIN_FAILED, user=user, object_type="otp", object_id=user.pk)


@login_required
def otp_verify(request: UserRequest) -> HttpResponse:
    user = request.user
    error = ""
    if request.method == "POST":
        device = _match(user, _code(request))
        if device is not None:
            django_otp.login(request, device)
            audit.record(AuditAction.LOGIN, user=user, object_type="otp", object_id=user.pk)
            return redirect(_next(request))
        _failed(request, user)
        error = _("The code did not match. Please take the current code from your app, or a recovery code.")
    return render(request, "security/otp_verify.html", {"error": error, "next": _next(request)})


@login_required
def otp_setup(request: UserRequest) -> HttpResponse:
    """Scan the QR code (or type the key) into an authenticator app, confirm with a code; the
    recovery codes are shown once."""
    user = request.user
    if user_has_device(user, confirmed=True) and not otp_verified(request):
        # Replacing an authenticator takes a code from the current one (or a reset by an admin):
        # otherwise a stolen password alone could set up a new one and get past the second step.
        return redirect("security:otp_verify")
    device = services.otp_device_pending(user=user)
    error = ""
    # A staff member without an authenticator enrols only with the code the admin handed over.
    needs_enrolment = user.is_practice_staff and not user_has_device(user, confirmed=True)
    if request.method == "POST" and needs_enrolment and not enrolment.enrolment_code_redeem(
        user=user, code=str(request.POST.get("enrolment", ""))[:40]
    ):
        _failed(request, user)
        error = (
            _("Too many wrong enrolment codes. Please wait a while, or ask the practice admin for a new code.")
            if enrolment.enrolment_paused(user=user)
            else _("The enrolment code did not match. Please type the code the practice admin gave you.")
        )
    elif request.method == "POST":
        if device.verify_token(_code(request)):
            codes = services.otp_device_confirm(user=user, device=device)
            django_otp.login(request, device)
            request.session[OTP_REQUIRED] = True
            return render(request, "security/otp_recovery.html", {"codes": codes, "next": _next(request)})
        _failed(request, user)
        error = _("The code did not match. Please check the time on your phone and try the current code.")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code for the authenticator app"))
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    context: dict[str, Any] = {
        "secret": base64.b32encode(device.bin_key).decode(),
        "qr": qr,
        "error": error,
        "next": _next(request),
        "needs_enrolment": needs_enrolment,
        # For the local demo only (DEBUG): the current code, so that `make run` lets anyone in.
        "demo_code": f"{totp.token():06d}" if settings.DEBUG else "",
    }
    return render(request, "security/otp_setup.html", context)


def _enrolment_page(request: HttpRequest, member: User, code: str, *, reset: bool) -> HttpResponse:
    return render(request, "security/otp_enrolment.html", {"member": member, "code": code, "reset": reset})


@admin_view
def otp_reset(request: StaffRequest, user_id: int) -> HttpResponse:
    """A practice admin removes a staff member's authenticator and recovery codes (lost phone);
    their sessions end; the page shows the enrolment code for the new authenticator, to hand over
    in person; the reset is audited and the member is told by e-mail."""
    admin = request.user
    member = access.get_staff_member_for_admin(admin, user_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.otp_devices_reset(member=member, keep_key=request.session.session_key if member == request.user else None)
    enrolment.notify_reset(member=member, admin=admin)
    return _enrolment_page(request, member, enrolment.enrolment_code_issue(user=member, issued_by=admin), reset=True)


@admin_view
def otp_enrolment(request: StaffRequest, user_id: int) -> HttpResponse:
    """A new enrolment code for a staff member who has no authenticator yet (a new account)."""
    admin = request.user
    member = access.get_staff_member_for_admin(admin, user_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if user_has_device(member, confirmed=True):
        messages.info(request, _("%(name)s already has an authenticator. Reset it first.") % {"name": member.display()})
        return redirect("accounts:staff_edit", user_id=member.pk)
    return _enrolment_page(request, member, enrolment.enrolment_code_issue(user=member, issued_by=admin), reset=False)
