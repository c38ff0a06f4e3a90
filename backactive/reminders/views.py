"""The calendar feed a patient's calendar app subscribes to. It cannot log in, so the secret in
the address is the key: unknown, renewed or switched-off links, and links of a deactivated or
erased patient, answer 404. Reminder times only; every read is audited."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.cache import never_cache

from backactive.accounts import signals as access_signals

from .models import PatientSettings
from .selectors import calendar_ics, settings_by_token


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    settings = settings_by_token(token)
    if settings is None:
        raise Http404
    # Each read is in the patient's access history (the path recorded is the route, not the token).
    access_signals.record_viewed.send(sender=PatientSettings, user=None, patient_id=settings.patient_id, obj=settings)
    with translation.override(settings.lang):
        body = calendar_ics(settings, alarm=True)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
