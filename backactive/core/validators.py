"""Validators for what people type, on forms and models (the pure checks are in ``text``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import name_problem

MESSAGES = {
    "bidi": _("The name contains characters that change the writing direction (U+202A–U+202E, U+2066–U+2069). "
              "Please type it without them."),
    "control": _("The name contains invisible control characters (for example a line break or a zero-width "
                 "space). Please type it again."),
}  # fmt: skip


def validate_person_name(value: str) -> None:
    problem = name_problem(value or "")
    if problem is not None:
        raise ValidationError(MESSAGES[problem], code=f"name_{problem}")
