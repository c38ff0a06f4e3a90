"""Every page each role can open, in Chromium on the demo practice: nothing overflows its
container horizontally and the browser console stays free of errors (CSP violations, missing
files, script errors). Staff pages (and the study coordinator's) at 1280 and 1366 px, patient
pages at 360 and 390 px; one browser context per role and width."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backactive.consultations.models import Consultation, EmergencyAlert, Plan, PlanItem
from backactive.demo import demo
from backactive.diary.models import ActivityEntry, Source
from backactive.jobs.models import Job, JobStatus
from backactive.offers.models import ImportRun, Offer
from backactive.patients.models import Patient
from backactive.studies import demo as demo_study
from backactive.studies import services as studies
from backactive.studies.models import Assessment, Enrolment, Study
from tests.browser.layout import legibility_problems, overflow_problems, page_names, page_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = [("admin", "admin"), ("lena", "staff"), ("mfa", "staff"), (demo_study.COORDINATOR, "coordinator")]
STAFF_WIDTHS = (1280, 1366)
PATIENT_WIDTHS = (360, 390)
STAFF_HEADER = 56  # one row of navigation, never wrapped
PATIENT_HEADER = 64  # compact on the phone: the page's own content starts high


def _susanne_joins_the_study() -> Enrolment:
    """Susanne joins the demo study today, so her questionnaires are due."""
    susanne = Patient.objects.get(display_name="Susanne")
    return studies.enrolment_create(patient=susanne, study=Study.objects.get(code=demo_study.CODE),
                                    by=susanne.practice.users.get(username="mfa"), consent_given=True)  # fmt: skip


def _values() -> dict[str, Any]:
    patient = Patient.objects.get(display_name="Susanne")
    # Her PHQ-4 entered from paper (a stored questionnaire); the others still open.
    enrolment = _susanne_joins_the_study()
    answered = Assessment.objects.get(enrolment=enrolment, timepoint__code="baseline", instrument="phq4")
    studies.assessment_enter(assessment=answered, answers=dict(demo_study.ANSWERS["phq4"]), source="paper",
                             user=patient.practice.users.get(username="mfa"), answered_on=timezone.localdate())
    answered.refresh_from_db()
    return {
        "study_id": enrolment.study_id,
        "assessment_id": Assessment.objects.filter(enrolment=enrolment, response__isnull=True).first().pk,  # type: ignore[union-attr]
        "response_id": answered.response_id,
        "instrument_code": "phq4",
        "patient_id": patient.pk,
        "consultation_id": patient.consultations.first().pk,  # type: ignore[union-attr]
        "plan_id": patient.plans.order_by("-version").first().pk,  # type: ignore[union-attr]
        "user_id": patient.practice.users.get(username="mfa").pk,
        "offer_id": Offer.objects.filter(directory__practice=patient.practice).first().pk,  # type: ignore[union-attr]
        "run_id": ImportRun.objects.filter(directory__practice=patient.practice).first().pk,  # type: ignore[union-attr]
        "job_id": Job.objects.create(kind="offers.import", practice=patient.practice, status=JobStatus.SUCCEEDED,
                                     done=12, total=12, message="12 offers imported.").pk,
    }


def _accountability(patient: Patient) -> None:
    """An emergency alert (the banner on every GP page), and a consultation and a plan draft
    waiting for a GP (the last consultation, the list and the consultation page show the draft)."""
    consultation = patient.consultations.first()
    assistant = patient.practice.users.get(username="mfa")
    Consultation.objects.filter(pk=consultation.pk).update(  # type: ignore[union-attr]
        draft=True, entered_by=assistant, confirmed_by=None, confirmed_at=None)
    EmergencyAlert.objects.create(practice=patient.practice, patient=patient, consultation=consultation,
                                  codes=["cauda_equina"], raised_by=assistant)
    current = patient.plans.order_by("-version").first()
    version = current.version + 1  # type: ignore[union-attr]
    draft = Plan.objects.create(patient=patient, consultation=consultation, version=version, created_by=assistant,
                                clinician=consultation.clinician, draft=True)  # type: ignore[union-attr]
    PlanItem.objects.create(plan=draft, position=0, code="walking", kind="activity", title="Spazierengehen",
                            minutes=20, times_per_week=3)


def _own_entry(patient: Patient) -> int:
    return ActivityEntry.objects.filter(patient=patient, source=Source.PATIENT).first().pk  # type: ignore[union-attr]


def _visit_all(browser: Any, base: str, username: str, width: int, urls: list[str], *, max_header: int) -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": 768 if width > 500 else 800}, locale="de-DE")
    context.set_default_timeout(15000)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    problems = [f"login page: console: {c}" for c in console]
    for url in urls:
        console.clear()
        response = page.goto(base + url, wait_until="load")
        label = f"{username} {width}px {url}"
        assert response is not None and response.ok, f"{label}: {response and response.status}"
        assert "text/html" in response.headers["content-type"], f"{label}: not a page; add it to NOT_PAGES"
        problems += [f"{label}: {p}" for p in overflow_problems(page)]
        problems += [f"{label}: {p}" for p in legibility_problems(page, max_header=max_header)]
        problems += [f"{label}: console: {c}" for c in console]
    context.close()
    return problems


def test_staff_pages_do_not_overflow_or_log_errors(live_server: Any, browser: Any, capsys: Any) -> None:
    demo.demo_create(today=timezone.localdate())
    values = _values()
    _accountability(Patient.objects.get(pk=values["patient_id"]))
    # The correction page's access rule asks with an entry that is nobody's: here a real one.
    correct = reverse("diary:entry_correct", args=[values["patient_id"], "activity", _own_entry(
        Patient.objects.get(pk=values["patient_id"]))])
    start, problems, count = time.perf_counter(), [], 0
    for username, kind in STAFF:
        # The study coordinator never opens a patient's record, so not the correction page either.
        urls = [page_url(name, values) for name in page_names(kind)] + ([correct] if kind != "coordinator" else [])
        for width in STAFF_WIDTHS:
            problems += _visit_all(browser, live_server.url, username, width, urls, max_header=STAFF_HEADER)
            count += len(urls)
    with capsys.disabled():
        print(f"\nlayout: {count} staff page views in {time.perf_counter() - start:.1f} s")
    assert not problems, "\n".join(problems)


def test_patient_pages_do_not_overflow_or_log_errors(live_server: Any, browser: Any) -> None:
    demo.demo_create(today=timezone.localdate())
    due = Assessment.objects.filter(enrolment=_susanne_joins_the_study(), instrument="phq4").first()
    urls = [page_url(name, {"assessment_id": due.pk}) for name in page_names("patient")]  # type: ignore[union-attr]
    own = _own_entry(Patient.objects.get(display_name="Susanne"))
    urls.append(reverse("me:entry_correct", args=["activity", own]))  # a real entry of hers, not nobody's
    problems: list[str] = []
    for width in PATIENT_WIDTHS:
        problems += _visit_all(browser, live_server.url, "susanne", width, urls, max_header=PATIENT_HEADER)
    assert not problems, "\n".join(problems)
