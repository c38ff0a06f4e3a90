"""A whole follow-up visit as a GP, timed and counted: open the patient, read the chart, change
one plan item, print the handout. Target: at most 8 user actions (clicks and key entries)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.utils import timezone

from backactive.demo import demo
from backactive.patients.models import Patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MAX_ACTIONS = 8


def test_follow_up_visit_in_at_most_eight_actions(live_server: Any, page: Any, capsys: Any) -> None:
    demo.demo_create(today=timezone.localdate())
    patient = Patient.objects.get(display_name="Susanne")
    before = patient.plans.get()
    old_codes = [i.code for i in before.items.all()]

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
    page.wait_for_selector("svg.pa-chart")
    assert page.locator("[data-testid=change]").inner_text()  # read the chart and the sentence
    page.click("a[href$='/suggestions/']")  # 2 to the suggestions, the current plan ticked
    actions += 1
    page.wait_for_selector("#plan-form input[name=chosen]:checked")
    ticked = page.locator("#plan-form input[name=chosen]:checked")
    dropped = ticked.first.get_attribute("value")
    ticked.first.uncheck()  # 3 drop one item
    actions += 1
    free = page.locator("#plan-form ul.suggestions input[name=chosen]:not(:checked)")
    added = next(free.nth(i).get_attribute("value") for i in range(free.count())
                 if free.nth(i).get_attribute("value") != dropped)
    page.check(f"#plan-form input[name=chosen][value='{added}']")  # 4 take another
    actions += 1
    page.click("#save-plan")  # 5 save the changed plan
    actions += 1
    page.wait_for_selector("#print-handout")
    with page.context.expect_event("response", predicate=lambda r: r.url.endswith("handout.pdf")) as info:
        page.click("#print-handout")  # 6 print
        actions += 1
    response = info.value
    wall = time.perf_counter() - start

    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    # (Chromium's PDF viewer takes over the body; the headers say what the server sent.)
    assert "backactive-plan-" in response.headers["content-disposition"]
    after = patient.plans.order_by("-version").first()
    assert after is not None and after.version == before.version + 1
    new_codes = [i.code for i in after.items.all()]
    assert dropped not in new_codes and added in new_codes
    assert set(new_codes) == (set(old_codes) - {dropped}) | {added}
    assert actions <= MAX_ACTIONS
    with capsys.disabled():
        print(f"\nfollow-up visit: {actions} user actions, {wall:.2f} s wall time")
