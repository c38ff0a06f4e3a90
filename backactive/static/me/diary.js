/* The patient's diary on the phone: every entry first goes into an IndexedDB queue under the id
   its form carries (made by the server for each form on the page), then to the server
   (/me/sync/) whenever there is a connection. The server stores each id once, so a double tap
   or a re-send after a dropped answer cannot create a double entry; a form gets a new id only
   once its entry is stored or queued. Without JavaScript the forms post normally with the same ids.

   On a shared phone, logging out first sends what waits in the queue (offline it warns and lets
   the patient wait), then clears the saved pages, the queue and the service worker's copies. */
(function () {
  "use strict";
  const root = document.getElementById("me");
  if (!root || !window.indexedDB) return;
  const patient = root.dataset.patient;
  const DB_NAME = "backactive", STORE = "queue", BATCH = 200, RETRY_MS = 5000, SETTLE_MS = 1500;
  let running = null;
  let leaving = null; // the logout form, while the patient waits for the queue to be sent

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Plain-HTTP pages have no randomUUID; getRandomValues works everywhere.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // The phone's own date at the moment of the tap (a page kept offline may be from yesterday).
  function localToday() {
    const d = new Date(), pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "client_id" });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function withStore(mode, work) {
    return openDb().then((db) => new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = work(t.objectStore(STORE));
      t.oncomplete = () => { db.close(); resolve(req ? req.result : undefined); };
      t.onerror = () => { db.close(); reject(t.error); };
    }));
  }

  // Only this patient's entries: on a shared device another login must never send them.
  function pending() {
    return withStore("readonly", (s) => s.getAll()).then((all) => all.filter((q) => q.patient === patient));
  }

  // The status line is a toast above the bottom navigation, announced (aria-live). A
  // confirmation goes away after a while; "waiting to be sent" stays while entries wait.
  let hideTimer = null;
  function say(text) {
    const status = document.getElementById("sync-status");
    status.textContent = text;
    clearTimeout(hideTimer);
    if (text === root.dataset.msgSaved || text === root.dataset.msgDeleted || text === root.dataset.msgSent) {
      hideTimer = setTimeout(() => { if (status.textContent === text) status.textContent = ""; }, 8000);
    }
  }

  // Entries still waiting are listed with the day's entries as "being sent".
  function showPending(items) {
    const list = document.querySelector("[data-testid=entries]");
    if (!list) return;
    list.querySelectorAll("li.pending").forEach((li) => li.remove());
    const day = list.dataset.today !== undefined ? localToday() : list.dataset.day;
    items.filter((q) => q.entry.date === day).forEach((q) => {
      const li = document.createElement("li");
      li.className = "pending";
      if (q.entry.kind === "activity") li.dataset.minutes = String(q.entry.minutes);
      li.textContent = (q.label || "") + " · " + root.dataset.msgPending;
      list.appendChild(li);
    });
    const empty = list.querySelector("li.empty");
    if (empty) empty.hidden = list.querySelector("li.pending") !== null;
  }

  function showCount() {
    return pending().then((items) => {
      root.dataset.queue = String(items.length);
      showPending(items);
      return items.length;
    });
  }

  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  function entryFrom(form, submitter) {
    const data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    const get = (k) => (data.get(k) || "").toString();
    const id = get("client_id");
    const entry = { client_id: UUID.test(id) ? id : uuid4(), kind: get("kind"), date: get("date") };
    if (form.dataset.today !== undefined) entry.date = localToday();
    let label;
    if (entry.kind === "pain") {
      entry.pain = parseInt(get("pain"), 10);
      entry.scale = get("scale");
      label = root.dataset.msgPain.replace("{n}", String(entry.pain));
    } else {
      entry.activity = get("activity");
      entry.minutes = parseInt(get("minutes_custom") || get("minutes"), 10);
      entry.intensity = get("intensity") || "moderate";
      const select = form.querySelector("select[name=activity]");
      const title = select ? select.options[select.selectedIndex].text : entry.activity;
      label = entry.minutes + " " + root.dataset.msgMin + " · " + title;
      // A guided session rides on its one activity entry (exercises done, how it went).
      if (get("session")) entry.session = JSON.parse(get("session"));
    }
    if (get("confirmed")) entry.confirmed = true;
    const confirm = form.querySelector("input[name=confirmed]");
    if (confirm) confirm.checked = false; // a later entry is asked again (the form, or a plan button)
    return { entry: entry, label: label };
  }

  function flushOnce() {
    return pending().then((items) => {
      if (!items.length) return { sent: 0 };
      const batch = items.slice(0, BATCH);
      return fetch(root.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
        body: JSON.stringify({ entries: batch.map((q) => q.entry) }),
      }).then((response) => {
        const type = response.headers.get("Content-Type") || "";
        if (!response.ok || !type.includes("application/json")) {
          if (response.status === 403 || response.redirected) say(root.dataset.msgLogin);
          throw new Error("not accepted");
        }
        return response.json();
      }).then((body) => {
        const problems = [];
        const done = body.results.filter((r) => {
          if (r.status === "invalid") problems.push(Object.values(r.errors || {}).flat().join(" "));
          return ["created", "duplicate", "invalid"].includes(r.status);
        }).map((r) => r.client_id);
        const byId = {};
        body.results.forEach((r) => { byId[r.client_id] = r; });
        return withStore("readwrite", (s) => { done.forEach((id) => s.delete(id)); return null; })
          .then(() => ({ sent: done.length, problems: problems, results: byId }));
      });
    });
  }

  // One send at a time; a send asked for meanwhile runs after it (it may find new entries).
  function flush() {
    const next = (running || Promise.resolve()).catch(() => null).then(flushOnce);
    const tracked = next.catch(() => null).then(() => { if (running === tracked) running = null; });
    running = tracked;
    return next;
  }

  // The day's parts that change after a save (goal, plan ticks, the day's entries) come back
  // from the server as htmx out-of-band swaps: the page stays where it is, no reload.
  function refreshDay() {
    if (!window.htmx) { location.reload(); return Promise.resolve(); }
    return htmx.ajax("GET", location.pathname + location.search, { target: "#sync-status", swap: "none" });
  }

  function formError(form, text) {
    const slot = form && form.querySelector("[data-form-error]");
    if (!slot) { say(text); return; }
    slot.textContent = text;
    slot.setAttribute("tabindex", "-1");
    // The least scrolling that shows the message: the patient stays at the form they used.
    slot.scrollIntoView({ block: "nearest" });
    slot.focus({ preventScroll: true });
  }

  function sendNow(form, entry) {
    return flush().then((result) => {
      const mine = entry && result.results ? result.results[entry.client_id] : null;
      if (leaving) {
        return showCount().then((n) => (n ? n : logout(leaving)));
      }
      if (mine && mine.status === "invalid") {
        // A long day the page could not see (entries from another device): the server asks, the box shows.
        const box = form && mine.errors && mine.errors.confirmed ? form.querySelector("[data-confirm]") : null;
        if (box) { box.hidden = false; form.dataset.asking = "1"; showWillSave(form); }
        formError(form, root.dataset.msgInvalid + " " + Object.values(mine.errors || {}).flat().join(" "));
      } else if (result.problems && result.problems.length) {
        say(root.dataset.msgInvalid + " " + result.problems.join(" "));
      } else if (entry && result.sent && form && form.dataset.next) {
        // The guided session: once its one entry is sent, on to the plan page.
        location.href = form.dataset.next;
        return;
      } else if (entry && result.sent) {
        if (form) {
          const slot = form.querySelector("[data-form-error]");
          if (slot) slot.textContent = "";
          const custom = form.querySelector("input[name=minutes_custom]");
          if (custom) { custom.value = ""; showWillSave(form); }
        }
        return refreshDay().then(() => { say(root.dataset.msgSaved); return showCount(); });
      } else if (result.sent) {
        say(root.dataset.msgSent);
        return refreshDay().then(showCount);
      }
      return showCount();
    }).catch(() => {
      if (entry) say(root.dataset.msgQueued);
      return showCount();
    });
  }

  // Deleting an entry (or undoing a tick) needs the connection; the page stays in place.
  function deleteNow(form) {
    return fetch(form.action, {
      method: "POST", credentials: "same-origin", body: new FormData(form),
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    }).then((response) => {
      if (!response.ok) throw new Error("not deleted");
      return refreshDay().then(() => say(root.dataset.msgDeleted));
    }).catch(() => say(root.dataset.msgOffline));
  }

  // Logging out on a shared phone: nothing of this patient may stay behind. The server's answer
  // also says so (Clear-Site-Data); this covers browsers that ignore that header.
  function clearDevice() {
    const jobs = [];
    if (window.caches) jobs.push(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
    jobs.push(new Promise((resolve) => {
      const req = indexedDB.deleteDatabase(DB_NAME);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    }));
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "logout" });
    }
    return Promise.all(jobs).catch(() => null);
  }

  function logout(form) {
    leaving = null;
    return clearDevice().then(() => HTMLFormElement.prototype.submit.call(form));
  }

  function warn(count, form) {
    const box = document.getElementById("logout-warning");
    if (!box) return logout(form);
    document.querySelectorAll("details.menu[open]").forEach((menu) => { menu.open = false; });
    box.querySelector("[data-count]").textContent = root.dataset.msgUnsent.replace("{n}", String(count));
    box.hidden = false;
    box.querySelector("button[data-logout=wait]").focus();
    box.onclick = (event) => {
      const choice = event.target.closest("button[data-logout]");
      if (!choice) return;
      box.hidden = true;
      if (choice.dataset.logout === "wait") {
        leaving = form;
        say(root.dataset.msgWaiting);
        sendNow(null, null);
      } else if (choice.dataset.logout === "now") {
        logout(form);
      } else {
        leaving = null;
      }
    };
  }

  function renew(form) {
    const field = form.querySelector("input[data-client-id]");
    if (field) field.value = uuid4();
    const box = form.querySelector("[data-confirm]");
    if (box && !form.dataset.asking) box.hidden = true;
    delete form.dataset.asking;
    delete form.dataset.busy;
  }

  // Minutes: a chip and the "other" field never disagree. The last choice wins (the other one
  // is cleared), and the line above the button says what will be saved.
  const LONG_DAY = 300;
  function minutesOf(form) {
    const custom = form.querySelector("input[name=minutes_custom]");
    // A plan button's minutes are fixed (a hidden field).
    const chip = form.querySelector("input[name=minutes]:checked, input[type=hidden][name=minutes]");
    return parseInt((custom && custom.value) || (chip && chip.value) || "", 10);
  }

  function showWillSave(form) {
    const line = form.querySelector("[data-will-save]");
    if (!line) return;
    const minutes = minutesOf(form);
    line.textContent = minutes > 0 ? root.dataset.msgWillSave.replace("{n}", String(minutes)) : "";
  }

  document.addEventListener("input", (event) => {
    const field = event.target;
    const form = field.form;
    if (!form || !form.matches(".activity-form")) return;
    if (field.name === "minutes_custom" && field.value !== "") {
      form.querySelectorAll("input[name=minutes]").forEach((chip) => { chip.checked = false; });
    } else if (field.name === "minutes") {
      form.querySelector("input[name=minutes_custom]").value = "";
    }
    showWillSave(form);
  });
  document.addEventListener("change", (event) => {
    if (event.target.form && event.target.form.matches(".activity-form")) showWillSave(event.target.form);
  });

  // More than 5 hours on the day (what the page lists, waiting entries included): the patient
  // confirms it first; the entry then carries confirmed: true (the server asks otherwise).
  function needsConfirming(form, entry) {
    if (entry.kind !== "activity" || entry.confirmed) return false;
    const listed = Array.from(document.querySelectorAll("[data-testid=entries] li[data-minutes]"))
      .reduce((sum, li) => sum + parseInt(li.dataset.minutes, 10), 0);
    const total = listed + entry.minutes;
    const box = form.querySelector("[data-confirm]");
    if (total <= LONG_DAY || !box) return false;
    box.hidden = false;
    showWillSave(form); // a plan button says what it will save, as the activity form does
    formError(form, root.dataset.msgConfirm.replace("{n}", String(total)));
    // The question stays in view (focusing the box would scroll it away); the box is next to tick.
    box.querySelector("input").focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("form[action$='/accounts/logout/']")) {
      event.preventDefault();
      flush().catch(() => null).then(() => pending()).catch(() => [])
        .then((items) => (items.length ? warn(items.length, form) : logout(form)));
      return;
    }
    if (form.matches("form[data-delete]")) {
      event.preventDefault();
      deleteNow(form);
      return;
    }
    if (!form.matches("form[data-entry]")) return;
    event.preventDefault();
    // The second tap of a double tap: the first one's entry is being stored under the same id.
    if (form.dataset.busy) return;
    const made = entryFrom(form, event.submitter);
    if (needsConfirming(form, made.entry)) return;
    form.dataset.busy = "1";
    const slot = form.querySelector("[data-form-error]");
    if (slot) slot.textContent = "";
    const entry = made.entry;
    withStore("readwrite", (s) => s.put({ client_id: entry.client_id, patient: patient, entry: entry, label: made.label }))
      .then(() => showCount())
      .then(() => (navigator.onLine === false ? (say(root.dataset.msgQueued), null) : sendNow(form, entry)))
      .finally(() => setTimeout(() => renew(form), SETTLE_MS));
  });

  // The slider says its value aloud and beside it (no inline handlers: the CSP forbids them).
  document.addEventListener("input", (event) => {
    const slider = event.target;
    if (!slider.matches || !slider.matches("input[data-vas]")) return;
    slider.setAttribute("aria-valuetext", slider.value);
    const out = slider.form.querySelector("output");
    if (out) out.value = slider.value;
  });

  window.addEventListener("online", () => sendNow(null, null));
  setInterval(() => { if (leaving || (root.dataset.queue && root.dataset.queue !== "0")) sendNow(null, null); },
    RETRY_MS);

  showCount().then((n) => { if (n) sendNow(null, null); });

  if ("serviceWorker" in navigator && root.dataset.swUrl) {
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: "/me/" }).catch(() => {});
  }
})();
