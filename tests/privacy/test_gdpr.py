"""GDPR: export of everything (JSON, CSV, FHIR), consent given and withdrawn, erasure of what the
patient entered, the clinical record locked for the 10-year retention and purged afterwards."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backactive.consultations.models import Consultation, Plan
from backactive.consultations.services import consultation_create
from backactive.diary import services as diary
from backactive.diary.models import PainEntry
from backactive.patients.models import Patient
from backactive.privacy import selectors as privacy_selectors
from backactive.privacy import services as privacy_services
from backactive.privacy.models import Consent, RetentionLock
from backactive.privacy.services import consent_give
from backactive.security.models import AuditAction, AuditEvent


def _entries(world: Any) -> None:
    day = dt.date.today() - dt.timedelta(days=1)
    diary.pain_entry_create(patient=world.patient_a, date=day, pain=4, source="patient",
                            entered_by=world.patient_a_user, client_id=uuid.uuid4())
    diary.pain_entry_create(patient=world.patient_a, date=day, pain=6, source="staff",
                            entered_by=world.assistant_x, client_id=uuid.uuid4())


def test_export_holds_everything_about_the_patient_and_nothing_else(world: Any) -> None:
    _entries(world)
    consent_give(patient=world.patient_a, purpose="research", version="2026-1")
    data = json.loads(privacy_selectors.export_json(world.patient_a))
    assert data["patient"]["display_name"] == "Anna A"
    assert [c["id"] for c in data["consultations.consultation"]] == [world.consultation_a.pk]
    assert {e["pain"] for e in data["diary.painentry"]} == {4, 6}
    assert data["consultations.plan"][0]["id"] == world.plan_a.pk and data["consultations.planitem"]
    assert data["privacy.consent"][0]["version"] == "2026-1"
    assert "Yvonne" not in json.dumps(data) and "Bernd" not in json.dumps(data)
    assert not any("hash" in key for rows in data.values() if isinstance(rows, list)
                   for row in rows if isinstance(row, dict) for key in row)


def test_csv_export_is_one_value_per_row_and_defuses_formulas(world: Any) -> None:
    Consultation.objects.filter(pk=world.consultation_a.pk).update(note="=HYPERLINK(\"http://evil\")")
    rows = list(csv.DictReader(io.StringIO(privacy_selectors.export_csv(world.patient_a))))
    note = next(r for r in rows if r["section"] == "consultations.consultation" and r["field"] == "note")
    assert note["value"].startswith("'=")
    assert any(r["section"] == "patient" and r["value"] == "Anna A" for r in rows)


def test_export_pages_for_admin_and_patient(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    for fmt, kind in (("json", "application/json"), ("csv", "text/csv"), ("fhir", "application/fhir+json")):
        response = client.get(reverse("privacy:patient_export", args=[world.patient_a.pk, fmt]))
        assert response.status_code == 200 and response["Content-Type"].startswith(kind)
        assert "attachment" in response["Content-Disposition"]
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, patient_id=world.patient_a.pk).count() == 3
    own = login(world.patient_a_user).get(reverse("privacy:my_export", args=["json"]))
    assert json.loads(own.content)["patient"]["display_name"] == "Anna A"
    assert login(world.patient_a_user).get(reverse("privacy:my_export", args=["xml"])).status_code == 404


def test_consent_recorded_and_withdrawn_on_the_pages(world: Any, login: Any) -> None:
    admin = login(world.admin_x)
    url = reverse("privacy:patient_consent", args=[world.patient_a.pk])
    admin.post(url, {"purpose": "research", "version": "2026-1", "action": "give"})
    consent = Consent.objects.get(patient=world.patient_a)
    assert consent.in_force and consent.recorded_by == world.admin_x
    page = login(world.patient_a_user).get(reverse("privacy:my_privacy")).content.decode()
    assert "2026-1" in page
    login(world.patient_a_user).post(reverse("privacy:my_consent_withdraw"), {"purpose": "research"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_erasure_deletes_own_entries_and_locks_the_clinical_record(world: Any, login: Any) -> None:
    _entries(world)
    consent_give(patient=world.patient_a, purpose="research", version="2026-1")
    patient_client = Client()
    patient_client.force_login(world.patient_a_user)
    admin = login(world.admin_x)
    response = admin.post(reverse("privacy:patient_erase", args=[world.patient_a.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    assert list(PainEntry.objects.filter(patient=world.patient_a).values_list("source", flat=True)) == ["staff"]
    assert Consultation.objects.filter(patient=world.patient_a).exists() and Plan.objects.filter(pk=world.plan_a.pk)
    lock = RetentionLock.objects.get(patient_id=world.patient_a.pk)
    # Ten years after the last treatment: here the plan, made after the consultation.
    last = max(world.consultation_a.date, timezone.localdate(world.plan_a.created_at))
    assert lock.erase_after == last.replace(year=last.year + 10)
    assert not Consent.objects.filter(patient=world.patient_a, withdrawn_at__isnull=True).exists()
    world.patient_a_user.refresh_from_db()
    assert not world.patient_a_user.is_active
    assert "/accounts/login/" in patient_client.get(reverse("me:today"))["Location"]  # session ended
    # Locked: nothing is added or changed any more.
    with pytest.raises(PermissionDenied):
        consultation_create(patient=world.patient_a, clinician=world.clinician_x,
                            data={"date": dt.date.today(), "pain_now": 3, "pain_average": 3, "days_per_week": 1,
                                  "minutes_per_day": 10})
    staff = login(world.assistant_x)
    denied = staff.post(reverse("diary:pain_create", args=[world.patient_a.pk]),
                        {"date": dt.date.today().isoformat(), "pain": 2})
    assert denied.status_code == 403
    # The staff can still read the kept record.
    assert staff.get(reverse("consultations:overview", args=[world.patient_a.pk])).status_code == 200


def test_purge_erases_after_the_retention_and_is_idempotent(world: Any) -> None:
    _entries(world)
    result = privacy_services.patient_erase(patient=world.patient_a, requested_by=world.admin_x)
    assert result.locked_until is not None and result.entries_deleted == 1
    out = io.StringIO()
    call_command("purge", today=result.locked_until - dt.timedelta(days=1), stdout=out)
    assert "Erased 0" in out.getvalue() and Patient.objects.filter(pk=world.patient_a.pk).exists()
    call_command("purge", today=result.locked_until, stdout=out)
    assert not Patient.objects.filter(pk=world.patient_a.pk).exists()
    assert not Consultation.objects.filter(pk=world.consultation_a.pk).exists()
    assert not PainEntry.objects.filter(patient_id=world.patient_a.pk).exists()
    assert RetentionLock.objects.get(patient_id=world.patient_a.pk).erased_at is not None
    assert privacy_services.retention_purge(today=result.locked_until + dt.timedelta(days=400)) == 0
    # The audit trail stays, with ids only.
    assert AuditEvent.objects.filter(patient_id=world.patient_a.pk, action=AuditAction.DELETE).exists()
    assert Patient.objects.filter(pk=world.patient_y.pk).exists()


def test_a_patient_without_clinical_record_is_erased_at_once(world: Any, login: Any) -> None:
    diary.pain_entry_create(patient=world.patient_b, date=dt.date.today(), pain=2, source="patient",
                            client_id=uuid.uuid4())
    client = login(world.patient_b_user)
    response = client.post(reverse("privacy:my_erase"), {"confirm": "yes"})
    assert response.status_code == 302
    assert not Patient.objects.filter(pk=world.patient_b.pk).exists()
    assert not type(world.patient_b_user).objects.filter(pk=world.patient_b_user.pk).exists()


def test_erasure_needs_the_confirmation(world: Any, login: Any) -> None:
    login(world.patient_a_user).post(reverse("privacy:my_erase"), {})
    assert not RetentionLock.objects.exists()


def test_erasure_dates_are_written_in_the_page_language(world: Any, login: Any) -> None:
    """Issue 14: "bis 2036-11-27" reached the screen; dates follow the page's locale."""
    _entries(world)
    admin = login(world.admin_x)
    response = admin.post(reverse("privacy:patient_erase", args=[world.patient_a.pk]), {"confirm": "yes"},
                          HTTP_ACCEPT_LANGUAGE="de", follow=True)
    html = response.content.decode()
    kept = re.findall(r"(?:bis|until) (\S+)", html)
    assert kept and all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}[.)]?", d) for d in kept), kept
