"""Checks for the layout test (tests/browser/test_layout.py): which pages each role can open,
and what counts as horizontal overflow.

The pages are derived from the URL access table (tests/accounts/test_url_access.py), so a new
page is checked as soon as it has an access rule; a new URL parameter needs a value in
``page_url`` and a new download in ``NOT_PAGES``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.accounts.test_url_access import ACCESS, PATTERNS

# Rules under which a role opens an HTML page with GET (see RULES in the access test).
PAGE_RULES = {
    "staff": {"staff_object", "staff_list", "home"},
    "admin": {"staff_object", "staff_list", "admin_object", "home"},
    "coordinator": {"coordinator_object", "home"},
    # patient_a_only: the patient's own questionnaire (patient A in the access test)
    "patient": {"patient_self", "patient_a_only", "home"},
}
# GET addresses that answer with something other than a page, or only redirect.
NOT_PAGES = {
    "core:home",  # a redirect to the role's start page
    "me:export", "privacy:my_export", "privacy:patient_export", "interop:fhir_bundle",  # downloads
    "me:calendar_download", "studies:export", "studies:codebook",
    "interop:gdt_launch",  # 204 without a pending launch
    "security:otp_verify",  # only during a two-step login
}


def page_names(kind: str) -> list[str]:
    return sorted(
        name for name, (method, rule) in ACCESS.items()
        if method == "get" and rule in PAGE_RULES[kind] and name not in NOT_PAGES
    )


def page_url(name: str, values: dict[str, Any]) -> str:
    params = PATTERNS[name]
    unknown = params - set(values)
    assert not unknown, f"{name}: give the layout test a value for URL parameter(s) {unknown}"
    return reverse(name, kwargs={k: values[k] for k in params})


# Any element wider than its container, or sticking out of it to the left or right, unless the
# container scrolls on purpose (overflow-x auto or scroll); text running out of a box; SVG
# text outside its drawing (clipped labels). The page itself never scrolls sideways.
OVERFLOW_JS = """() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) found.push(`page is ${root.scrollWidth}px wide`);
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).slice(0, 2);
    if (cls.length) s += '.' + cls.join('.');
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  const shown = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.display === 'none' || cs.visibility === 'hidden') return false;
      if (a.tagName === 'DETAILS' && !a.open && a !== el && !(el.closest('summary'))) return false;
      // visually hidden (a 1 px clipped box): for screen readers only
      if (cs.overflow === 'hidden' && a.getBoundingClientRect().width <= 1) return false;
    }
    return true;
  };
  const container = (el) => {
    let p = el.parentElement;
    while (p && ['inline', 'contents'].includes(getComputedStyle(p).display)) p = p.parentElement;
    return p;
  };
  // Grid and flex items that grow past their track run into their neighbours.
  for (const box of document.body.querySelectorAll('*')) {
    const d = getComputedStyle(box).display;
    if (!/grid|flex/.test(d) || !shown(box)) continue;
    const items = [...box.children].filter((c) => {
      const s = getComputedStyle(c);
      return s.position !== 'absolute' && s.position !== 'fixed' && s.display !== 'none';
    }).map((c) => [c, c.getBoundingClientRect()]).filter(([, r]) => r.width > 1 && r.height > 1);
    for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
      const [a, ra] = items[i], [b, rb] = items[j];
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && h > 1) found.push(`${describe(a)} runs into ${describe(b)} by ${Math.round(w)}px`);
    }
  }
  for (const el of document.body.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    if (cs.position === 'fixed' || cs.position === 'absolute' || cs.display === 'none') continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (el.closest('.visually-hidden, .skip') || !shown(el)) continue;
    if (el instanceof SVGElement && el.tagName.toLowerCase() !== 'svg') {
      const svg = el.ownerSVGElement.getBoundingClientRect();
      if (el.tagName.toLowerCase() === 'text' &&
          (box.left < svg.left - 1 || box.right > svg.right + 1 ||
           box.top < svg.top - 1 || box.bottom > svg.bottom + 1))
        found.push(`${describe(el)} is clipped by its drawing`);
      continue;
    }
    const p = container(el);
    if (!p || p === document.documentElement) continue;
    const ps = getComputedStyle(p);
    if (['auto', 'scroll'].includes(ps.overflowX)) continue;
    const pb = p.getBoundingClientRect();
    const inner = { left: pb.left + parseFloat(ps.borderLeftWidth), right: pb.right - parseFloat(ps.borderRightWidth) };
    if (box.right > inner.right + 1 || box.left < inner.left - 1) {
      found.push(`${describe(el)} overflows ${describe(p).split(' ')[0]} by ` +
                 `${Math.round(Math.max(box.right - inner.right, inner.left - box.left))}px`);
      continue;
    }
    const inline = ['inline', 'contents'].includes(cs.display);
    const control = ['INPUT', 'SELECT', 'TEXTAREA', 'svg', 'IMG', 'BUTTON'].includes(el.tagName);
    if (!inline && !control && cs.overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      found.push(`${describe(el)}: its content is ${el.scrollWidth - el.clientWidth}px too wide`);
  }
  return found;
}"""


def overflow_problems(page: Any) -> list[str]:
    return list(page.evaluate(OVERFLOW_JS))


# Chart text is at least 12 CSS px where it is shown (the drawing is scaled to its box).
SMALL_CHART_TEXT_JS = """() => {
  const found = [];
  for (const svg of document.querySelectorAll('svg.pa-chart')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;  // the other variant, not shown
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < 11.95) { found.push(`chart text "${t.textContent}" is ${px.toFixed(1)}px`); break; }
    }
  }
  return found;
}"""

HEADER_HEIGHT_JS = "() => Math.round(document.querySelector('header.top').getBoundingClientRect().height)"


def legibility_problems(page: Any, *, max_header: int) -> list[str]:
    found = list(page.evaluate(SMALL_CHART_TEXT_JS))
    height = page.evaluate(HEADER_HEIGHT_JS)
    if height > max_header:
        found.append(f"the header is {height}px high (at most {max_header}px: one row)")
    return found
