"""A worker's day with the real schedules: one tick at 17:00 sends the due reminder e-mails,
erases a record whose retention has ended, writes a GDT result that was left waiting, removes an
expired research export and tidies the job tables, each as a job with its slot. The clock is
given to the scheduler; the work runs in-process (the suite's immediate task backend)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from django.core import mail
from django.utils import timezone

from backactive.diary.models import PainEntry
from backactive.interop.models import BulkExport, GdtResult, GdtSettings, SmartClient
from backactive.jobs.models import Job, JobStatus, ScheduleRun
from backactive.jobs.registry import schedules
from backactive.jobs.scheduler import schedule_tick
from backactive.jobs.services import job_run
from backactive.patients.models import Patient
from backactive.privacy import services as privacy_services
from backactive.privacy.models import RetentionLock
from backactive.reminders import services as reminder_services
from backactive.reminders.models import PatientSettings

KINDS = {"reminders.email", "privacy.purge", "gdt.outbox_sweep", "fhir.bulk_expire", "jobs.prune",
         "studies.questionnaire_reminders"}


def _at(hour: int, minute: int = 0, *, days: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def _reminder_due(patient: Patient) -> None:
    reminder_services.reminders_update(patient=patient, weekdays=[0], time=dt.time(18), calendar_enabled=False,
                                       email_enabled=True, email_after_days=3, email="anna@example.org")  # fmt: skip
    PatientSettings.objects.filter(patient=patient).update(email_enabled_on=timezone.localdate() - dt.timedelta(60))
    PainEntry.objects.create(patient=patient, date=timezone.localdate() - dt.timedelta(days=4), pain=3)


def test_every_kind_of_long_work_has_a_schedule() -> None:
    assert {s.kind for s in schedules().values()} == KINDS


def test_one_tick_starts_each_due_schedule_and_its_work_is_done(world: Any, settings: Any, tmp_path: Path) -> None:
    _reminder_due(world.patient_b)
    erased = privacy_services.patient_erase(patient=world.patient_a, requested_by=world.admin_x)
    RetentionLock.objects.filter(patient_id=world.patient_a.pk).update(erase_after=timezone.localdate())
    settings.GDT_ROOT = tmp_path / "gdt"
    GdtSettings.objects.create(practice=world.practice_x, outbox_dir="out")
    waiting = GdtResult.objects.create(practice=world.practice_x, patient=world.patient_b, data=b"01380006310\r\n")
    client = SmartClient.objects.create(practice=world.practice_x, label="Studie", client_id="c1", jwks={"keys": []})
    expired = BulkExport.objects.create(uid=uuid.uuid4(), client=client, practice=world.practice_x, request_url="x",
                                        types=["Patient"], status="completed",
                                        expires_at=timezone.now() - dt.timedelta(hours=1))  # fmt: skip

    started = schedule_tick(now=_at(17, 0) + dt.timedelta(seconds=20))

    assert {job.kind for job in started} == KINDS
    assert all(job.status == JobStatus.SUCCEEDED for job in started), [(j.kind, j.message) for j in started]
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert erased.locked_until is not None and not Patient.objects.filter(pk=world.patient_a.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == "written" and (tmp_path / "gdt" / "out" / waiting.file_name).exists()
    assert Job.objects.filter(kind="gdt.outbox", practice=world.practice_x, status="succeeded").exists()
    assert not BulkExport.objects.filter(pk=expired.pk).exists()
    # Each job belongs to its slot; the same instant again starts nothing more.
    assert ScheduleRun.objects.filter(job__in=started).count() == len(KINDS)
    assert schedule_tick(now=_at(17, 1)) == []
    assert len(mail.outbox) == 1


def test_evening_reminders_are_not_caught_up_in_the_night(world: Any) -> None:
    _reminder_due(world.patient_a)
    started = schedule_tick(now=_at(23, 30))
    assert "reminders.email" not in {job.kind for job in started} and mail.outbox == []
    assert "reminders.email" in {job.kind for job in schedule_tick(now=_at(17, 0, days=1))}


def test_reminders_that_failed_are_tried_again_and_sent_once(world: Any, settings: Any) -> None:
    _reminder_due(world.patient_a)
    settings.EMAIL_BACKEND = "tests.reminders.broken_backend.Backend"
    [job] = [j for j in schedule_tick(now=_at(17, 0)) if j.kind == "reminders.email"]
    assert job.status == JobStatus.QUEUED and job.attempts == 1  # the mail server is away: again later
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    job = job_run(job_id=job.pk)
    assert job is not None and job.status == JobStatus.SUCCEEDED and job.result["sent"] == 1
    assert len(mail.outbox) == 1


def test_reminders_give_up_for_the_day_after_three_attempts(world: Any, settings: Any) -> None:
    _reminder_due(world.patient_a)
    settings.EMAIL_BACKEND = "tests.reminders.broken_backend.Backend"
    [job] = [j for j in schedule_tick(now=_at(17, 0)) if j.kind == "reminders.email"]
    for _ in range(2):
        job = job_run(job_id=job.pk)
    assert job.status == JobStatus.SUCCEEDED and job.result["failed"] == 1 and job.attempts == 3
