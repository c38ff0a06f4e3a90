"""Hostile input named in issue 12, one test per defect (each was a 500 or stored nonsense):
control characters and bidi overrides in names, ``²`` in FHIR ids and ``_count``, JSON nested
200,000 deep on the sync endpoint, diary dates in year 1, and digits of other scripts."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from backactive.diary.models import PainEntry
from backactive.diary.trends import monday
from backactive.interop.fhir.tokens import token_issue
from backactive.patients.models import Patient


def _patient_form(name: str) -> dict[str, str]:
    return {"display_name": name, "year_of_birth": "1970", "sex": "unknown", "pain_scale": "numeric"}


@pytest.mark.parametrize("name", ["Anna\u202eevil", "Anna\u2066x", "An\u200bna", "Anna\x00", "Anna\nB", "A\x1bB"])
def test_control_and_bidi_characters_in_names_are_refused_with_a_message(name: str, world: Any, login: Any) -> None:
    before = Patient.objects.count()
    response = login(world.assistant_x).post(reverse("patients:create"), _patient_form(name))
    assert response.status_code == 200 and "display_name" in response.context["form"].errors
    assert Patient.objects.count() == before  # (PostgreSQL cannot even compare a text with a NUL)


def test_joiners_stay_and_names_are_shown_isolated(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    name = "مهرداد\u200cی"
    assert client.post(reverse("patients:create"), _patient_form(name)).status_code == 302
    patient = Patient.objects.get(display_name=name)
    page = client.get(reverse("consultations:overview", args=[patient.pk])).content.decode()
    assert f"<bdi>{name}</bdi>" in page


def test_a_stored_name_with_control_characters_still_prints(world: Any, login: Any) -> None:
    # A name from before the check or from another system; PostgreSQL cannot store a NUL at all.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    Patient.objects.filter(pk=world.patient_a.pk).update(display_name=f"Anna{nul}\x1b\u202e A")
    response = login(world.clinician_x).post(reverse("handouts:pdf", args=[world.plan_a.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_fhir_ids_and_counts_with_superscript_digits_are_4xx(world: Any, client: Any) -> None:
    raw = token_issue(practice=world.practice_x, label="t", created_by=None)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/fhir/Patient/%C2%B2", **auth).status_code == 404
    response = client.get("/fhir/Observation", {"subject": f"Patient/{world.patient_a.pk}", "_count": "²"}, **auth)
    assert response.status_code == 400


def test_deeply_nested_json_on_sync_is_a_400(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    for body in ("[" * 200_000 + "]" * 200_000, '{"entries": ' + "[" * 100 + "]" * 100 + "}"):
        response = client.post(reverse("me:sync"), body, content_type="application/json")
        assert response.status_code == 400 and "error" in response.json()


def test_diary_dates_before_2000_are_refused(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    entry = {"client_id": str(uuid.uuid4()), "kind": "pain", "date": "0001-01-01", "pain": 4, "scale": "numeric"}
    response = client.post(reverse("me:sync"), json.dumps({"entries": [entry]}), content_type="application/json")
    assert response.status_code == 200 and response.json()["results"][0]["status"] == "invalid"
    assert not PainEntry.objects.filter(patient=world.patient_a).exists()


def test_arabic_indic_digits_are_digits_and_superscripts_are_not(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    week = monday(timezone.localdate()) - dt.timedelta(days=7)
    url = reverse("consultations:paper_week", args=[world.patient_a.pk])
    assert client.post(url, {"week": week.isoformat(), "form_id": str(uuid.uuid4()), "pain_0": "٥"}).status_code == 302
    assert PainEntry.objects.get(patient=world.patient_a, date=week).pain == 5
    refused = client.post(url, {"week": week.isoformat(), "form_id": str(uuid.uuid4()), "pain_1": "²"})
    assert refused.status_code == 200
    assert not PainEntry.objects.filter(patient=world.patient_a, date=week + dt.timedelta(days=1)).exists()


NUL_ADDRESSES = ["/privacy/export.%00json", "/calendar/%00.ics", "/patients/?q=%00", "/health/?x=a%00b"]


@pytest.mark.parametrize("address", NUL_ADDRESSES)
def test_a_null_character_in_the_address_is_a_400_before_any_query(address: str, world: Any, login: Any) -> None:
    response = login(world.admin_x).get(address)
    assert response.status_code == 400 and b"null character" in response.content
