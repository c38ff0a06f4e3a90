/* A questionnaire on the phone, one question per screen. Every answer is kept on this device at
   once (localStorage, under this patient and questionnaire) and sent to the server whenever there
   is a connection, so a questionnaire can be left and resumed, online or offline, here or on
   another device. Without JavaScript the same form shows every question and posts normally. */
(function () {
  "use strict";
  const form = document.querySelector("form[data-questionnaire]");
  if (!form) return;
  const screens = Array.from(form.querySelectorAll(".q-screen"));
  const key = form.dataset.key;
  const status = document.getElementById("sync-status");
  const back = form.querySelector("[data-back]"), next = form.querySelector("[data-next]");
  const finish = form.querySelector("[data-finish]"), progress = form.querySelector("[data-progress]");
  let current = 0, inflight = null, complete = false;

  function say(text) { if (status) status.textContent = text; }

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function store(data) {
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or off: the server copy stays */ }
  }

  function valueOf(screen) {
    const checked = screen.querySelector("input[type=radio]:checked");
    if (checked) return parseInt(checked.value, 10);
    const hours = screen.querySelector("input[data-hours]"), minutes = screen.querySelector("input[data-minutes]");
    if (hours || minutes) {
      const h = hours && hours.value !== "" ? parseInt(hours.value, 10) : null;
      const m = minutes && minutes.value !== "" ? parseInt(minutes.value, 10) : null;
      if (h === null && m === null) return null;
      return (h || 0) * 60 + (m || 0);
    }
    const number = screen.querySelector("input[type=number]");
    return number && number.value !== "" ? parseInt(number.value, 10) : null;
  }

  function setValue(screen, value) {
    const radio = screen.querySelector(`input[type=radio][value="${value}"]`);
    if (radio) { radio.checked = true; return; }
    const hours = screen.querySelector("input[data-hours]"), minutes = screen.querySelector("input[data-minutes]");
    if (hours && minutes) { hours.value = Math.floor(value / 60); minutes.value = value % 60; return; }
    const number = screen.querySelector("input[type=number]");
    if (number) number.value = value;
  }

  function answers() {
    const out = {};
    screens.forEach((s) => { const v = valueOf(s); if (v !== null && !Number.isNaN(v)) out[s.dataset.key] = v; });
    screens.forEach((s) => { if (s.dataset.zeroSkips && out[s.dataset.key] === 0) out[s.dataset.zeroSkips] = 0; });
    return out;
  }

  function skipped(index) {
    const item = screens[index].dataset.key;
    return screens.some((s) => s.dataset.zeroSkips === item && valueOf(s) === 0);
  }

  function show(index) {
    current = index;
    screens.forEach((s, i) => { s.hidden = i !== index; });
    const shown = screens.filter((s, i) => !skipped(i));
    progress.hidden = false;
    progress.textContent = form.dataset.msgProgress
      .replace("{n}", String(shown.indexOf(screens[index]) + 1)).replace("{total}", String(shown.length));
    back.hidden = index === 0;
    const last = screens.slice(index + 1).every((s, i) => skipped(index + 1 + i));
    next.hidden = last;
    finish.hidden = !last;
    const first = screens[index].querySelector("input");
    if (first && document.activeElement !== document.body) first.focus();
  }

  function step(direction) {
    let i = current + direction;
    while (i >= 0 && i < screens.length && skipped(i)) i += direction;
    if (i >= 0 && i < screens.length) show(i);
  }

  function csrfToken() {
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // Send what is kept on the device; true when the server has the whole questionnaire. One
  // request at a time: a call while one is on its way waits for it and then sends what is newest.
  function send() {
    if (complete) return Promise.resolve(true);
    if (inflight) return inflight.then(() => send(), () => send());
    const kept = load();
    if (!kept.answers || !Object.keys(kept.answers).length) return Promise.resolve(false);
    inflight = fetch(form.dataset.saveUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify({ answers: kept.answers }),
    }).then((response) => {
      const type = response.headers.get("Content-Type") || "";
      if (response.status === 400 && type.includes("application/json")) {
        return response.json().then((body) => { say(body.error || ""); return false; });
      }
      if (!response.ok || !type.includes("application/json")) {
        if (response.status === 403 || response.redirected) say(form.dataset.msgLogin);
        throw new Error("not accepted");
      }
      return response.json().then((body) => {
        if (body.complete) { complete = true; localStorage.removeItem(key); return true; }
        const now = load();  // answers given while this was on its way stay waiting
        if (JSON.stringify(now.answers) === JSON.stringify(kept.answers)) store({ answers: now.answers, sent: true });
        return false;
      });
    }).finally(() => { inflight = null; });
    return inflight;
  }

  function remember() {
    store({ answers: answers(), sent: false });
    if (navigator.onLine !== false) send().catch(() => {});
  }

  form.addEventListener("change", remember);
  form.addEventListener("input", (event) => { if (event.target.matches("input[type=number]")) remember(); });
  back.addEventListener("click", () => step(-1));
  next.addEventListener("click", () => {
    if (valueOf(screens[current]) === null) { say(form.dataset.msgChoose); return; }
    say("");
    step(1);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    remember();
    if (navigator.onLine === false) { say(form.dataset.msgQueued); return; }
    send().then((complete) => {
      if (complete) window.location.assign(form.dataset.doneUrl);
      else if (Object.keys(answers()).length < screens.length) say(form.dataset.msgMissing);
    }).catch(() => say(form.dataset.msgQueued));
  });
  window.addEventListener("online", () => {
    send().then((complete) => { if (complete) window.location.assign(form.dataset.doneUrl); }).catch(() => {});
  });

  // Resume: what this device kept wins over the server's copy (it is newer or not yet sent).
  const kept = load();
  Object.entries(kept.answers || {}).forEach(([item, value]) => {
    const screen = screens.find((s) => s.dataset.key === item);
    if (screen) setValue(screen, value);
  });
  form.classList.add("stepped");
  const open = screens.findIndex((s, i) => valueOf(s) === null && !skipped(i));
  show(open === -1 ? screens.length - 1 : open);
  if (kept.answers && kept.sent === false && navigator.onLine !== false) {
    send().then((complete) => { if (complete) window.location.assign(form.dataset.doneUrl); }).catch(() => {});
  }
})();
