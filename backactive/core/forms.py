from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise

StrOrPromise = str | Promise


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError onto the form, so the page shows it beside what was typed."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


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
        return context
