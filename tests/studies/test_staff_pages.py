"""Practice staff in study mode: the patient's questionnaires, enrolment with consent, fast paper
entry, the printable form, the worklist with remind and enter, corrections with history."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backactive.questionnaires.models import Response
from backactive.reminders.models import PatientSettings
from backactive.studies.models import Enrolment

from .factories import assessment, enrol, running_study

pytestmark = pytest.mark.django_db


def test_enrolment_shows_the_study_consent_text_and_needs_the_tick(
    study: Any, coordinator: Any, world: Any, login: Any
) -> None:
    running_study(study, coordinator)
    client = login(world.assistant_x)
    url = reverse("studies:enrol", kwargs={"patient_id": world.patient_a.pk, "study_id": study.pk})
    page = client.get(url).content.decode()
    assert "Ich bin einverstanden" in page
    version = page.split('name="consent_version" value="')[1].split('"')[0]
    client.post(url, {"consent_version": version, "start_date": timezone.localdate().isoformat()})
    assert not Enrolment.objects.exists()
    response = client.post(
        url, {"consent_version": version, "consent": "on", "start_date": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302 and Enrolment.objects.get().consented_at is not None
    overview = client.get(reverse("studies:patient", kwargs={"patient_id": world.patient_a.pk})).content.decode()
    assert Enrolment.objects.get().pseudonym in overview and "Baseline" in overview


def test_fast_paper_entry_scores_and_keeps_who_entered(study: Any, coordinator: Any, world: Any, login: Any) -> None:
    enrolment = enrol(running_study(study, coordinator), world.patient_a, world.clinician_x)
    target = assessment(enrolment, "baseline", "ipaq_sf")
    client = login(world.assistant_x)
    url = reverse("studies:enter", kwargs={"assessment_id": target.pk})
    form = {
        "answered_on": timezone.localdate().isoformat(),
        "source": "paper",
        "vigorous_days": "5",
        "vigorous_minutes_hours": "0",
        "vigorous_minutes_minutes": "30",
        "moderate_days": "5",
        "moderate_minutes_minutes": "30",
        "walking_days": "5",
        "walking_minutes_minutes": "30",
        "sitting_minutes_hours": "5",
    }
    incomplete = client.post(url, {**form, "walking_days": ""})
    assert incomplete.status_code == 200 and "has-error" in incomplete.content.decode()
    assert client.post(url, form).status_code == 302
    response = Response.objects.get()
    assert response.scores["met_minutes_week"] == 2295.0 and response.source == "paper"
    assert set(response.answers.values_list("entered_by", flat=True)) == {world.assistant_x.pk}


def test_the_paper_form_prints_wording_only_where_licensed(
    study: Any, coordinator: Any, world: Any, login: Any
) -> None:
    enrolment = enrol(running_study(study, coordinator), world.patient_a, world.clinician_x)
    client = login(world.assistant_x)
    phq4 = client.get(reverse("studies:paper", kwargs={"assessment_id": assessment(enrolment, "baseline", "phq4").pk}))
    assert "Niedergeschlagenheit, Schwermut oder Hoffnungslosigkeit" in phq4.content.decode()
    gcps = client.get(reverse("studies:paper", kwargs={"assessment_id": assessment(enrolment, "baseline", "gcps").pk}))
    text = gcps.content.decode()
    assert "Lizenz" in text or "licence" in text
    assert "Schmerzstärke jetzt" in text


def test_worklist_reminds_only_patients_who_opted_in(
    study: Any, coordinator: Any, world: Any, login: Any, mailoutbox: list[Any]
) -> None:
    running = running_study(study, coordinator)
    enrolment = enrol(running, world.patient_a, world.clinician_x, days_ago=20)  # baseline missing, 6w not open
    enrol(running, world.patient_b, world.clinician_x, days_ago=0)
    client = login(world.assistant_x)
    page = client.get(reverse("studies:worklist")).content.decode()
    assert "Anna A" in page and "Bernd B" in page and page.count("state-missing") == 1  # A's baseline, one line
    assert 'action="/studies/assessments/' not in page  # nobody opted in: no remind button
    world.patient_b_user.email = "b@example.org"
    world.patient_b_user.save()
    PatientSettings.objects.create(patient=world.patient_b, email_enabled=True)
    page = client.get(reverse("studies:worklist")).content.decode()
    assert "/remind/" in page
    due = Enrolment.objects.get(patient=world.patient_b).assessments.first()
    client.post(reverse("studies:remind", kwargs={"assessment_id": due.pk}))
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["b@example.org"]
    assert enrolment.assessments.filter(last_reminded_at__isnull=False).count() == 0


def test_a_correction_is_shown_with_its_history(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    url = reverse("questionnaires:new", kwargs={"patient_id": world.patient_a.pk, "instrument_code": "peg"})
    client.post(
        url,
        {
            "answered_on": timezone.localdate().isoformat(),
            "source": "consultation",
            "pain_average": "5",
            "interference_enjoyment": "6",
            "interference_activity": "8",
        },
    )
    response = Response.objects.get()
    detail = reverse("questionnaires:response", kwargs={"patient_id": world.patient_a.pk, "response_id": response.pk})
    client.post(detail + "correct/", {"item": "pain_average", "value": "7", "reason": "misread"})
    response.refresh_from_db()
    assert response.scores == {"score": 7.0}
    history = client.get(detail).content.decode()
    assert "misread" in history and history.count("pain_average") >= 2


def test_a_positive_screen_is_on_the_gp_screen_until_seen(world: Any, login: Any) -> None:
    from backactive.questionnaires import services

    response = services.response_enter(
        patient=world.patient_a,
        instrument_code="phq4",
        answers={"nervous": 2, "worry": 2, "interest": 1, "down": 1},
        user=world.patient_a_user,
        source="patient",
        answered_on=timezone.localdate(),
    )
    client = login(world.clinician_x)
    overview = reverse("consultations:overview", kwargs={"patient_id": world.patient_a.pk})
    assert 'data-testid="screen-alert"' in client.get(overview).content.decode()
    assert 'data-testid="alerts"' in client.get(reverse("studies:worklist")).content.decode()
    client.post(reverse("questionnaires:seen", kwargs={"patient_id": world.patient_a.pk, "response_id": response.pk}))
    assert 'data-testid="screen-alert"' not in client.get(overview).content.decode()
