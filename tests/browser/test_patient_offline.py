"""The offline round trip: the diary page works without a connection, entries wait on the
phone, and when the connection returns each entry reaches the server exactly once."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.diary.models import ActivityEntry, PainEntry, Source
from tests.browser.support import log_in, new_page
from tests.conftest import PASSWORD
from tests.consultations.factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CACHED_PAGES = """() => caches.keys()
  .then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))
  .then((lists) => lists.flat().map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/me/')))"""
STORE = """(items) => new Promise((resolve, reject) => {
  const open = indexedDB.open('backactive', 1);
  open.onsuccess = () => {
    const t = open.result.transaction('queue', items ? 'readwrite' : 'readonly');
    const store = t.objectStore('queue');
    const req = items ? null : store.getAll();
    if (items) items.forEach((item) => store.put(item));
    t.oncomplete = () => { open.result.close(); resolve(req ? req.result : null); };
    t.onerror = () => reject(t.error);
  };
})"""


def _queue_is(page: Any, n: int) -> None:
    page.wait_for_function(
        f"() => document.getElementById('me') && document.getElementById('me').dataset.queue === '{n}'"
    )


def test_entries_made_offline_arrive_once(world: Any, live_server: Any, browser: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    page = new_page(browser)
    log_in(page, live_server.url, "patient_a", PASSWORD)
    # Once the service worker controls the page, the diary is kept for offline use.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    _queue_is(page, 0)

    page.context.set_offline(True)
    page.reload()  # served by the service worker now
    page.wait_for_selector("form.pain-form")
    page.click("form.pain-form button[value='3']")
    _queue_is(page, 1)
    page.select_option("#activity", "walking")
    page.check("input[name=minutes][value='30']")
    page.check("input[name=intensity][value='light']")
    page.click("form.activity-form button[type=submit]")
    _queue_is(page, 2)
    page.click("ul.doables form:has(input[value='bridge']) button")
    _queue_is(page, 3)
    assert page.locator("#sync-status").inner_text() == page.locator("#me").get_attribute("data-msg-queued")
    assert not PainEntry.objects.filter(patient=world.patient_a).exists()
    queued = page.evaluate(STORE, None)
    assert len({q["client_id"] for q in queued}) == 3

    page.context.set_offline(False)
    _queue_is(page, 0)
    pain = list(PainEntry.objects.filter(patient=world.patient_a).values_list("pain", "source"))
    activity = sorted(
        ActivityEntry.objects.filter(patient=world.patient_a).values_list("activity", "minutes", "intensity")
    )
    assert pain == [(3, Source.PATIENT)]
    assert activity == [("bridge", 10, "moderate"), ("walking", 30, "light")]

    # The phone sending the same entries again (say the answer was lost) changes nothing.
    page.evaluate(STORE, queued)
    page.reload()
    _queue_is(page, 0)
    assert PainEntry.objects.filter(patient=world.patient_a).count() == 1
    assert ActivityEntry.objects.filter(patient=world.patient_a).count() == 2

    # Logging out removes the saved copies of the personal pages from the device.
    assert page.evaluate(CACHED_PAGES)
    page.click("header.top details.account summary")  # the account menu holds "Log out"
    page.click("header.top form[action$='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(CACHED_PAGES) == []
    page.context.close()
