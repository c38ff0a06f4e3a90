"""Every patient page renders for the patient, in German and English, with their own data only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backactive.diary.models import ActivityEntry, EntryCorrection, PainEntry, Source
from tests.consultations.factories import make_plan

PAGES = ["me:today", "me:progress", "me:plan", "me:settings", "me:data", "me:welcome"]


@pytest.mark.parametrize("scale", ["numeric", "vas", "faces"])
def test_today_shows_the_patients_scale(world: Any, login: Any, scale: str) -> None:
    world.patient_a.pain_scale = scale
    world.patient_a.save()
    html = login(world.patient_a_user).get(reverse("me:today")).content.decode()
    marker = {"numeric": 'name="pain" value="10"', "vas": 'type="range"', "faces": 'class="face-button"'}[scale]
    assert marker in html
    if scale == "faces":
        assert html.count('class="face-button"') == 6


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_render(world: Any, login: Any, name: str, lang: str) -> None:
    world.patient_a.language = lang  # the patient's pages follow their record's language
    world.patient_a.save()
    make_plan(world.patient_a, world.clinician_x)
    client = login(world.patient_a_user)
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == lang


def test_plan_page_has_instructions_and_drawings(world: Any, login: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    html = login(world.patient_a_user).get(reverse("me:plan")).content.decode()
    assert 'class="exercise-animation"' in html and '<title id="ex-bridge-2-a-t">' in html  # drawn, animated
    assert "Walking the dog" in html
    assert 'class="instructions"' in html


def test_today_offers_plan_items_to_tick(world: Any, login: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    html = login(world.patient_a_user).get(reverse("me:today")).content.decode()
    assert 'name="activity" value="bridge"' in html
    assert 'name="activity" value="other"' in html  # the own item is stored as "other"


def test_progress_uses_the_chart_and_says_since_the_plan(world: Any, login: Any) -> None:
    world.patient_a.language = "en"  # the patient's pages follow their record's language
    world.patient_a.save()
    plan = make_plan(world.patient_a, world.clinician_x)
    today = timezone.localdate()
    plan.created_at = timezone.now() - dt.timedelta(days=10)
    plan.save()
    PainEntry.objects.create(patient=world.patient_a, date=today, pain=4)
    ActivityEntry.objects.create(patient=world.patient_a, date=today, activity="walking", minutes=30)
    html = login(world.patient_a_user).get(reverse("me:progress"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="pa-chart"' in html
    assert "your plan started on" in html


def test_a_day_shows_only_own_entries_and_practice_entries_cannot_be_deleted(world: Any, login: Any) -> None:
    world.patient_a.language = "en"  # the patient's pages follow their record's language
    world.patient_a.save()
    today = timezone.localdate()
    PainEntry.objects.create(patient=world.patient_a, date=today, pain=7, source=Source.STAFF)
    PainEntry.objects.create(patient=world.patient_b, date=today, pain=9, source=Source.PATIENT)
    html = login(world.patient_a_user).get(reverse("me:today"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pain 7 of 10" in html and "Pain 9 of 10" not in html
    assert "from your practice" in html
    assert "/delete/" not in html


def test_future_dates_show_today(world: Any, login: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    html = login(world.patient_a_user).get(reverse("me:today") + f"?date={tomorrow}").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert f'name="date" value="{tomorrow.isoformat()}"' not in html


def test_faces_are_the_paper_diarys_faces(world: Any, login: Any) -> None:
    from backactive.diary.faces import face_svg

    world.patient_a.pain_scale = "faces"
    world.patient_a.save()
    html = login(world.patient_a_user).get(reverse("me:today")).content.decode()
    for value in (0, 4, 10):
        assert face_svg(value).split(">", 1)[1] in html


def test_plan_items_done_today_show_as_done_and_can_be_undone(world: Any, login: Any) -> None:
    """Issue 14: a ticked plan item shows "done today" with an undo; undo deletes that entry only."""
    world.patient_a.language = "en"  # the patient's pages follow their record's language
    world.patient_a.save()
    make_plan(world.patient_a, world.clinician_x)
    today = timezone.localdate()
    done = ActivityEntry.objects.create(
        patient=world.patient_a, date=today, activity="walking", minutes=20, source=Source.PATIENT
    )
    ActivityEntry.objects.create(
        patient=world.patient_a, date=today, activity="bridge", minutes=10, source=Source.STAFF
    )
    client = login(world.patient_a_user)
    html = client.get(reverse("me:today"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    undo = reverse("me:entry_delete", args=["activity", done.pk])
    assert html.count("done today") == 1 and "Walking: done today" in html  # the practice's entry ticks nothing
    assert f'action="{undo}"' in html
    assert 'name="reason" value="undo"' in html  # the undo says why, for the entry's history
    response = client.post(undo, {"date": today.isoformat(), "reason": "undo"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"status": "deleted"}
    assert not ActivityEntry.objects.filter(pk=done.pk).exists()
    assert EntryCorrection.objects.get(entry_client_id=done.client_id).reason == "Tapped by mistake, undone"
    assert "done today" not in client.get(reverse("me:today"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_activity_picker_starts_at_the_plan_never_at_something_unagreed(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    html = client.get(reverse("me:today")).content.decode()
    assert html.count(" selected>") == 1 and 'value="walking" selected' in html  # no plan: walking
    plan = make_plan(world.patient_a, world.clinician_x)
    plan.items.filter(code="walking").delete()
    html = client.get(reverse("me:today")).content.decode()
    assert html.count(" selected>") == 1 and 'value="bridge" selected' in html


def test_welcome_page_shows_the_user_name(world: Any, login: Any) -> None:
    html = login(world.patient_a_user).get(reverse("me:welcome")).content.decode()
    assert f'data-testid="username">{world.patient_a_user.username}<' in html
