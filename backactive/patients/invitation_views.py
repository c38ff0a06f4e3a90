"""Invitation pages: staff create one from the patient's page; the patient opens it and sets a
password. The patient-facing pages are open to anonymous visitors (that is the point); an unknown
or used code is a 404 with a friendly explanation."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.forms import apply_errors

from . import access as patient_access
from . import invitations


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
    context: dict[str, object] = {"patient": patient}
    if request.method == "POST":
        issued = invitations.invitation_create(patient=patient, created_by=request.user)
        url = request.build_absolute_uri(reverse("patients:invitation_accept", args=[issued.code]))
        context |= {"issued": issued, "url": url, "qr": invitations.qr_svg(url)}
    return render(request, "accounts/invitation_create.html", context)


@never_cache
def invitation_start(request: HttpRequest) -> HttpResponse:
    # ?code= (the link or QR code on the handout): the code is filled in, the patient confirms.
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST" and form.is_valid():
        code = invitations.normalize_code(form.cleaned_data["code"])
        if invitations.invitation_for_code(code) is not None:
            return redirect("patients:invitation_accept", code=code)
        form.add_error(
            "code", _("This code was not found or is no longer valid. Please check it or ask your practice.")
        )
    return render(request, "accounts/invitation_start.html", {"form": form})


@never_cache
def invitation_accept(request: HttpRequest, code: str) -> HttpResponse:
    invitation = invitations.invitation_for_code(code)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
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
