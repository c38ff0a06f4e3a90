"""Reminders about due questionnaires: only for patients who opted in, once a week at most."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from backactive.reminders.models import PatientSettings
from backactive.studies import notify, services
from backactive.studies.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(study: Any, coordinator: Any, world: Any) -> Any:
    services.study_randomise(study=study, by=coordinator)
    return services.enrolment_create(patient=world.patient_a, study=study, by=world.clinician_x, consent_given=True)


def opt_in(world: Any, lang: str = "de") -> None:
    world.patient_a_user.email = "anna@example.org"
    world.patient_a_user.save()
    PatientSettings.objects.create(patient=world.patient_a, email_enabled=True, lang=lang)


def test_no_reminder_without_opt_in(enrolled: Any, world: Any, mailoutbox: list[Any]) -> None:
    world.patient_a_user.email = "anna@example.org"
    world.patient_a_user.save()
    assert notify.reminders_send().sent == 0 and mailoutbox == []
    assessment = Assessment.objects.filter(enrolment=enrolled).first()
    assert not notify.assessment_remind(assessment=assessment) and not notify.can_remind(world.patient_a)


def test_the_job_sends_one_mail_listing_the_open_questionnaires_once_a_week(
    enrolled: Any, world: Any, mailoutbox: list[Any]
) -> None:
    opt_in(world, lang="en")
    result = notify.reminders_send()
    assert (result.patients, result.sent) == (1, 1)
    body = mailoutbox[0].body
    assert mailoutbox[0].to == ["anna@example.org"] and "PHQ-4" in body and "IPAQ" in body and "Anna" not in body
    assert notify.reminders_send().sent == 0  # again today: nothing
    later = timezone.localdate() + dt.timedelta(days=8)  # still within the baseline window (14 days)
    Assessment.objects.update(last_reminded_at=timezone.now() - dt.timedelta(days=8))
    assert notify.reminders_send(today=later).sent == 1


def test_the_worklist_button_reminds_now(enrolled: Any, world: Any, mailoutbox: list[Any]) -> None:
    opt_in(world)
    assessment = Assessment.objects.filter(enrolment=enrolled, instrument="peg").first()
    assert notify.assessment_remind(assessment=assessment)
    assert mailoutbox[0].subject == "Ein Fragebogen wartet auf Sie"
    assessment.refresh_from_db()
    assert assessment.last_reminded_at is not None


def test_command(enrolled: Any, world: Any, mailoutbox: list[Any], capsys: Any) -> None:
    opt_in(world)
    call_command("send_questionnaire_reminders")
    assert "sent: 1" in capsys.readouterr().out and len(mailoutbox) == 1


def test_the_worker_sends_them_daily_by_itself(enrolled: Any, world: Any, mailoutbox: list[Any]) -> None:
    from backactive.jobs.models import JobStatus
    from backactive.jobs.scheduler import schedule_tick

    opt_in(world)
    evening = dt.datetime.combine(timezone.localdate(), dt.time(17, 0, 20), tzinfo=timezone.get_default_timezone())
    started = [job for job in schedule_tick(now=evening) if job.kind == "studies.questionnaire_reminders"]
    assert [job.status for job in started] == [JobStatus.SUCCEEDED]
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert [job for job in schedule_tick(now=evening + dt.timedelta(minutes=1))
            if job.kind == "studies.questionnaire_reminders"] == []  # fmt: skip
    assert len(mailoutbox) == 1
