"""Staff forms for curating offers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from backactive.core.codes import SETTINGS

from .activities import activity_title, activity_titles
from .importers import ImportFileError, importer_for
from .models import Kind, Offer
from .times import format_times, parse_times


def _lang() -> str:
    return (get_language() or "de")[:2]


def _choices(form: forms.BaseForm, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class OfferFilterForm(forms.Form):
    VISIBILITY = [("", _("visible and hidden")), ("visible", _("visible only")), ("hidden", _("hidden only"))]

    q = forms.CharField(label=_("Name, town or postal code"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    activity = forms.ChoiceField(label=_("Activity"), required=False)
    visibility = forms.ChoiceField(label=_("Shown"), choices=VISIBILITY, required=False)
    stale = forms.BooleanField(label=_("Only offers not checked for a year"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        activities = sorted((code, activity_title(code, lang)) for code in activity_titles())
        _choices(self, "kind", [("", _("all kinds")), *Kind.choices])
        _choices(self, "activity", [("", _("all activities")), *activities])

    def hidden_value(self) -> bool | None:
        return {"visible": False, "hidden": True}.get(self.cleaned_data.get("visibility") or "")


class OfferForm(forms.ModelForm):
    activities = forms.MultipleChoiceField(label=_("Activities"), widget=forms.CheckboxSelectMultiple)
    setting = forms.ChoiceField(label=_("Setting"))
    website = forms.URLField(label=_("website"), max_length=300, required=False, assume_scheme="https")
    times_text = forms.CharField(
        label=_("Weekly times"),
        required=False,
        help_text=_("For example: Mo 18:00-19:00; Di, Do 9:30-10:30"),
    )

    class Meta:
        model = Offer
        fields = [
            "name", "kind", "activities", "street", "postcode", "city", "lat", "lon", "times_note",
            "participation", "setting", "cost_note", "free", "rehasport", "certified_20", "certificate_note",
            "wheelchair", "accessibility_note", "phone", "email", "website", "contact_note", "hidden",
        ]  # fmt: skip
        widgets = {"free": forms.NullBooleanSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        _choices(self, "activities", sorted((c, activity_title(c, lang)) for c in activity_titles()))
        _choices(self, "setting", [(code, entry.label(lang)) for code, entry in SETTINGS.items()])
        self.fields["times_text"].initial = format_times(self.instance.weekly_times)
        # Keep the weekly times field beside the free-text note about times.
        self.order_fields([*self.Meta.fields[:8], "times_text"])

    def clean_times_text(self) -> list[dict[str, int | str]]:
        try:
            return [t.as_json() for t in parse_times(self.cleaned_data.get("times_text") or "")]
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_lat(self) -> float:
        lat = self.cleaned_data["lat"]
        if not -90 <= lat <= 90:
            raise forms.ValidationError(_("Latitude is between -90 and 90."))
        return float(lat)

    def clean_lon(self) -> float:
        lon = self.cleaned_data["lon"]
        if not -180 <= lon <= 180:
            raise forms.ValidationError(_("Longitude is between -180 and 180."))
        return float(lon)

    def changes(self) -> dict[str, Any]:
        """The validated values as field -> value, for ``services.offer_update``."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["times"] = self.cleaned_data["times_text"]
        return data


class ImportUploadForm(forms.Form):
    MAX_BYTES = 50 * 1024 * 1024

    file = forms.FileField(
        label=_("File"),
        help_text=_("Your list of offers (.csv or .xlsx, see the template) or an OpenStreetMap extract."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        try:
            importer_for(Path(upload.name or ""))
        except ImportFileError:
            raise forms.ValidationError(
                _("Choose a .csv or .xlsx list, or an OpenStreetMap extract (.osm, .osm.gz, .osm.pbf).")
            ) from None
        return upload
