"""The practice's own exercise: what the admin enters, checked at the edge (the picture by its
bytes, not by the name or type the browser sends)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backactive.core import codes
from backactive.core.i18n import choices

MAX_PICTURE_BYTES = 300_000
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def picture_type(data: bytes) -> str | None:
    """"image/png" or "image/jpeg" from the file's first bytes; None for anything else."""
    return next((kind for magic, kind in SIGNATURES.items() if data.startswith(magic)), None)


class PracticeExerciseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    instructions = forms.CharField(label=_("Instructions"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    sets = forms.IntegerField(label=_("Sets"), min_value=1, max_value=10, initial=1)
    reps = forms.IntegerField(label=_("Repetitions per set"), min_value=1, max_value=100, required=False)
    hold_seconds = forms.IntegerField(label=_("Hold (seconds)"), min_value=1, max_value=600, required=False)
    rest_seconds = forms.IntegerField(label=_("Rest between sets (seconds)"), min_value=0, max_value=600,
                                      required=False)
    per_side = forms.BooleanField(label=_("Each side"), required=False)
    impact = forms.ChoiceField(label=_("Impact"), choices=[("low", _("low")), ("moderate", _("moderate"))])
    position = forms.ChoiceField(label=_("Body position"))
    components = forms.MultipleChoiceField(label=_("What it trains"), widget=forms.CheckboxSelectMultiple)
    needs = forms.MultipleChoiceField(label=_("What the patient needs"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    contraindications = forms.MultipleChoiceField(label=_("Not suitable with"), required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    picture = forms.FileField(label=_("Picture (PNG or JPEG, at most 300 KB)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = choices(codes.POSITIONS)  # type: ignore[attr-defined]
        self.fields["components"].choices = choices(codes.COMPONENTS)  # type: ignore[attr-defined]
        self.fields["needs"].choices = choices(codes.NEEDS)  # type: ignore[attr-defined]
        self.fields["contraindications"].choices = choices(codes.CONDITIONS)  # type: ignore[attr-defined]

    def clean_picture(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("picture")
        if not upload:
            return None
        if upload.size > MAX_PICTURE_BYTES:
            raise ValidationError(_("The picture is larger than 300 KB."))
        data = upload.read(MAX_PICTURE_BYTES + 1)
        kind = picture_type(data)
        if kind is None:
            raise ValidationError(_("The picture must be a PNG or JPEG file."))
        return data, kind

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("reps") and not data.get("hold_seconds"):
            raise ValidationError(_("Give repetitions, a hold time or both."))
        return data
