"""Helpers for the patient browser tests (tests/browser/test_patient_*.py)."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

PHONE = {"width": 360, "height": 740}
# 200 % zoom of a 1280 px wide window lays the page out like a 640 px window.
ZOOM_200 = {"width": 640, "height": 400}

_axe = Axe()


def new_page(browser: Any, *, viewport: dict[str, int] = PHONE, locale: str = "de-DE", **options: Any) -> Any:
    context = browser.new_context(viewport=viewport, locale=locale, service_workers="allow", **options)
    context.set_default_timeout(15000)
    return context.new_page()


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/me/**")


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page, as readable lines."""
    results = _axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


SMALL_TARGETS_JS = """() => {
  const small = [];
  const controls = 'main button, main .button, main select, main input:not([type=hidden]), main .chip, '
    + '.me-nav a, header.top button';
  for (const el of document.querySelectorAll(controls)) {
    const box = (el.closest('label.chip, label.check') || el).getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown (e.g. a closed <details>)
    const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
    if (box.height < 43.5 || box.width < 43.5) small.push(`${el.tagName}.${el.className} ${size}`);
  }
  return small;
}"""


def small_targets(page: Any) -> list[str]:
    """Controls smaller than 44 × 44 CSS px (WCAG 2.5.5's size, asked for by the issue)."""
    return list(page.evaluate(SMALL_TARGETS_JS))


def overflows_horizontally(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"))
