/* Exercise animations on the patient pages: SMIL inside the inline SVG, so they run under the
   Content Security Policy without inline style. People who prefer reduced motion get the first
   picture and a button to play; everybody can pause (WCAG 2.2.2). */
"use strict";
(function () {
  const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  document.querySelectorAll(".exercise-animation").forEach((figure) => {
    const svg = figure.querySelector("svg");
    const button = figure.querySelector("button.play");
    if (!svg || !button || !svg.pauseAnimations) return;
    function show(playing) {
      button.setAttribute("aria-pressed", playing ? "true" : "false");
      button.textContent = playing ? figure.dataset.pause : figure.dataset.play;
    }
    if (still) { svg.pauseAnimations(); svg.setCurrentTime(0); }
    show(!still);
    button.addEventListener("click", () => {
      const playing = !svg.animationsPaused();
      if (playing) { svg.pauseAnimations(); } else { svg.unpauseAnimations(); }
      show(!playing);
    });
  });
})();
