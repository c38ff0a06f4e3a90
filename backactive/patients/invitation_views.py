"""Invitation pages: staff create one from the patient's page; the patient opens it and sets a
password. The patient-facing pages are open to anonymous visitors (that is the point); an unknown
or used code is a 404 with a friendly explanation."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.forms import apply_errors
from backactive.core.throttle import throttle_fail, throttle_key, throttle_locked_until

from . import access as patient_access
from . import invitations

# Guessing invitation codes: 10 unknown codes from one address in 15 minutes pause that address
# for 15 minutes (valid codes included), answered with 429.
CODE_TRIES = 10
CODE_WINDOW = dt.timedelta(minutes=15)


def _code_key(request: HttpRequest) -> str:
    # The address as the server saw it (behind a proxy, the proxy sets REMOTE_ADDR).
    return throttle_key("invitation-code", str(request.META.get("REMOTE_ADDR") or ""))


def _paused(request: HttpRequest) -> HttpResponse | None:
    until = throttle_locked_until(key=_code_key(request))
    if until is None:
        return None
    return render(request, "accounts/invitation_paused.html", {"until": timezone.localtime(until)}, status=429)


def _unknown_code(request: HttpRequest) -> HttpResponse | None:
    throttle_fail(key=_code_key(request), limit=CODE_TRIES, delay=lambda _: CODE_WINDOW, window=CODE_WINDOW)
    return _paused(request)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=20)


class AcceptForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(render_value=False), strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput(render_value=False), strip=False)
    email = forms.EmailField(label=_("E-mail address (optional)"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


@staff_view
@never_cache
def invitation_create(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    context: dict[str, object] = {"patient": patient, "refused": patient.erasure_requested_at is not None}
    if request.method == "POST" and not context["refused"]:
        issued = invitations.invitation_create(patient=patient, created_by=request.user)
        url = request.build_absolute_uri(reverse("patients:invitation_accept", args=[issued.code]))
        context |= {"issued": issued, "url": url, "qr": invitations.qr_svg(url)}
    return render(request, "accounts/invitation_create.html", context)


@never_cache
def invitation_start(request: HttpRequest) -> HttpResponse:
    # ?code= (the link or QR code on the handout): the code is filled in, the patient confirms.
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST" and (paused := _paused(request)):
        return paused
    if request.method == "POST" and form.is_valid():
        code = invitations.normalize_code(form.cleaned_data["code"])
        if invitations.invitation_for_code(code) is not None:
            return redirect("patients:invitation_accept", code=code)
        if paused := _unknown_code(request):
            return paused
        form.add_error(
            "code", _("This code was not found or is no longer valid. Please check it or ask your practice.")
        )
    return render(request, "accounts/invitation_start.html", {"form": form})


@never_cache
def invitation_accept(request: HttpRequest, code: str) -> HttpResponse:
    if paused := _paused(request):
        return paused
    invitation = invitations.invitation_for_code(code)
    if invitation is None:
        return _unknown_code(request) or render(request, "accounts/invitation_invalid.html", status=404)
    existing = invitation.patient.user
    form = AcceptForm(request.POST or None, initial={"username": invitations.suggested_username(invitation.patient)})
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                code=code,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            logout(request)
            # Through authenticate(), so the configured backends (lockout, audit) see this login too.
            checked = authenticate(request, username=user.username, password=form.cleaned_data["password1"])
            if checked is None:
                return redirect("accounts:login")
            login(request, checked)
            return redirect("me:welcome")
    return render(request, "accounts/invitation_accept.html", {"form": form, "existing": existing})
