"""The clinical-safety part of a consultation's assessment (issue 11): mobility, yellow flags scored
on paper (STarT Back scores, a risk group, PHQ-2) and red flags a clinician has assessed and
cleared. Checked here, stored by ``services.consultation_create``. Scores come from the one
questionnaire scoring module (``backactive.questionnaires``) that study mode uses too."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import Role, User
from backactive.core import codes
from backactive.core.i18n import lang
from backactive.questionnaires import AnswerError
from backactive.questionnaires import score as questionnaire_score

MAX_NOTE = 500
PAIRS = {"startback": ("startback_total", "startback_psychosocial"), "phq2": ("phq2_interest", "phq2_down")}
KEYS = {"startback": ("total", "psychosocial"), "phq2": ("interest", "down")}


def scores(instrument: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """The instrument's scores from the consultation's two fields, or None if they are blank."""
    fields = PAIRS[instrument]
    values = [data.get(f) for f in fields]
    if all(v is None for v in values):
        return None
    return questionnaire_score(instrument, dict(zip(KEYS[instrument], values, strict=True)))


def risk_group(data: dict[str, Any]) -> str:
    """The risk group: from the STarT Back scores if given, else as recorded ("" = not recorded)."""
    found = scores("startback", data)
    return str(found["risk_group"]) if found else str(data.get("risk_group") or "")


def assessment_errors(data: dict[str, Any]) -> dict[str, str]:
    """The problems of the issue-11 fields, by field name (empty if all is well)."""
    errors: dict[str, str] = {}
    if data.get("mobility", "independent") not in codes.MOBILITY:
        errors["mobility"] = _("Unknown choice “%(code)s”.") % {"code": data.get("mobility")}
    if not isinstance(data.get("floor_ok", True), bool):
        errors["floor_ok"] = _("Say yes or no.")
    if data.get("risk_group") not in (None, "", *codes.RISK_GROUPS):
        errors["risk_group"] = _("Unknown choice “%(code)s”.") % {"code": data.get("risk_group")}
    for instrument, fields in PAIRS.items():
        given = [data.get(f) is not None for f in fields]
        if any(given) and not all(given):
            missing = fields[given.index(False)]
            errors[missing] = _("Enter both scores, or neither.")
            continue
        try:
            found = scores(instrument, data)
        except AnswerError as exc:
            errors[fields[KEYS[instrument].index(exc.item)]] = str(exc)
            continue
        if instrument == "startback" and found and data.get("risk_group") not in (None, "", found["risk_group"]):
            errors["risk_group"] = _("The STarT Back scores give the risk group “%(group)s”.") % {
                "group": codes.label(codes.RISK_GROUPS, str(found["risk_group"]), lang())
            }
    cleared = data.get("red_flags_cleared") or []
    flags = data.get("red_flags") or []
    if not isinstance(cleared, list) or any(c not in codes.RED_FLAGS for c in cleared):
        errors["red_flags_cleared"] = _("Unknown code(s): %(codes)s.") % {"codes": cleared}
    elif any(c not in flags for c in cleared):
        errors["red_flags_cleared"] = _("Only a red flag that is ticked can be recorded as assessed and cleared.")
    note = str(data.get("clearance_note") or "").strip()
    if cleared and not note:
        errors["clearance_note"] = _("Say what the assessment found, e.g. the examination or imaging.")
    elif len(note) > MAX_NOTE:
        errors["clearance_note"] = _("At most %(n)s characters.") % {"n": MAX_NOTE}
    return errors


def clearances(*, data: dict[str, Any], previous: list[dict[str, Any]], recorded_by: User) -> list[dict[str, Any]]:
    """The red flags recorded as assessed and cleared: [{"code", "by", "by_name", "at", "note"}].

    A clearance carried over unchanged from the last consultation keeps who cleared it and when;
    a new or changed one is recorded for ``recorded_by``, who must be a GP. Raises ``PermissionError``
    otherwise (the caller turns it into a form error)."""
    note = str(data.get("clearance_note") or "").strip()
    before = {c["code"]: c for c in previous}
    out = []
    for code in data.get("red_flags_cleared") or []:
        kept = before.get(code)
        if kept is not None and kept.get("note") == note:
            out.append(dict(kept))
            continue
        if recorded_by.role != Role.CLINICIAN:
            raise PermissionError(code)
        out.append(
            {
                "code": code,
                "by": recorded_by.pk,
                "by_name": recorded_by.display(),
                "at": timezone.now().isoformat(timespec="seconds"),
                "note": note,
            }
        )
    return out
