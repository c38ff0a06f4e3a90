"""GDT on the staff screens: the practice system's launch opens the patient's consultation page,
and practice admins set the exchange folders and ids."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from backactive.accounts import access
from backactive.accounts.access import admin_view, staff_view
from backactive.accounts.http import StaffRequest

from ..models import GdtSettings
from .selectors import gdt_launch_for_practice, gdt_results_open, gdt_settings_get
from .services import SHOW_RECORD_TYPE, gdt_launch_consume, gdt_settings_save


def take_launch(request: StaffRequest, **kwargs: object) -> str | None:
    """The consultation page of a patient the practice system just launched, or None.
    Taking it consumes it, so one launch opens one screen."""
    launch = gdt_launch_for_practice(access.get_practice_for_user(request.user))
    if launch is None:
        return None
    gdt_launch_consume(launch=launch)
    # 6311 asks to show results: the patient's page with the chart and the latest consultation.
    page = "consultations:overview" if launch.record_type == SHOW_RECORD_TYPE else "consultations:create"
    return reverse(page, kwargs={"patient_id": launch.patient_id})


@staff_view
def launch_poll(request: StaffRequest) -> HttpResponse:
    """Polled by the patient list (htmx): redirects the screen when the practice system launched
    a patient; 204 otherwise."""
    target = take_launch(request)
    if target is None:
        return HttpResponse(status=204)
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


class GdtSettingsForm(forms.ModelForm):
    class Meta:
        model = GdtSettings
        fields = ["receiver_id", "sender_id", "inbox_dir", "outbox_dir", "export_filename", "outbox_mode", "charset",
                  "version", "charset_without_9206"]  # fmt: skip


@admin_view
def gdt_settings(request: StaffRequest) -> HttpResponse:
    current = gdt_settings_get(practice=access.get_practice_for_user(request.user))
    form = GdtSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        gdt_settings_save(form=form)
        return redirect("interop:gdt_settings")
    context = {"form": form, "title": _("Practice software (GDT)"), "root": settings.GDT_ROOT,
               "results": gdt_results_open(practice=current.practice)}  # fmt: skip
    return render(request, "interop/gdt_settings.html", context)
