from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2
from django.utils.functional import Promise
from django.utils.translation import gettext as _

StrOrPromise = str | Promise


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError onto the form, so the page shows it beside what was typed."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class FormRenderer(Jinja2):
    """Django's Jinja2 form renderer (``FORM_RENDERER``), with the choice widgets' templates
    replaced by ones that write their options in rather than including a template per option
    (the same HTML, a third of the time: a GP page has about 90 options)."""

    WRITTEN_IN = {
        "django/forms/widgets/checkbox_select.html": "core/widgets/choices.html",
        "django/forms/widgets/radio.html": "core/widgets/choices.html",
        "django/forms/widgets/select.html": "core/widgets/select.html",
    }

    def get_template(self, template_name: str) -> Any:
        return super().get_template(self.WRITTEN_IN.get(template_name, template_name))


class SelectWithoutBlank(forms.Select):
    """The select of a choice field without a blank first option (``empty_label=None``). Django
    leaves out ``required`` for such a select as well, but finds that out by reading the first
    choice, which runs a model choice field's query a second time; here it is known."""

    def use_required_attribute(self, initial: object) -> bool:
        return False


class ChipPicker(forms.CheckboxSelectMultiple):
    """Many choices as checkable chips with a search box (static/js/forms.js filters them);
    ticked ones first. Without JavaScript it is a plain list of chips."""

    template_name = "core/widgets/chip_picker.html"

    def __init__(self, *, search_label: StrOrPromise, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs)
        self.search_label = search_label

    def get_context(self, name: str, value: object, attrs: dict[str, object] | None) -> dict[str, object]:
        context = super().get_context(name, value, attrs)
        options = [o for _group, group_options, _i in context["widget"]["optgroups"] for o in group_options]
        context["widget"]["options"] = sorted(options, key=lambda o: not o["selected"])
        context["widget"]["search_label"] = self.search_label
        context["widget"]["count_template"] = _("{n} shown")
        return context
