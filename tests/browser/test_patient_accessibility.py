"""Every patient page in Chromium: axe-core finds no serious or critical problem, controls are
at least 44 px, nothing scrolls sideways on a 360 px phone or at 200 % zoom; German and English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.reminders import services as reminders
from tests.browser.support import (
    PHONE,
    ZOOM_200,
    log_in,
    new_page,
    overflows_horizontally,
    serious_violations,
    small_targets,
)
from tests.conftest import PASSWORD
from tests.consultations.factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/me/", "/me/progress/", "/me/plan/", "/me/settings/", "/me/data/", "/me/welcome/"]


def _prepare(world: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    today = timezone.localdate()
    for days in range(0, 15, 2):
        day = today - dt.timedelta(days=days)
        PainEntry.objects.create(patient=world.patient_a, date=day, pain=5, source=Source.PATIENT)
        ActivityEntry.objects.create(
            patient=world.patient_a, date=day, activity="walking", minutes=25, source=Source.PATIENT
        )
    reminders.goal_set(patient=world.patient_a, minutes=150)


def _check(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("#me")
    problems = [f"{url}: {v}" for v in serious_violations(page)]
    problems += [f"{url}: small target {t}" for t in small_targets(page)]
    if overflows_horizontally(page):
        problems.append(f"{url}: scrolls sideways")
    return problems


@pytest.mark.parametrize(("viewport", "locale"), [(PHONE, "de-DE"), (ZOOM_200, "en-GB")], ids=["phone-de", "zoom-en"])
def test_patient_pages_are_accessible(
    world: Any, live_server: Any, browser: Any, viewport: dict[str, int], locale: str
) -> None:
    _prepare(world)
    world.patient_a.language = locale[:2]  # the patient's pages follow their record's language
    world.patient_a.save()
    page = new_page(browser, viewport=viewport, locale=locale)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    assert page.locator("html").get_attribute("lang") == locale[:2]
    problems: list[str] = []
    for path in PAGES:
        problems += _check(page, live_server.url + path)
    for scale in ("vas", "faces"):
        world.patient_a.pain_scale = scale
        world.patient_a.save()
        problems += _check(page, f"{live_server.url}/me/?scale={scale}")
    page.context.close()
    assert not problems, "\n".join(problems)


def test_invitation_pages_are_accessible(world: Any, live_server: Any, browser: Any) -> None:
    from backactive.patients import invitations

    code = invitations.invitation_create(patient=world.patient_b, created_by=world.assistant_x).code
    page = new_page(browser)
    problems: list[str] = []
    for path in ("/invitation/", f"/invitation/{code}/", "/invitation/WRONGCODE12/"):
        page.goto(live_server.url + path)
        problems += [f"{path}: {v}" for v in serious_violations(page)]
        if overflows_horizontally(page):
            problems.append(f"{path}: scrolls sideways")
    page.context.close()
    assert not problems, "\n".join(problems)
