"""The demo study end to end, through the pages as each role uses them: the coordinator sets up a
two-arm study and randomises the practices, staff enrol with consent, the patient answers on the
phone (the offline path is tests/browser/test_patient_questionnaire.py), staff enter paper forms,
reminders go to who opted in, the dashboard counts, and the export's scores are the scoring
manuals' worked examples."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from backactive.reminders.models import PatientSettings
from backactive.studies.models import Assessment, Enrolment, Study, StudyPractice

from .factories import make_coordinator

pytestmark = pytest.mark.django_db

PAPER = {
    "ipaq_sf": {"vigorous_days": "5", "vigorous_minutes_minutes": "30", "moderate_days": "5",
                "moderate_minutes_minutes": "30", "walking_days": "5", "walking_minutes_minutes": "30",
                "sitting_minutes_hours": "5"},
    "gcps": {"pain_now": "5", "pain_worst": "8", "pain_average": "6", "disability_days": "10",
             "interference_daily": "5", "interference_social": "4", "interference_work": "6"},
    "peg": {"pain_average": "5", "interference_enjoyment": "6", "interference_activity": "8"},
}  # fmt: skip


def test_demo_study_end_to_end(world: Any, client: Any, mailoutbox: list[Any]) -> None:
    today = timezone.localdate().isoformat()
    coordinator = make_coordinator()

    # The coordinator sets up the study, adds both practices and randomises them once.
    client.force_login(coordinator)
    form = {"name": "Rücken aktiv", "code": "RA", "consent_text": "Ich mache mit.", "method": "stratified",
            "size_cutoff": "3", "control_name": "Kontrolle", "intervention_name": "BackActive",
            "instruments": ["ipaq_sf", "gcps", "phq4", "peg"]}  # fmt: skip
    for n, (day, before, after) in enumerate([(0, 0, 14), (42, 3, 14), (91, 7, 21), (182, 7, 28)]):
        form |= {f"tp{n}_use": "on", f"tp{n}_label": f"T{n}", f"tp{n}_day": day, f"tp{n}_before": before,
                 f"tp{n}_after": after}  # fmt: skip
    client.post(reverse("studies:create"), form)
    study = Study.objects.get(code="RA")
    # Both large (one stratum): a permuted block of two gives each arm one practice, whatever the
    # concealed seed the form draws (in two strata, both could land in one arm).
    for practice, size in ((world.practice_x, "4"), (world.practice_y, "3")):
        client.post(reverse("studies:practice_add", kwargs={"study_id": study.pk}), {"practice": practice.pk,
                    "size": size})  # fmt: skip
    client.post(reverse("studies:randomise", kwargs={"study_id": study.pk}))
    arms = {m.practice_id: m.arm.code for m in StudyPractice.objects.filter(study=study).select_related("arm")}
    assert sorted(arms.values()) == ["control", "intervention"]

    # Staff of both practices enrol a patient each, with consent to the study's own text.
    for staff, patient in ((world.assistant_x, world.patient_a), (world.clinician_y, world.patient_y)):
        client.force_login(staff)
        url = reverse("studies:enrol", kwargs={"patient_id": patient.pk, "study_id": study.pk})
        version = client.get(url).content.decode().split('name="consent_version" value="')[1].split('"')[0]
        client.post(url, {"consent": "on", "consent_version": version, "start_date": today})
    a = Enrolment.objects.get(patient=world.patient_a)
    assert a.arm.code == arms[world.practice_x.pk] and Enrolment.objects.count() == 2

    # Patient A opted in to e-mail reminders: the daily job reminds them, nobody else.
    world.patient_a_user.email = "anna@example.org"
    world.patient_a_user.save()
    PatientSettings.objects.create(patient=world.patient_a, email_enabled=True)
    call_command("send_questionnaire_reminders", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]

    # Patient A answers the PHQ-4 on the phone, in two sittings.
    client.force_login(world.patient_a_user)
    phq4 = Assessment.objects.get(enrolment=a, timepoint__code="baseline", instrument="phq4")
    save = reverse("me:questionnaire_save", kwargs={"assessment_id": phq4.pk})
    for part in ({"nervous": 1, "worry": 1}, {"interest": 2, "down": 1}):
        client.post(save, json.dumps({"answers": part}), content_type="application/json")
    assert "0800 111 0 111" in client.get(reverse("me:questionnaire_done", kwargs={"assessment_id": phq4.pk})
                                          ).content.decode()  # fmt: skip

    # The practice enters the other three from paper.
    client.force_login(world.assistant_x)
    for code, fields in PAPER.items():
        target = Assessment.objects.get(enrolment=a, timepoint__code="baseline", instrument=code)
        client.post(reverse("studies:enter", kwargs={"assessment_id": target.pk}),
                    {**fields, "answered_on": today, "source": "paper"})  # fmt: skip
    assert (
        'data-testid="screen-alert"'
        in client.get(reverse("consultations:overview", kwargs={"patient_id": world.patient_a.pk})).content.decode()
    )

    # The coordinator sees the baseline open for patient Y and done for patient A, and exports.
    client.force_login(coordinator)
    dashboard = client.get(reverse("studies:dashboard", kwargs={"study_id": study.pk})).content.decode()
    assert "Anna" not in dashboard and "Yvonne" not in dashboard
    text = client.get(reverse("studies:export", kwargs={"study_id": study.pk})).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 8 and "Anna" not in text
    done = next(r for r in rows if r["participant"] == a.pseudonym and r["timepoint"] == "baseline")
    assert done["status"] == "done" and done["days_late"] == "0"
    assert (done["ipaq_sf_met_minutes_week"], done["ipaq_sf_category"]) == ("2295.0", "high")
    assert (done["gcps_characteristic_pain_intensity"], done["gcps_disability_score"], done["gcps_grade"]) == (
        "63",
        "50",
        "3",
    )
    assert done["peg_score"] == "6.33"
    assert (done["phq4_total"], done["phq4_phq2_positive"], done["phq4_gad2_positive"]) == ("5", "1", "0")
    assert done["phq4_source"] == "patient" and done["gcps_source"] == "paper"
    other = next(r for r in rows if r["participant"] != a.pseudonym and r["timepoint"] == "baseline")
    assert other["status"] == "due" and other["arm"] != done["arm"]

    # The same answers leave through FHIR as QuestionnaireResponses.
    client.force_login(world.assistant_x)
    bundle = client.get(reverse("interop:fhir_bundle", kwargs={"patient_id": world.patient_a.pk})).json()
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("QuestionnaireResponse") == 4 and kinds.count("Questionnaire") == 4
