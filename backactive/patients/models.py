from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backactive.core import codes
from backactive.core.validators import validate_person_name

SEX_CHOICES = [(c, c) for c in codes.SEXES]
PAIN_SCALE_CHOICES = [(c, c) for c in codes.PAIN_SCALES]


class Patient(models.Model):
    """A patient's record in one practice. Deliberately holds nothing more identifying than
    the practice needs: a display name or pseudonym, year of birth, sex and optionally the
    patient number of the practice software (for GDT)."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.PROTECT, related_name="patients")
    display_name = models.CharField(_("name or pseudonym"), max_length=120, validators=[validate_person_name])
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=SEX_CHOICES, default="unknown")
    pvs_number = models.CharField(
        _("patient number in the practice software"), max_length=40, null=True, blank=True
    )
    postcode = models.CharField(
        _("postal code"), max_length=5, blank=True, help_text=_("Used only to find local offers near home.")
    )
    pain_scale = models.CharField(_("pain scale"), max_length=10, choices=PAIN_SCALE_CHOICES, default="numeric")
    # Set when the patient asked for erasure (privacy): no invitation, no login from then on.
    erasure_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("GP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patients_as_clinician",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="patient"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name", "id"]
        indexes = [models.Index(fields=["practice", "display_name"])]
        constraints = [
            models.UniqueConstraint(fields=["practice", "pvs_number"], name="patient_pvs_number_unique"),
            models.CheckConstraint(
                condition=models.Q(year_of_birth__isnull=True)
                | models.Q(year_of_birth__gte=1900, year_of_birth__lte=2100),
                name="patient_year_of_birth_range",
            ),
            models.CheckConstraint(condition=models.Q(sex__in=list(codes.SEXES)), name="patient_sex_valid"),
            models.CheckConstraint(
                condition=models.Q(pain_scale__in=list(codes.PAIN_SCALES)), name="patient_pain_scale_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def age(self, today: datetime.date | None = None) -> int | None:
        if self.year_of_birth is None:
            return None
        return (today or datetime.date.today()).year - self.year_of_birth
