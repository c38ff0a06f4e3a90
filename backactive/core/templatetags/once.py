"""Ids that make a form's writes happen once (issue 12, item 4).

``{% new_id %}`` is a fresh random id for one form on one page: the entry it creates is stored
under it, so a double tap or a re-sent form finds it stored and adds nothing. ``{% form_token %}``
is the same for staff forms, as a hidden ``form_token`` field (``core/once.py``)."""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def new_id() -> str:
    return str(uuid.uuid4())


@register.simple_tag
def form_token() -> SafeString:
    return format_html('<input type="hidden" name="form_token" value="{}">', uuid.uuid4())
