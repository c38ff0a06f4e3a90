"""Template filters for codes in the reader's language (``{% load codes %}``): the groups of
``core/codes.toml`` and the activity codes of the diary."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from backactive.core import codes
from backactive.core.i18n import lang
from backactive.diary.activities import activity_title
from backactive.recommendations import knowledge

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


def _in_reader_language(item: Any, field: str) -> str:
    """A saved plan item's ``title`` or ``why`` in the reader's language: a plan saved in the
    patient's language (Turkish, say) reads in German or English on the practice's screens when
    the knowledge knows the item; an offer or a practice's own item stays as saved."""
    saved = str(getattr(item, field) or "")
    plan = getattr(item, "plan", None)
    if plan is None or getattr(plan, "lang", None) == lang():
        return saved
    try:
        return str(getattr(knowledge.item(item.code), field).get(lang())) if item.code else saved
    except KeyError:
        return saved


@register.filter
def reader_title(item: Any) -> str:
    """``{{ item|reader_title }}``: see ``_in_reader_language``."""
    return _in_reader_language(item, "title")


@register.filter
def reader_why(item: Any) -> str:
    """``{{ item|reader_why }}``: see ``_in_reader_language``."""
    return _in_reader_language(item, "why") if item.why else ""
