"""The patient's diary: today (or an earlier day) in a few taps, corrections, the offline sync
endpoint and the service worker. Every page shows only the logged-in patient's own record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from backactive.accounts.access import patient_view
from backactive.accounts.http import PatientRequest
from backactive.core import codes, text
from backactive.core.i18n import choices
from backactive.diary import services as diary_services
from backactive.diary import sync as diary_sync
from backactive.diary.faces import faces
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.diary.selectors import own_entry_exists
from backactive.patients import access as patient_access
from backactive.reminders.services import settings_for

from .. import selectors
from ..offline import kept_offline
from .corrections import DELETE_REASONS

SERVICE_WORKER = Path(settings.BASE_DIR) / "backactive" / "static" / "me" / "sw.js"


def _day(request: HttpRequest) -> dt.date:
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.GET.get("date") or today.isoformat())
    except ValueError:
        return today
    if day.year < 1900:  # a typo; year 1 would also overflow the day-before/after links
        return today
    return min(day, today)


def _face_labels() -> dict[int, str]:
    return {
        0: _("no pain"),
        2: _("a little pain"),
        4: _("some pain"),
        6: _("quite a lot of pain"),
        8: _("a lot of pain"),
        10: _("the worst pain I can imagine"),
    }


@patient_view
@kept_offline
def today(request: PatientRequest) -> HttpResponse:
    """Today's diary, or an earlier day with ``?date=`` (a later one shows today: no future)."""
    patient = patient_access.get_own_patient(request.user)
    day, now = _day(request), timezone.localdate()
    plan = selectors.current_plan(patient)
    pain, activity = selectors.day_entries(patient, day)
    planned, others, default_activity = selectors.activity_options(plan)
    own = settings_for(patient)
    return render(
        request,
        "me/today.html",
        {
            "patient": patient,
            "nav": "today",
            "day": day,
            "is_today": day == now,
            "today": now,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1) if day < now else None,
            "pain_entries": pain,
            "activity_entries": activity,
            "doables": selectors.doables(plan, activity),
            "planned": planned,
            "default_activity": default_activity,
            "others": others,
            "minute_choices": selectors.MINUTE_CHOICES,
            "intensities": choices(codes.INTENSITIES),
            "faces": faces(_face_labels()),
            "pain_values": range(11),
            "goal": own.goal_minutes,
            "week_minutes": selectors.week_minutes(patient, now) if own.goal_minutes else None,
            "ask_confirm": request.GET.get("confirm") == "1",
            "asked": request.GET.get("activity", ""),  # a plan button's activity that was asked about
        },
    )


@patient_view
@require_POST
def entry_create(request: PatientRequest) -> HttpResponse:
    """The form route (no JavaScript): the same fields as one entry of the offline batch."""
    patient = patient_access.get_own_patient(request.user)
    raw: dict[str, object] = dict(request.POST.dict())
    back = f"{reverse('me:today')}?{urlencode({'date': raw.get('date') or ''})}"
    chip, custom = request.POST.get("minutes", "").strip(), request.POST.get("minutes_custom", "").strip()
    if chip and custom:
        # Which came last cannot be known here (the page's script clears the other one): ask.
        messages.error(request, _("Minutes were both chosen (%(chip)s) and typed (%(custom)s). Please keep "
                                  "only the one that is right.") % {"chip": chip[:5], "custom": custom[:5]})
        return redirect(back)
    raw["minutes"] = custom or chip
    raw["confirmed"] = request.POST.get("confirmed") == "on"  # the box for a day of more than 5 hours
    for number in ("pain", "minutes"):
        value = str(raw.get(number) or "")
        try:
            raw[number] = text.whole_number(value)
        except ValueError:
            raw[number] = None
    try:
        diary_sync.entry_save(patient=patient, user=request.user, raw=raw)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        if "confirmed" in getattr(exc, "error_dict", {}):
            # The page then shows the box to confirm a long day (beside the plan button tapped).
            back += "&" + urlencode({"confirm": "1", "activity": str(raw.get("activity") or "")[:60]})
    else:
        messages.success(request, _("Saved."))
    return redirect(back)


@patient_view
def entry_delete(request: PatientRequest, kind: str, entry_id: int) -> HttpResponse:
    patient = patient_access.get_own_patient(request.user)
    if kind not in ("pain", "activity") or not own_entry_exists(patient=patient, kind=kind, entry_id=entry_id):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reason = DELETE_REASONS.get(request.POST.get("reason", ""))
    asks_json = "application/json" in request.headers.get("Accept", "")  # the page's script refreshes in place
    if reason is None:  # a deletion keeps its reason in the history: asked for on the correction page
        if asks_json:
            return JsonResponse({"error": _("Please say why the entry is deleted.")}, status=400)
        return redirect("me:entry_correct", kind=kind, entry_id=entry_id)
    try:
        diary_services.entry_correct(patient=patient, kind=kind, entry_id=entry_id, by=request.user,
                                     reason=str(reason), own_only=True)
    except (PainEntry.DoesNotExist, ActivityEntry.DoesNotExist):
        raise Http404 from None  # deleted meanwhile (a second tab)
    if asks_json:
        return JsonResponse({"status": "deleted"})
    messages.success(request, _("The entry was deleted."))
    return redirect(f"{reverse('me:today')}?{urlencode({'date': request.POST.get('date', '')})}")


@patient_view
@require_POST
def sync(request: PatientRequest) -> JsonResponse:
    """The offline queue's endpoint: ``{"entries": [...]}`` in, ``{"results": [...]}`` out, one
    result per entry in the same order. Protected by the CSRF token like any form.

    The access record, the entries and their audit rows are one transaction: one commit (one
    disk sync) per request instead of two, and the answer goes out after it."""
    try:
        # Depth-checked first: a body nested 200,000 deep would blow the parser's stack.
        entries = text.loads(request.body or b"{}", max_depth=8).get("entries")
        if not isinstance(entries, list):
            raise ValueError
    except (ValueError, AttributeError):
        entries = None
    with transaction.atomic():
        patient = patient_access.get_own_patient(request.user)
        if entries is None:
            return JsonResponse({"error": _('Expected {"entries": [...]}.')}, status=400)
        try:
            results = diary_sync.entries_sync(patient=patient, user=request.user, entries=entries)
        except ValidationError as exc:
            return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"results": results})


@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /me/ (not /static/) so that it may control the patient pages. It holds no
    data: open to everyone, like a static file."""
    return HttpResponse(SERVICE_WORKER.read_text(encoding="utf-8"), content_type="text/javascript")
