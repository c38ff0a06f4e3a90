/* The guided session: today's exercises one by one (animation, dose, a timer or a repetition
   counter, easier/harder), then "Wie ging es?". Everything is in the page, so it runs offline
   once the page is on the phone. Finishing submits one diary entry through the diary's offline
   queue (diary.js) with its own random id: it reaches the server exactly once, whenever the
   connection is back. No inline script or style: the CSP forbids them. */
"use strict";
(function () {
  const root = document.getElementById("session");
  if (!root) return;
  const steps = Array.from(root.querySelectorAll(".session-step"));
  const done = root.querySelector(".session-done");
  const form = root.querySelector("form.session-form");
  let index = 0;
  let timer = null;
  const levels = {};  // code -> level chosen for this session

  function show(i) {
    index = i;
    steps.forEach((step, n) => { step.hidden = n !== i; });
    done.hidden = i < steps.length;
    root.dataset.step = String(i);
    const heading = i < steps.length ? steps[i].querySelector("h2") : done.querySelector("h2");
    if (heading) heading.focus();
  }

  function level(step) {
    return parseInt(step.dataset.level, 10);
  }

  function setLevel(step, value) {
    step.dataset.level = String(value);
    levels[step.dataset.code] = value;
    step.querySelectorAll(".level-card").forEach((card) => { card.hidden = parseInt(card.dataset.level, 10) !== value; });
    // A practice's own exercise has one card only: nothing easier or harder.
    const has = (n) => step.querySelector(".level-card[data-level='" + n + "']") !== null;
    step.querySelector("button.easier").disabled = !has(value - 1);
    step.querySelector("button.harder").disabled = !has(value + 1);
    resetCounter(step);
  }

  function card(step) {
    return step.querySelector(".level-card[data-level='" + level(step) + "']");
  }

  function resetCounter(step) {
    if (timer) { clearInterval(timer); timer = null; }
    const c = card(step);
    const out = step.querySelector(".counter output");
    const hold = parseInt(c.dataset.hold || "0", 10);
    const reps = parseInt(c.dataset.reps || "0", 10);
    step.dataset.count = "0";
    out.value = reps ? "0 / " + reps : (hold ? hold + " s" : "");
    step.querySelector("button.count").hidden = !reps;
    step.querySelector("button.timer").hidden = reps || !hold;
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !root.contains(button)) return;
    const step = button.closest(".session-step");
    if (button.classList.contains("easier")) setLevel(step, level(step) - 1);
    else if (button.classList.contains("harder")) setLevel(step, level(step) + 1);
    else if (button.classList.contains("next")) { if (timer) clearInterval(timer); show(index + 1); }
    else if (button.classList.contains("back")) show(Math.max(0, index - 1));
    else if (button.classList.contains("count")) {
      const reps = parseInt(card(step).dataset.reps, 10);
      const n = Math.min(parseInt(step.dataset.count, 10) + 1, reps);
      step.dataset.count = String(n);
      step.querySelector(".counter output").value = n + " / " + reps;
    } else if (button.classList.contains("timer")) {
      if (timer) return;
      let left = parseInt(card(step).dataset.hold, 10);
      const out = step.querySelector(".counter output");
      timer = setInterval(() => {
        left -= 1;
        out.value = Math.max(left, 0) + " s";
        if (left <= 0) { clearInterval(timer); timer = null; }
      }, 1000);
    }
  });

  // Runs before diary.js (which listens on the document and queues the entry): fills in what
  // was done, and lets only the first answer through, however often a button is pressed.
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent) { event.preventDefault(); event.stopPropagation(); return; }
    form.dataset.sent = "1";
    const felt = event.submitter ? event.submitter.value : "";
    const exercises = steps.map((step) => ({ code: step.dataset.code, level: level(step) }));
    const minutes = steps.reduce((sum, step) => sum + parseInt(card(step).dataset.minutes, 10), 0);
    form.querySelector("input[name=minutes]").value = String(Math.max(1, minutes));
    form.querySelector("input[name=session]").value = JSON.stringify({ felt: felt, exercises: exercises });
    root.dataset.finished = felt;
  });

  steps.forEach((step) => setLevel(step, level(step)));
  show(0);
})();
