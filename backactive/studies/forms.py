"""The set-up forms: a study (name, consent text, randomisation, two arms) and a practice's own
schedule (a name), each with its questionnaires and time points (four rows, prefilled with the
feasibility trial's schedule)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backactive.core.i18n import lang
from backactive.questionnaires import INSTRUMENTS

from .services import ArmSpec, TimePointSpec

DEFAULT_TIMEPOINTS = [
    ("baseline", _("Baseline"), 0, 0, 14),
    ("6w", _("6 weeks"), 42, 3, 14),
    ("3m", _("3 months"), 91, 7, 21),
    ("6m", _("6 months"), 182, 7, 28),
]
# Scored on paper for the consultation; not outcome measures of a schedule.
NOT_SCHEDULED = {"phq2", "startback"}


class ScheduleFields(forms.Form):
    """The questionnaires asked at every time point, and the time points with their windows."""

    instruments = forms.MultipleChoiceField(
        label=_("Questionnaires at every time point"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instruments = self.fields["instruments"]
        assert isinstance(instruments, forms.MultipleChoiceField)
        instruments.choices = [
            (code, i.title.get(lang())) for code, i in INSTRUMENTS.items() if code not in NOT_SCHEDULED
        ]
        instruments.initial = ["ipaq_sf", "gcps", "phq4"]
        for n, (_code, label, day, before, after) in enumerate(DEFAULT_TIMEPOINTS):
            self.fields[f"tp{n}_use"] = forms.BooleanField(label=_("use"), required=False, initial=True)
            self.fields[f"tp{n}_label"] = forms.CharField(label=_("Time point"), initial=label, max_length=100)
            self.fields[f"tp{n}_day"] = forms.IntegerField(label=_("Day"), min_value=0, initial=day)
            self.fields[f"tp{n}_before"] = forms.IntegerField(label=_("opens days before"), min_value=0, initial=before)
            self.fields[f"tp{n}_after"] = forms.IntegerField(label=_("closes days after"), min_value=0, initial=after)

    def timepoint_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"tp{n}_{part}"] for part in ("use", "label", "day", "before", "after")]
            for n in range(len(DEFAULT_TIMEPOINTS))
        ]

    def timepoints(self) -> list[TimePointSpec]:
        chosen = tuple(self.cleaned_data["instruments"])
        return [
            TimePointSpec(
                code,
                self.cleaned_data[f"tp{n}_label"],
                self.cleaned_data[f"tp{n}_day"],
                chosen,
                self.cleaned_data[f"tp{n}_before"],
                self.cleaned_data[f"tp{n}_after"],
            )
            for n, (code, *_rest) in enumerate(DEFAULT_TIMEPOINTS)
            if self.cleaned_data.get(f"tp{n}_use")
        ]


class ScheduleForm(ScheduleFields):
    """A practice's own schedule, to measure its outcomes without a study."""

    name = forms.CharField(label=_("Name"), max_length=200, initial=_("Our outcomes"))
    field_order = ["name", "instruments"]

    def main_fields(self) -> list[forms.BoundField]:
        return [self["name"], self["instruments"]]


class StudyForm(ScheduleFields):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(label=_("Short code"), max_length=20, help_text=_("Begins every pseudonym, e.g. RA1."))
    consent_text = forms.CharField(label=_("Consent text of this study"), widget=forms.Textarea(attrs={"rows": 6}))
    method = forms.ChoiceField(
        label=_("Randomisation of practices"),
        choices=[
            ("stratified", _("stratified by practice size (permuted blocks)")),
            ("minimised", _("minimised by practice size (Pocock–Simon)")),
        ],
    )
    size_cutoff = forms.IntegerField(label=_("Large practices from (size)"), min_value=1, initial=3)
    control_name = forms.CharField(label=_("Control arm"), initial=_("Control: questionnaires only"), max_length=100)
    intervention_name = forms.CharField(label=_("Intervention arm"), initial="BackActive", max_length=100)

    def main_fields(self) -> list[forms.BoundField]:
        names = (
            "name",
            "code",
            "consent_text",
            "method",
            "size_cutoff",
            "control_name",
            "intervention_name",
            "instruments",
        )
        return [self[name] for name in names]

    def arms(self) -> list[ArmSpec]:
        return [
            ArmSpec("control", self.cleaned_data["control_name"], is_control=True),
            ArmSpec("intervention", self.cleaned_data["intervention_name"]),
        ]
