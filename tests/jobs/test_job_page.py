"""The practice's job page (in English here): its jobs with status and progress (all, or one kind's, which the import
and GDT pages link to), and the scheduled work with its last and next run. Scheduled work serves
every practice: the page shows when it ran and how it ended, never what it found."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from backactive.jobs import registry
from backactive.jobs.models import Job, JobStatus
from backactive.jobs.scheduler import schedule_tick
from backactive.jobs.services import job_start

registry.register(registry.JobKind("test.page", "Page test work", run=lambda job, progress: {}))


def test_the_admin_menu_leads_to_the_job_page(world: Any, login: Any) -> None:
    html = login(world.admin_x).get(reverse("patients:list")).content.decode()
    assert reverse("jobs:list") in html


def test_jobs_show_status_and_progress_and_a_kind_can_be_chosen(world: Any, login: Any) -> None:
    running = job_start(kind="test.page", practice=world.practice_x)
    Job.objects.filter(pk=running.pk).update(status=JobStatus.RUNNING, done=40, total=160)
    job_start(kind="gdt.outbox", practice=world.practice_y)  # another practice's
    page = login(world.admin_x).get(reverse("jobs:list"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert 'max="160" value="40"' in html and "40 / 160" in html and 'hx-trigger="every 5s"' in html
    assert list(page.context["page"]) == [Job.objects.get(pk=running.pk)]
    only_gdt = login(world.admin_x).get(reverse("jobs:list") + "?kind=gdt.outbox", HTTP_ACCEPT_LANGUAGE="en")
    assert list(only_gdt.context["page"]) == [] and "Results to the practice system" in only_gdt.content.decode()
    unknown = login(world.admin_x).get(reverse("jobs:list") + "?kind=no.such.kind", HTTP_ACCEPT_LANGUAGE="en")
    assert unknown.status_code == 200 and list(unknown.context["page"]) == [Job.objects.get(pk=running.pk)]


def test_the_import_and_gdt_pages_link_to_their_jobs(world: Any, login: Any) -> None:
    admin = login(world.admin_x)
    assert reverse("jobs:list") + "?kind=offers.import" in admin.get(reverse("offers:import_upload")).content.decode()
    assert reverse("jobs:list") + "?kind=gdt.outbox" in admin.get(reverse("interop:gdt_settings")).content.decode()


def test_scheduled_work_shows_when_it_ran_but_not_what_it_found(world: Any, login: Any) -> None:
    local = timezone.get_default_timezone()
    now = timezone.localtime(timezone=local)
    # The purge's latest 03:00 (yesterday's before 3 in the morning): the page runs at any hour.
    day = now.date() if now.time() >= dt.time(3) else now.date() - dt.timedelta(days=1)
    schedule_tick(now=dt.datetime.combine(day, dt.time(3, 0, 10), tzinfo=local))
    page = login(world.assistant_x).get(reverse("jobs:list"), HTTP_ACCEPT_LANGUAGE="en")
    states = {s.label: s for s in page.context["schedules"]}
    purge = states["Erasing records whose retention has ended"]
    assert purge.timing == "daily at 03:00" and purge.last_status == JobStatus.SUCCEEDED
    assert purge.next_slot == dt.datetime.combine(day + dt.timedelta(days=1), dt.time(3), local)
    assert states["Reminder e-mails"].last_slot is None and states["Reminder e-mails"].timing == "daily at 17:00"
    assert states["Results waiting for the practice systems (GDT)"].timing == "every 5 minutes"
    html = page.content.decode()
    assert "Records erased" not in html  # the purge's message is about every practice
    # The scheduled jobs are nobody's practice's: no page of their own.
    purge_job = Job.objects.get(kind="privacy.purge")
    assert login(world.admin_x).get(reverse("jobs:detail", args=[purge_job.pk])).status_code == 404
