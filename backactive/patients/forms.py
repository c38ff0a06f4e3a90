from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backactive.accounts.models import User
from backactive.core import codes
from backactive.core.i18n import choices
from backactive.core.languages import NAMES

from .models import Patient


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["display_name", "year_of_birth", "sex", "language", "postcode", "pvs_number", "pain_scale",
                  "clinician"]

    def __init__(self, *args: Any, practice: Any, clinicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.fields["sex"].choices = choices(codes.SEXES)  # type: ignore[attr-defined]
        self.fields["pain_scale"].choices = choices(codes.PAIN_SCALES)  # type: ignore[attr-defined]
        # Each language in its own name: the patient recognises theirs.
        self.fields["language"].choices = [(code, NAMES[code]) for code in codes.LANGS]  # type: ignore[attr-defined]
        self.fields["language"].required = False  # left out (an older form): the default, German
        self.fields["clinician"].queryset = clinicians  # type: ignore[attr-defined]
        self.fields["clinician"].label_from_instance = User.display  # type: ignore[attr-defined]
        self.fields["display_name"].help_text = _("A name or pseudonym the practice recognises.")

    def clean_year_of_birth(self) -> int | None:
        year = self.cleaned_data.get("year_of_birth")
        if year is not None and not 1900 <= year <= dt.date.today().year:
            raise forms.ValidationError(_("Enter a year between 1900 and this year."))
        return year

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or "de"

    def clean_postcode(self) -> str:
        from backactive.offers.geo import postcode_centroid

        code = (self.cleaned_data.get("postcode") or "").strip()
        if code and postcode_centroid(code) is None:
            raise forms.ValidationError(_("Unknown German postal code."))
        return code

    def clean_pvs_number(self) -> str | None:
        number = (self.cleaned_data.get("pvs_number") or "").strip() or None
        taken = Patient.objects.filter(practice=self.practice, pvs_number=number).exclude(pk=self.instance.pk)
        if number and taken.exists():
            raise forms.ValidationError(_("Another patient of this practice has this number."))
        return number
