"""A questionnaire on the phone: one question per screen, answers kept while offline (also over a
reload served by the service worker), sent once the connection is back, then the thank-you page."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.questionnaires.models import Response
from backactive.studies.models import Assessment
from tests.browser.support import PHONE as PHONE_360
from tests.browser.support import ZOOM_200, log_in, new_page, overflows_horizontally, serious_violations, small_targets
from tests.conftest import PASSWORD
from tests.studies.factories import enrol, make_coordinator, make_study, running_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _screen(page: Any) -> str:
    return page.evaluate("() => document.querySelector('.q-screen:not([hidden])').dataset.key")


def test_phq4_on_the_phone_offline_and_back(world: Any, live_server: Any, browser: Any) -> None:
    coordinator = make_coordinator()
    enrolment = enrol(running_study(make_study(world, coordinator), coordinator), world.patient_a, world.clinician_x)
    target = Assessment.objects.get(enrolment=enrolment, timepoint__code="baseline", instrument="phq4")
    page = new_page(browser, viewport=PHONE)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.goto(f"{live_server.url}/me/questionnaires/")
    page.click(f"a[href='/me/questionnaires/{target.pk}/']")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    # One question per screen, with where one is.
    assert page.locator(".q-screen:not([hidden])").count() == 1 and _screen(page) == "nervous"
    assert page.locator("[data-progress]").inner_text() == "Frage 1 von 4"
    page.check("input[name=nervous][value='2']")
    key = f"bq-{world.patient_a.pk}-{target.pk}"
    page.wait_for_function(f"() => (JSON.parse(localStorage.getItem('{key}') || '{{}}').sent === true)")
    page.click("[data-next]")
    assert _screen(page) == "worry"

    page.context.set_offline(True)
    page.check("input[name=worry][value='1']")
    page.reload()  # offline: the service worker serves the page, the device keeps the answers
    page.wait_for_selector(".q-screen:not([hidden])")
    assert _screen(page) == "interest"
    assert page.is_checked("input[name=worry][value='1']") and page.is_checked("input[name=nervous][value='2']")
    page.check("input[name=interest][value='2']")
    page.click("[data-next]")
    page.check("input[name=down][value='1']")
    page.click("[data-finish]")
    page.wait_for_function("() => document.getElementById('sync-status').textContent.length > 0")
    assert "sobald Sie wieder online sind" in page.locator("#sync-status").inner_text()
    assert not Response.objects.filter(completed_at__isnull=False).exists()

    page.context.set_offline(False)
    page.wait_for_url(f"**/me/questionnaires/{target.pk}/done/")
    response = Response.objects.get()
    assert response.complete and response.scores["total"] == 6 and response.screen_positive
    assert page.locator("[data-testid=help]").is_visible()
    assert "0800 111 0 111" in page.locator("[data-testid=help]").inner_text()


def test_online_the_last_answer_leads_to_the_thank_you_page(world: Any, live_server: Any, browser: Any) -> None:
    """The answer sent on change and the final save race each other; the page must still move on."""
    coordinator = make_coordinator()
    enrolment = enrol(running_study(make_study(world, coordinator), coordinator), world.patient_a, world.clinician_x)
    target = Assessment.objects.get(enrolment=enrolment, timepoint__code="baseline", instrument="phq4")
    page = new_page(browser, viewport=PHONE)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.goto(f"{live_server.url}/me/questionnaires/{target.pk}/")
    for item in ("nervous", "worry", "interest"):
        page.check(f"input[name={item}][value='0']")
        page.click("[data-next]")
    assert page.locator("[data-next]").is_hidden() and page.locator("[data-back]").is_visible()
    page.check("input[name=down][value='1']")
    page.click("[data-finish]")
    page.wait_for_url(f"**/me/questionnaires/{target.pk}/done/")
    assert page.locator("[data-testid=help]").count() == 0
    assert Response.objects.get().scores["total"] == 1


@pytest.mark.parametrize(("viewport", "locale", "code"), [(PHONE_360, "de-DE", "phq4"), (ZOOM_200, "en-GB", "ipaq_sf")],
                         ids=["phone-de", "zoom-en"])  # fmt: skip
def test_questionnaire_pages_are_accessible(
    world: Any, live_server: Any, browser: Any, viewport: dict[str, int], locale: str, code: str
) -> None:
    world.patient_a.language = locale[:2]  # patient pages speak the patient's language (issue 14, item 6)
    world.patient_a.save(update_fields=["language"])
    coordinator = make_coordinator()
    enrolment = enrol(running_study(make_study(world, coordinator), coordinator), world.patient_a, world.clinician_x)
    target = Assessment.objects.get(enrolment=enrolment, timepoint__code="baseline", instrument=code)
    page = new_page(browser, viewport=viewport, locale=locale)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    problems: list[str] = []
    for path in ("/me/questionnaires/", f"/me/questionnaires/{target.pk}/"):
        page.goto(live_server.url + path)
        page.wait_for_selector("#me")
        problems += [f"{path}: {v}" for v in serious_violations(page)]
        problems += [f"{path}: small target {t}" for t in small_targets(page)]
        if overflows_horizontally(page):
            problems.append(f"{path}: scrolls sideways")
    page.context.close()
    assert not problems, "\n".join(problems)
