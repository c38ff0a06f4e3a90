"""Patient pages on a shared phone (issue 12, item 7). Before: the service worker kept every
page under /me/ (settings with the calendar link, data, export) although they were sent
``no-store``, so after a logout the previous patient's settings page appeared offline; logout
did not send the offline queue first; an entry made on a page cached yesterday carried
yesterday's date; queued entries were not shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backactive.diary.models import PainEntry
from backactive.reminders import services as reminders
from tests.browser.support import log_in, new_page
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CACHED_PAGES = """() => caches.keys()
  .then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))
  .then((lists) => lists.flat().map((r) => new URL(r.url).pathname).filter((p) => p.startsWith('/me/')))"""
QUEUE = """(items) => new Promise((resolve, reject) => {
  const open = indexedDB.open('backactive', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('queue', { keyPath: 'client_id' });
  open.onsuccess = () => {
    const t = open.result.transaction('queue', items ? 'readwrite' : 'readonly');
    const store = t.objectStore('queue');
    const req = items ? null : store.getAll();
    if (items) items.forEach((item) => store.put(item));
    t.oncomplete = () => { open.result.close(); resolve(req ? req.result : null); };
    t.onerror = () => reject(t.error);
  };
})"""
DATABASES = "() => indexedDB.databases().then((all) => all.map((d) => d.name))"


def _offline_ready(page: Any, base: str) -> None:
    """Logged in as patient A with the service worker controlling the diary page."""
    log_in(page, base, "patient_a", PASSWORD)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("() => document.getElementById('me').dataset.queue === '0'")


def _log_out(page: Any) -> None:
    page.click("header.top details.account summary")  # the account menu holds "Log out"
    page.click("header.top form[action$='/accounts/logout/'] button")


def _queued(page: Any, n: int) -> None:
    page.wait_for_function(f"() => document.getElementById('me').dataset.queue === '{n}'")


def test_settings_and_data_pages_are_never_kept_on_the_phone(world: Any, live_server: Any, browser: Any) -> None:
    own = reminders.reminders_update(patient=world.patient_a, weekdays=[0, 3], time=dt.time(18), calendar_enabled=True,
                                     email_enabled=False, email_after_days=3)
    page = new_page(browser)
    _offline_ready(page, live_server.url)
    page.goto(f"{live_server.url}/me/settings/")
    assert own.calendar_token in page.content()  # the settings page carries the calendar link
    for path in ("/me/data/", "/me/progress/", "/me/"):
        page.goto(f"{live_server.url}{path}")
    cached = page.evaluate(CACHED_PAGES)
    assert "/me/" in cached
    assert not any(p.startswith(("/me/settings", "/me/data")) for p in cached), cached

    # Offline, the settings page (visited before) and a page never visited show the diary.
    page.context.set_offline(True)
    for path in ("/me/settings/", "/me/data/", "/me/plan/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector("form.pain-form")
        assert own.calendar_token not in page.content()
    page.context.close()


def test_logout_sends_the_queue_then_clears_the_phone(world: Any, live_server: Any, browser: Any) -> None:
    page = new_page(browser)
    _offline_ready(page, live_server.url)
    today = timezone.localdate().isoformat()
    entry = {"client_id": "0b9c1c55-0d1e-4a57-9d49-2f1f7f6a1c01", "kind": "pain", "date": today, "pain": 6,
             "scale": "numeric"}
    # An entry still waiting on the phone (the page has not noticed it yet).
    page.evaluate(QUEUE, [{"client_id": entry["client_id"], "patient": str(world.patient_a.pk), "entry": entry}])
    responses: list[Any] = []
    page.on("response", lambda r: responses.append(r) if r.url.endswith("/accounts/logout/") else None)
    _log_out(page)
    page.wait_for_url("**/accounts/login/**")
    assert list(PainEntry.objects.filter(patient=world.patient_a).values_list("pain", flat=True)) == [6]
    assert responses and responses[0].header_value("clear-site-data") == '"cache", "storage"'
    assert page.evaluate(CACHED_PAGES) == []
    assert "backactive" not in page.evaluate(DATABASES)

    # The next person on this phone, offline, gets nothing of the patient.
    page.context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017  (no page at all: the browser's network error)
        page.goto(f"{live_server.url}/me/settings/")
    page.context.close()


def test_offline_logout_warns_and_lets_the_patient_wait(world: Any, live_server: Any, browser: Any) -> None:
    page = new_page(browser)
    _offline_ready(page, live_server.url)
    page.context.set_offline(True)
    page.click("form.pain-form button[value='4']")
    _queued(page, 1)
    _log_out(page)
    warning = page.locator("#logout-warning")
    warning.wait_for(state="visible")
    assert "1" in warning.inner_text()
    page.click("#logout-warning button[data-logout=wait]")
    assert "/me/" in page.url
    assert not PainEntry.objects.filter(patient=world.patient_a).exists()

    # Back online: the entry is sent first, then the patient is logged out.
    page.context.set_offline(False)
    page.wait_for_url("**/accounts/login/**")
    assert list(PainEntry.objects.filter(patient=world.patient_a).values_list("pain", flat=True)) == [4]
    assert page.evaluate(CACHED_PAGES) == []
    page.context.close()


def test_offline_logout_can_stay_logged_in(world: Any, live_server: Any, browser: Any) -> None:
    page = new_page(browser)
    _offline_ready(page, live_server.url)
    page.context.set_offline(True)
    page.click("form.pain-form button[value='2']")
    _queued(page, 1)
    _log_out(page)
    page.locator("#logout-warning").wait_for(state="visible")
    page.click("#logout-warning button[data-logout=cancel]")
    page.locator("#logout-warning").wait_for(state="hidden")
    page.context.set_offline(False)
    _queued(page, 0)
    assert "/me/" in page.url  # still logged in, the entry sent
    assert PainEntry.objects.filter(patient=world.patient_a).count() == 1
    page.context.close()


def test_queued_entries_show_as_being_sent(world: Any, live_server: Any, browser: Any) -> None:
    page = new_page(browser)
    _offline_ready(page, live_server.url)
    page.context.set_offline(True)
    page.click("form.pain-form button[value='5']")
    _queued(page, 1)
    pending = page.locator("[data-testid=entries] li.pending")
    pending.wait_for()
    assert "wird gesendet" in pending.inner_text() and "5" in pending.inner_text()
    page.reload()  # the cached page shows it too
    page.locator("[data-testid=entries] li.pending").wait_for()
    page.context.set_offline(False)
    _queued(page, 0)
    page.wait_for_function("() => !document.querySelector('[data-testid=entries] li.pending')")
    assert PainEntry.objects.filter(patient=world.patient_a).count() == 1
    page.context.close()


def test_an_offline_entry_carries_the_date_of_the_tap(world: Any, live_server: Any, browser: Any,
                                                        monkeypatch: Any) -> None:
    today = timezone.localdate()
    page = new_page(browser, timezone_id="Europe/Berlin")
    log_in(page, live_server.url, "patient_a", PASSWORD)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    # The diary page the phone keeps was made yesterday.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today - dt.timedelta(days=1))
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    monkeypatch.undo()
    page.context.set_offline(True)
    page.reload()  # yesterday's copy
    page.wait_for_selector("form.pain-form")
    page.click("form.pain-form button[value='5']")
    _queued(page, 1)
    page.context.set_offline(False)
    _queued(page, 0)
    assert list(PainEntry.objects.filter(patient=world.patient_a).values_list("date", flat=True)) == [today]
    page.context.close()
