"""Template filters for codes in the reader's language (``{% load codes %}``): the groups of
``core/codes.toml`` and the activity codes of the diary."""

from django import template
from django.utils.translation import gettext as _

from backactive.core import codes
from backactive.core.i18n import lang
from backactive.diary.activities import activity_title

register = template.Library()

_GROUPS = {
    "barriers": codes.BARRIERS,
    "red_flags": codes.RED_FLAGS,
    "conditions": codes.CONDITIONS,
    "social": codes.SOCIAL,
    "settings": codes.SETTINGS,
    "intensities": codes.INTENSITIES,
    "pain_scales": codes.PAIN_SCALES,
    "sexes": codes.SEXES,
    "urgencies": codes.URGENCIES,
    "mobility": codes.MOBILITY,
    "risk_groups": codes.RISK_GROUPS,
    "components": codes.COMPONENTS,
    "needs": codes.NEEDS,
}


@register.filter
def code_label(code: str, group: str) -> str:
    """``{{ "fear_avoidance"|code_label:"barriers" }}`` in the reader's language."""
    if not code:
        return ""
    if group == "impact":
        return {"low": _("low impact"), "moderate": _("moderate impact"), "high": _("high impact")}.get(code, code)
    if group == "activities":
        return activity_title(code, lang())
    return codes.label(_GROUPS[group], code, lang())
