from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backactive.core import codes
from backactive.core.i18n import choices, lang

from .activities import ACTIVITY_CODES, activity_title
from .models import MAX_MINUTES_PER_DAY


def activity_choices() -> list[tuple[str, str]]:
    current = lang()
    return sorted(((c, activity_title(c, current)) for c in ACTIVITY_CODES), key=lambda x: (x[0] == "other", x[1]))


class PainEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    pain = forms.IntegerField(label=_("Pain (0–10)"), min_value=0, max_value=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = self.initial.get("date") or timezone.localdate()


class ActivityEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    activity = forms.ChoiceField(label=_("Activity"))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=MAX_MINUTES_PER_DAY)
    intensity = forms.ChoiceField(label=_("Intensity"), initial="moderate")
    steps = forms.IntegerField(label=_("Steps (optional)"), required=False, min_value=0, max_value=200000)
    confirmed = forms.BooleanField(
        label=_("Yes, the minutes are right"), required=False,
        help_text=_("Needed only when the day would have more than 300 minutes (5 hours) of activity."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = self.initial.get("date") or timezone.localdate()
        self.fields["activity"].choices = activity_choices()  # type: ignore[attr-defined]
        self.fields["intensity"].choices = choices(codes.INTENSITIES)  # type: ignore[attr-defined]


class CorrectionReasonForm(forms.Form):
    """Why an entry is corrected or deleted (kept in its history)."""

    reason = forms.CharField(label=_("Reason for the change"), max_length=500,
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))


def correction_form(kind: str, data: Any = None, entry: Any = None) -> forms.Form:
    """The values form of a correction, filled with the entry's values."""
    if kind == "pain":
        return PainEntryForm(data, initial={"date": entry.date, "pain": entry.pain} if entry else None)
    initial = ({"date": entry.date, "activity": entry.activity, "minutes": entry.minutes,
                "intensity": entry.intensity, "steps": entry.steps} if entry else None)
    return ActivityEntryForm(data, initial=initial)
