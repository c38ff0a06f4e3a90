from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backactive.accounts.models import User
from backactive.core import codes
from backactive.core.forms import ChipPicker, SelectWithoutBlank
from backactive.core.i18n import choices, lang
from backactive.questionnaires import instrument
from backactive.recommendations.knowledge import activity_choices

from .models import Consultation
from .services import consultation_validate


def _label_from_instrument(form: forms.Form, current: str) -> None:
    """Labels and answer options of the yellow-flag fields from the questionnaire module: STarT Back
    by its scores only (Keele's wording is not shipped), PHQ-2 in its own free-to-use wording."""
    startback, phq2 = instrument("startback"), instrument("phq2")
    form.fields["startback_total"].label = startback.item("total").label.get(current)
    form.fields["startback_psychosocial"].label = startback.item("psychosocial").label.get(current)
    for field, key in (("phq2_interest", "interest"), ("phq2_down", "down")):
        item = phq2.item(key)
        form.fields[field].label = item.text.get(current) or item.label.get(current)
        options = [(o.value, o.label.get(current) if o.label else str(o.value)) for o in item.options]
        form.fields[field].choices = [("", "–"), *options]  # type: ignore[attr-defined]


class ConsultationForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    # No empty "---------" choice: a consultation always has its GP (see the view's default).
    clinician = forms.ModelChoiceField(label=_("GP"), queryset=User.objects.none(), empty_label=None,
                                       widget=SelectWithoutBlank)
    pain_now = forms.IntegerField(label=_("Pain now (0–10)"), min_value=0, max_value=10)
    pain_average = forms.IntegerField(label=_("Average pain, last 4 weeks (0–10)"), min_value=0, max_value=10)
    days_per_week = forms.IntegerField(
        label=_("Days per week with at least moderate activity"), min_value=0, max_value=7
    )
    minutes_per_day = forms.IntegerField(label=_("Minutes on such a day"), min_value=0, max_value=1440)
    max_minutes_per_session = forms.IntegerField(
        label=_("Longest comfortable session (minutes)"), min_value=1, max_value=600, initial=30
    )
    barriers = forms.MultipleChoiceField(label=_("Barriers"), required=False, widget=forms.CheckboxSelectMultiple)
    social = forms.ChoiceField(label=_("Alone or in company"), widget=forms.RadioSelect, initial="either")
    settings = forms.MultipleChoiceField(label=_("Where"), required=False, widget=forms.CheckboxSelectMultiple)
    favourite_activities = forms.MultipleChoiceField(
        label=_("Activities the patient enjoys"), required=False,
        widget=ChipPicker(search_label=_("Search activities")),
    )
    conditions = forms.MultipleChoiceField(label=_("Conditions"), required=False, widget=forms.CheckboxSelectMultiple)
    # Not required: a form without them (an older client) means the defaults, not "wheelchair".
    mobility = forms.ChoiceField(label=_("Getting about"), widget=forms.RadioSelect, initial="independent",
                                 required=False)
    floor_ok = forms.ChoiceField(
        label=_("Can get down to the floor and up again"), widget=forms.RadioSelect, required=False,
        choices=[("yes", _("yes")), ("no", _("no"))], initial="yes",
    )
    red_flags = forms.MultipleChoiceField(label=_("Red flags"), required=False, widget=forms.CheckboxSelectMultiple)
    red_flags_cleared = forms.MultipleChoiceField(
        label=_("Assessed and cleared by a GP"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("A cleared red flag stays listed but no longer stops the plan."),
    )
    clearance_note = forms.CharField(
        label=_("What the assessment found"), required=False, max_length=500,
        help_text=_("For example the examination, tests or imaging, and when."),
    )
    startback_total = forms.IntegerField(required=False, min_value=0, max_value=9)
    startback_psychosocial = forms.IntegerField(required=False, min_value=0, max_value=5)
    risk_group = forms.ChoiceField(
        label=_("Risk group (another validated tool)"), required=False,
        help_text=_("Leave empty when the STarT Back scores are entered: they give the risk group."),
    )
    phq2_interest = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    phq2_down = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    next_step = forms.CharField(label=_("Agreed next step"), required=False, max_length=300)

    def __init__(self, *args: Any, clinicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = lang()
        for field in self.fields.values():  # a Jinja2 template (the form renderer's): fast for 24 fields
            field.template_name = "consultations/field.html"  # type: ignore[attr-defined]
        self.fields["clinician"].queryset = clinicians  # type: ignore[attr-defined]
        self.fields["clinician"].label_from_instance = User.display  # type: ignore[attr-defined]
        self.fields["barriers"].choices = choices(codes.BARRIERS)  # type: ignore[attr-defined]
        self.fields["social"].choices = choices(codes.SOCIAL)  # type: ignore[attr-defined]
        self.fields["settings"].choices = choices(codes.SETTINGS)  # type: ignore[attr-defined]
        self.fields["conditions"].choices = choices(codes.CONDITIONS)  # type: ignore[attr-defined]
        self.fields["red_flags"].choices = choices(codes.RED_FLAGS)  # type: ignore[attr-defined]
        self.fields["red_flags_cleared"].choices = choices(codes.RED_FLAGS)  # type: ignore[attr-defined]
        self.fields["mobility"].choices = choices(codes.MOBILITY)  # type: ignore[attr-defined]
        self.fields["risk_group"].choices = [("", "–"), *choices(codes.RISK_GROUPS)]  # type: ignore[attr-defined]
        _label_from_instrument(self, current)
        # Activities only: exercises and rest positions are not what a patient "enjoys".
        self.fields["favourite_activities"].choices = activity_choices(  # type: ignore[attr-defined]
            current, include_other=False, kinds=("activity",)
        )
        self.fields["date"].initial = timezone.localdate()

    def red_flag_rows(self) -> list[tuple[Any, Any]]:
        """Each red flag beside its "assessed and cleared" box, for one row per flag on the form."""
        return list(zip(self["red_flags"], self["red_flags_cleared"], strict=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["mobility"] = data.get("mobility") or "independent"
        data["floor_ok"] = data.get("floor_ok") != "no"  # blank (an older client) means yes
        if not self.errors:
            try:
                consultation_validate(data)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return data


def last_visit_initial(patient_last: Consultation | None) -> dict[str, object]:
    """Pre-tick last visit's answers: the GP confirms or changes them instead of starting over.
    Red flags cleared last time come ticked with their note: kept unchanged, they keep who cleared
    them and when; the yellow-flag scores are taken afresh each time."""
    if patient_last is None:
        return {}
    fields = ("barriers", "social", "settings", "favourite_activities", "conditions", "red_flags",
              "max_minutes_per_session", "mobility")
    initial: dict[str, object] = {f: getattr(patient_last, f) for f in fields}
    initial["floor_ok"] = "yes" if patient_last.floor_ok else "no"
    initial["red_flags_cleared"] = patient_last.cleared_red_flags
    notes = {c["note"] for c in patient_last.red_flag_clearances if c["code"] in patient_last.red_flags}
    if len(notes) == 1:
        initial["clearance_note"] = notes.pop()
    return initial
