"""Pages of the security app: who looked at a patient's data (practice admins; the patient
themself), the user's own sessions and the password change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backactive.accounts.access import admin_view, patient_view
from backactive.accounts.http import PatientRequest, StaffRequest, UserRequest
from backactive.patients import access as patients

from . import audit, selectors, services
from .models import AuditAction, AuditEvent

PAGE = 200


def _events_for_patient(patient_id: int) -> Any:
    return AuditEvent.objects.filter(patient_id=patient_id).order_by("-at", "-id")[:PAGE]


@admin_view
def patient_access(request: StaffRequest, patient_id: int) -> HttpResponse:
    """A practice admin reads who viewed and changed one of the practice's patients."""
    patient = patients.get_patient_for_user(request.user, patient_id)
    return render(request, "security/patient_access.html",
                  {"patient": patient, "events": _events_for_patient(patient.pk)})


@patient_view
def my_access(request: PatientRequest) -> HttpResponse:
    """The patient sees who looked at or changed their data (the practice staff, by name)."""
    patient = patients.get_own_patient(request.user)
    events = [e for e in _events_for_patient(patient.pk) if e.actor_id != request.user.pk]
    return render(request, "security/my_access.html", {"patient": patient, "events": events})


@login_required
def my_sessions(request: UserRequest) -> HttpResponse:
    rows = selectors.sessions_active(user=request.user)
    return render(request, "security/sessions.html",
                  {"rows": rows, "current": request.session.session_key})


@login_required
def end_session(request: UserRequest, session_id: int) -> HttpResponse:
    # Someone else's session id is a 404 whatever the method, so ids reveal nothing.
    if not selectors.sessions_active(user=request.user).filter(pk=session_id).exists():
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.session_end(user=request.user, session_id=session_id)
    return redirect("security:sessions")


@login_required
def password_change(request: UserRequest) -> HttpResponse:
    """A new password ends every other session of the user (a stolen session stops working)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        services.session_forget(session_key=request.session.session_key)
        update_session_auth_hash(request, user)  # keeps this session, with a new key
        services.session_record(request=request, user=user)
        ended = services.sessions_end_other(user=user, keep_key=request.session.session_key)
        audit.record(AuditAction.PASSWORD_CHANGED, user=user, object_type="user", object_id=user.pk)
        messages.success(request, _("Your password is changed. Other sessions ended: %(n)d.") % {"n": ended})
        return redirect("security:sessions")
    return render(request, "security/password_change.html", {"form": form})
