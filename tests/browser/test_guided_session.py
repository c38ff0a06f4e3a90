"""The guided session on the phone: the plan's home exercises one by one, easier/harder, a
repetition counter, offline from the middle on; finishing logs exactly one diary entry (sent
when the connection is back) and "Wie ging es?". Animations pause for reduced motion."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.consultations.models import PlanItem
from backactive.diary.models import ActivityEntry
from backactive.exercises.models import ExerciseSession
from backactive.recommendations.knowledge import load_knowledge
from tests.browser.support import log_in, new_page
from tests.conftest import PASSWORD
from tests.consultations.factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
STEP = ".session-step:not([hidden])"


def _queue_is(page: Any, n: int) -> None:
    page.wait_for_function(
        f"() => document.getElementById('me') && document.getElementById('me').dataset.queue === '{n}'"
    )


def _plan(world: Any) -> None:
    plan = make_plan(world.patient_a, world.clinician_x)  # walking, bridge (an exercise), an own item
    PlanItem.objects.create(
        plan=plan,
        position=3,
        code="seated_march",
        kind="exercise",
        title="Marschieren im Sitzen",
        minutes=2,
        times_per_week=3,
        level=1,
    )


def test_the_session_runs_offline_and_logs_one_entry(world: Any, live_server: Any, browser: Any) -> None:
    _plan(world)
    page = new_page(browser, viewport=PHONE)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"{live_server.url}/me/session/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    _queue_is(page, 0)

    # The first exercise at its plan level, then offline in the middle of the session.
    assert page.locator(STEP).get_attribute("data-code") == "bridge"
    page.context.set_offline(True)
    page.click(f"{STEP} button.harder")
    assert page.locator(STEP).get_attribute("data-level") == "3"
    assert page.locator(f"{STEP} .level-card:not([hidden])").get_attribute("data-level") == "3"
    page.click(f"{STEP} button.count")
    page.click(f"{STEP} button.count")
    assert page.locator(f"{STEP} .counter output").inner_text() == "2 / 8"
    page.click(f"{STEP} button.next")
    assert page.locator(STEP).get_attribute("data-code") == "seated_march"
    assert page.locator(f"{STEP} button.easier").is_disabled()  # level 1: nothing easier
    page.click(f"{STEP} button.next")

    page.wait_for_selector(".session-done:not([hidden])")
    assert page.locator(".session-done h2").inner_text() == "Wie ging es?"
    page.click("button[name=felt][value=easy]")
    _queue_is(page, 1)
    page.click("button[name=felt][value=easy]")  # a second press sends nothing more
    _queue_is(page, 1)
    assert not ActivityEntry.objects.exists()

    page.context.set_offline(False)
    _queue_is(page, 0)
    items = load_knowledge().items
    minutes = items["bridge"].level(3).dose.minutes() + items["seated_march"].level(1).dose.minutes()
    entry = ActivityEntry.objects.get(patient=world.patient_a)
    assert (entry.activity, entry.minutes, entry.intensity) == ("exercise_session", minutes, "light")
    session = ExerciseSession.objects.get(patient=world.patient_a)
    assert session.entry == entry and session.felt == "easy"
    assert session.exercises == [{"code": "bridge", "level": 3}, {"code": "seated_march", "level": 1}]


CACHED_PAGES = """() => caches.keys()
  .then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))
  .then((lists) => lists.flat().map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/me/')))"""


def test_the_session_opens_without_a_connection_and_leaves_with_logout(
    world: Any, live_server: Any, browser: Any
) -> None:
    _plan(world)
    page = new_page(browser, viewport=PHONE)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"{live_server.url}/me/session/")  # seen once online: now kept on the phone
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    _queue_is(page, 0)
    assert "/me/session/" in page.evaluate(CACHED_PAGES)

    # Opened with no connection at all: the kept page runs the whole session, animations included.
    page.context.set_offline(True)
    page.reload()
    assert page.locator(STEP).get_attribute("data-code") == "bridge"
    assert page.locator(f"{STEP} .level-card:not([hidden]) svg animate").count() > 0
    page.click(f"{STEP} button.next")
    page.click(f"{STEP} button.next")
    page.click("button[name=felt][value=right]")
    _queue_is(page, 1)
    assert not ActivityEntry.objects.exists()

    page.context.set_offline(False)
    _queue_is(page, 0)  # sent when the connection came back
    assert ActivityEntry.objects.filter(patient=world.patient_a, activity="exercise_session").count() == 1
    assert ExerciseSession.objects.get(patient=world.patient_a).felt == "right"

    # Logging out takes today's list off the phone, with the other personal pages.
    page.click("header.top details.account summary")
    page.click("header.top form[action$='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(CACHED_PAGES) == []
    page.context.close()


def test_animations_wait_for_the_play_button_under_reduced_motion(world: Any, live_server: Any, browser: Any) -> None:
    _plan(world)
    context = browser.new_context(viewport=PHONE, locale="de-DE", reduced_motion="reduce")
    context.set_default_timeout(15000)
    page = context.new_page()
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.goto(f"{live_server.url}/me/plan/")
    figure = page.locator(".exercise-animation").first
    button = figure.locator("button.play")
    page.wait_for_function("() => document.querySelector('.exercise-animation svg').animationsPaused()")
    assert button.inner_text() == "Abspielen" and button.get_attribute("aria-pressed") == "false"
    button.click()
    assert not page.evaluate("() => document.querySelector('.exercise-animation svg').animationsPaused()")
    assert button.inner_text() == "Anhalten"
    context.close()


def test_a_practice_exercise_is_one_step_without_levels(world: Any, live_server: Any, browser: Any) -> None:
    from backactive.exercises.models import PracticeExercise

    exercise = PracticeExercise.objects.create(
        practice=world.practice_x, title="Wand-Liegestütz", instructions="Hände an die Wand, Arme beugen.",
        sets=2, reps=10, rest_seconds=30, position="standing", components=["strength"], needs=["standing"])
    plan = make_plan(world.patient_a, world.clinician_x)
    plan.items.filter(code="bridge").delete()
    PlanItem.objects.create(plan=plan, position=3, code=exercise.code, kind="exercise", title=exercise.title,
                            minutes=2, times_per_week=3)
    page = new_page(browser, viewport=PHONE)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.goto(f"{live_server.url}/me/session/")
    assert page.locator(STEP).get_attribute("data-code") == exercise.code
    assert not page.locator(f"{STEP} .level-buttons").is_visible()  # no easier or harder level
    assert "2 Durchgänge, 10 Wiederholungen" in page.locator(f"{STEP} .level-card").inner_text()
    page.click(f"{STEP} button.count")
    assert page.locator(f"{STEP} .counter output").inner_text() == "1 / 10"
    page.click(f"{STEP} button.next")
    page.wait_for_selector(".session-done:not([hidden])")
    page.click("button[name=felt][value=right]")
    page.wait_for_url("**/me/plan/")  # sent, then the plan page
    entry = ActivityEntry.objects.get(patient=world.patient_a)
    assert (entry.activity, entry.minutes) == ("exercise_session", 2)
