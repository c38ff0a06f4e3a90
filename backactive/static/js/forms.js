/* Form behaviour on every page (no inline handlers: the CSP forbids them).
   - After a failed submit (a full page or an htmx swap) focus and scroll go to the first field
     with an error; each message is tied to its field (aria-describedby) and announced.
   - Chip pickers ([data-picker]): a search box filters a long list of checkable chips.
   Everything works without JavaScript too: the messages sit beside their fields anyway. */
(function () {
  "use strict";

  function linkErrors(scope) {
    scope.querySelectorAll(".field").forEach((field, n) => {
      const errors = field.querySelectorAll(".error");
      if (!errors.length) return;
      const controls = field.querySelectorAll("input:not([type=hidden]), select, textarea");
      const ids = [];
      errors.forEach((e, k) => { if (!e.id) e.id = "field-error-" + n + "-" + k; ids.push(e.id); });
      controls.forEach((c) => {
        const own = (c.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !ids.includes(x));
        c.setAttribute("aria-describedby", own.concat(ids).join(" "));
        c.setAttribute("aria-invalid", "true");
      });
    });
  }

  function focusFirstError(scope) {
    const first = scope.querySelector(
      ".has-error input:not([type=hidden]), .has-error select, .has-error textarea, [aria-invalid=true], .errors, [data-error-focus]"
    );
    if (!first) return;
    if (!first.matches("input, select, textarea, button, a[href]")) first.setAttribute("tabindex", "-1");
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
  }

  function setUpPickers(scope) {
    scope.querySelectorAll("[data-picker]").forEach((picker) => {
      if (picker.dataset.ready) return;
      picker.dataset.ready = "1";
      const search = picker.querySelector(".picker-search");
      const count = picker.querySelector(".picker-count");
      const chips = Array.from(picker.querySelectorAll(".chip"));
      const norm = (s) => s.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      function filter() {
        const q = norm(search.value.trim());
        let shown = 0;
        chips.forEach((chip) => {
          const hit = !q || norm(chip.textContent).includes(q) || chip.querySelector("input").checked;
          chip.hidden = !hit;
          if (hit) shown += 1;
        });
        if (count) count.textContent = count.dataset.template.replace("{n}", String(shown));
      }
      search.hidden = false;
      search.addEventListener("input", filter);
      // Enter in the search box ticks the only match instead of submitting the form.
      search.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        const visible = chips.filter((c) => !c.hidden && !c.querySelector("input").checked);
        if (visible.length === 1) { visible[0].querySelector("input").checked = true; search.value = ""; filter(); }
      });
      filter();
    });
  }

  function enhance(scope) {
    linkErrors(scope);
    setUpPickers(scope);
  }

  document.addEventListener("DOMContentLoaded", () => {
    enhance(document);
    focusFirstError(document);
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    const scope = event.detail.elt || document;
    enhance(scope);
    focusFirstError(scope);
  });
})();
