"""Printing a plan's handout: the PDF laid out once and printed again from the database.

Typst needs about 12 ms for four pages, more than the whole print may take (issue 16, item 7:
10 ms), so the last PDF of each plan is kept (``PrintedHandout``) under a key that covers
everything that determines it:

- the handout's whole input as it would go to Typst (plan and items, language, patient name and
  pain scale, practice name, phone and address, signer, exercises of the practice's own list,
  goal, invitation and calendar links with the server's address), except the chart's drawing;
- what the chart is drawn from: the diary's entries (per kind their count, highest id, sum, first
  and last day: entries are never changed in place and ids only grow, so this names the set of
  entries exactly), the visit dates, today, the target line;
- the code: every file of the package (templates, fonts, labels, translations, the rules that
  build the content), so a new release never prints an old layout.

Anything that changes the paper changes the key, and a changed key lays the PDF out afresh; no
stale handout can come back. Keeping the drawing and the diary's rows out of the key is what makes
a reprint cheap: one aggregate query stands for the diary. The row lives in the database, which every app
instance shares (nothing on one instance's disk), and is sealed (core/sealing.py): it prints the
patient's name and possibly an invitation code.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from backactive.consultations.models import Plan
from backactive.core.sealing import seal, unseal

from .build import handout_parts
from .models import PrintedHandout
from .render import render_handout

SEAL_PURPOSE = "printed-handout"
PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def code_version() -> str:
    """A digest of the package's files (not compiled caches, not the web pages' static files):
    the same on every instance running the same release, different after any change of code,
    template, font or text."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        skipped = "__pycache__" in path.parts or path.relative_to(PACKAGE).parts[0] == "static"
        if path.is_file() and not skipped and path.suffix != ".pyc":
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(data: dict[str, Any], chart: Any, *, lang: str | None, bilingual: bool) -> str:
    # default=repr: the chart's input is a dataclass of numbers and dates, whose repr is exact.
    content = {"code": code_version(), "data": data, "chart": chart, "lang": lang, "bilingual": bilingual}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=repr).encode()).hexdigest()


def handout_print(*, plan: Plan, request: HttpRequest, new_invitation: bool = False, lang: str | None = None,
                  bilingual: bool = False) -> bytes:
    """The PDF of ``plan`` for the print button, in ``lang`` (the patient's language; German beside
    if ``bilingual``): the open invitation's code again unless ``new_invitation``
    (patients/invitations.py), laid out only when something on it changed."""
    data, chart = handout_parts(plan, request=request, issue_invitation=True, new_invitation=new_invitation)
    key = _key(data, chart, lang=lang, bilingual=bilingual)
    label = f"{plan.pk}|{key}".encode()
    stored = PrintedHandout.objects.filter(plan_id=plan.pk, key=key).values_list("pdf_sealed", flat=True).first()
    pdf = unseal(stored, purpose=SEAL_PURPOSE, aad=label)
    if pdf is not None:
        return pdf
    svg = chart.svg()
    if svg:
        data["chart_svg"] = svg
    pdf = render_handout(data, lang=lang, bilingual=bilingual)
    try:
        with transaction.atomic():
            PrintedHandout.objects.update_or_create(
                plan_id=plan.pk,
                defaults={"key": key, "pdf_sealed": seal(pdf, purpose=SEAL_PURPOSE, aad=label),
                          "printed_at": timezone.now()},
            )
    except IntegrityError:
        pass  # a second print of the same plan stored its copy first: this PDF is printed all the same
    return pdf
