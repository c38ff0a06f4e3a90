from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backactive.accounts.models import User
from backactive.core import codes
from backactive.core.forms import ChipPicker
from backactive.core.i18n import choices, lang
from backactive.recommendations.knowledge import activity_choices

from .services import consultation_validate


class ConsultationForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    # No empty "---------" choice: a consultation always has its GP (see the view's default).
    clinician = forms.ModelChoiceField(label=_("GP"), queryset=User.objects.none(), empty_label=None)
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
    red_flags = forms.MultipleChoiceField(label=_("Red flags"), required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    next_step = forms.CharField(label=_("Agreed next step"), required=False, max_length=300)

    def __init__(self, *args: Any, clinicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = lang()
        self.fields["clinician"].queryset = clinicians  # type: ignore[attr-defined]
        self.fields["clinician"].label_from_instance = User.display  # type: ignore[attr-defined]
        self.fields["barriers"].choices = choices(codes.BARRIERS)  # type: ignore[attr-defined]
        self.fields["social"].choices = choices(codes.SOCIAL)  # type: ignore[attr-defined]
        self.fields["settings"].choices = choices(codes.SETTINGS)  # type: ignore[attr-defined]
        self.fields["conditions"].choices = choices(codes.CONDITIONS)  # type: ignore[attr-defined]
        self.fields["red_flags"].choices = choices(codes.RED_FLAGS)  # type: ignore[attr-defined]
        # Activities only: exercises and rest positions are not what a patient "enjoys".
        self.fields["favourite_activities"].choices = activity_choices(  # type: ignore[attr-defined]
            current, include_other=False, kinds=("activity",)
        )
        self.fields["date"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                consultation_validate(data)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return data
