"""A whole follow-up visit as a GP, timed and counted (issue 14): open the patient, enter today's
pain, drop one plan item, change another's minutes, save the consultation and the plan in one
submit, print the handout from the same page. An action is one click or tap or typing into one
field; at most six. Everything else (the diary's four weeks, last time's answers, the plan) is
prefilled and needs no action."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.utils import timezone

from backactive.consultations.models import Consultation
from backactive.demo import demo
from backactive.diary.selectors import vital_sign
from backactive.patients.models import Patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MAX_ACTIONS = 6
SAVE_IN_VIEW = """() => { const r = document.querySelector('#save-follow-up').getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight; }"""
# Fields of the consultation a follow-up carries over unchanged unless the GP changes them.
CARRIED = ("barriers", "social", "settings", "favourite_activities", "conditions", "max_minutes_per_session")


def test_follow_up_visit_in_at_most_six_actions(live_server: Any, page: Any, capsys: Any) -> None:
    demo.demo_create(today=timezone.localdate())
    patient = Patient.objects.get(display_name="Susanne")
    last = patient.consultations.first()
    before = patient.plans.order_by("-version").first()
    assert last is not None and before is not None
    items = list(before.items.filter(kind="activity"))
    dropped, changed = items[0], items[1]

    # Logged in at the patient list, as at the start of the day.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "lena")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/patients/")

    actions = 0
    start = time.perf_counter()
    page.get_by_role("link", name="Susanne", exact=True).click()  # 1 open the patient
    actions += 1
    page.wait_for_selector("#follow-up form")
    assert page.locator("[data-testid=change]").inner_text()  # read the chart's sentence
    page.locator("#fu_pain_now").scroll_into_view_if_needed()  # scrolling is no action
    assert page.evaluate(SAVE_IN_VIEW), "the save button is in view while the GP is at the panel"
    page.fill("#fu_pain_now", "5")  # 2 today's pain
    actions += 1
    page.uncheck(f"#follow-up input[name=chosen][value='{dropped.code}']")  # 3 drop one item
    actions += 1
    page.fill(f"#follow-up input[name='minutes_{changed.code}']", "60")  # 4 a longer session
    actions += 1
    page.click("#save-follow-up")  # 5 one submit: consultation and plan
    actions += 1
    page.wait_for_selector("#follow-up .saved")
    # Focus moves to the confirmation once htmx has settled the swap (a moment after it appears).
    page.wait_for_function("document.activeElement && document.activeElement.closest('.saved') !== null",
                           timeout=5000)
    with page.context.expect_event("response", predicate=lambda r: r.url.endswith("handout.pdf")) as info:
        page.click("#print-handout")  # 6 print from the same page
        actions += 1
    response = info.value
    wall = time.perf_counter() - start

    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    new = patient.consultations.first()
    assert isinstance(new, Consultation) and new.pk != last.pk and new.pain_now == 5
    sign = vital_sign(patient, today=timezone.localdate())
    assert (new.days_per_week, new.minutes_per_day) == (sign.days_per_week, sign.minutes_per_day)
    assert new.pain_average == sign.pain_average
    def answers(c: Consultation) -> dict[str, Any]:
        return {f: sorted(v) if isinstance(v := getattr(c, f), list) else v for f in CARRIED}

    assert answers(new) == answers(last), "last visit's answers carried over unchanged"
    after = patient.plans.order_by("-version").first()
    assert after is not None and after.version == before.version + 1 and after.consultation_id == new.pk
    codes = {i.code: i for i in after.items.all()}
    assert dropped.code not in codes and codes[changed.code].minutes == 60
    assert set(codes) == {i.code for i in before.items.all()} - {dropped.code}
    assert actions <= MAX_ACTIONS
    with capsys.disabled():
        print(f"\nfollow-up visit: {actions} user actions, {wall:.2f} s wall time")
