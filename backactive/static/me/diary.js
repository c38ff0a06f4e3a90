/* The patient's diary on the phone: every entry first goes into an IndexedDB queue with its own
   random id, then to the server (/me/sync/) whenever there is a connection. The server stores
   each id once, so re-sending after a dropped answer cannot create a double entry. Without
   JavaScript the forms post normally and carry a server-made id instead. */
(function () {
  "use strict";
  const root = document.getElementById("me");
  if (!root || !window.indexedDB) return;
  const patient = root.dataset.patient;
  const DB_NAME = "backactive", STORE = "queue", BATCH = 200, RETRY_MS = 5000;
  let flushing = false;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // Plain-HTTP pages have no randomUUID; getRandomValues works everywhere.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
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

  function showCount() {
    return pending().then((items) => { root.dataset.queue = String(items.length); return items.length; });
  }

  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function entryFrom(form, submitter) {
    const data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    const get = (k) => (data.get(k) || "").toString();
    const entry = { client_id: uuid4(), kind: get("kind"), date: get("date") };
    if (entry.kind === "pain") {
      entry.pain = parseInt(get("pain"), 10);
      entry.scale = get("scale");
    } else {
      entry.activity = get("activity");
      entry.minutes = parseInt(get("minutes_custom") || get("minutes"), 10);
      entry.intensity = get("intensity") || "moderate";
    }
    return entry;
  }

  function flush() {
    if (flushing) return Promise.resolve();
    flushing = true;
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
    }).finally(() => { flushing = false; });
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
    slot.scrollIntoView({ block: "center" });
    slot.focus({ preventScroll: true });
  }

  function sendNow(form, entry) {
    return flush().then((result) => {
      const mine = entry && result.results ? result.results[entry.client_id] : null;
      if (mine && mine.status === "invalid") {
        formError(form, root.dataset.msgInvalid + " " + Object.values(mine.errors || {}).flat().join(" "));
      } else if (result.problems && result.problems.length) {
        say(root.dataset.msgInvalid + " " + result.problems.join(" "));
      } else if (entry && result.sent) {
        if (form) {
          const slot = form.querySelector("[data-form-error]");
          if (slot) slot.textContent = "";
          const custom = form.querySelector("input[name=minutes_custom]");
          if (custom) custom.value = "";
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

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("form[action$='/accounts/logout/']") && window.caches) {
      // Logging out: the saved copies of the personal pages go first (entries still waiting
      // stay queued for this patient only and are sent at their next login).
      event.preventDefault();
      caches.delete("backactive-me-v1").finally(() => form.submit());
      return;
    }
    if (form.matches("form[data-delete]")) {
      event.preventDefault();
      deleteNow(form);
      return;
    }
    if (!form.matches("form[data-entry]")) return;
    event.preventDefault();
    const entry = entryFrom(form, event.submitter);
    withStore("readwrite", (s) => s.put({ client_id: entry.client_id, patient: patient, entry: entry }))
      .then(() => showCount())
      .then(() => (navigator.onLine === false ? (say(root.dataset.msgQueued), null) : sendNow(form, entry)));
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
  setInterval(() => { if (root.dataset.queue && root.dataset.queue !== "0") sendNow(null, null); }, RETRY_MS);

  showCount().then((n) => { if (n) sendNow(null, null); });

  if ("serviceWorker" in navigator && root.dataset.swUrl) {
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: "/me/" }).catch(() => {});
  }
})();
