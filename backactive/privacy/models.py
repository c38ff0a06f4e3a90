from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    RESEARCH = "research", _("use of pseudonymised data for research")


class Consent(models.Model):
    """A patient's consent to one purpose, in the version of the text they agreed to.

    Consents are never edited or deleted: withdrawing sets ``withdrawn_at``, and agreeing to a new
    version withdraws the old row and adds a new one, so the history shows what was agreed when.
    At most one consent per patient and purpose is in force at a time.
    """

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    version = models.CharField(_("version of the consent text"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "purpose"], condition=Q(withdrawn_at__isnull=True), name="consent_one_in_force"
            ),
            models.CheckConstraint(condition=Q(purpose__in=[p.value for p in Purpose]), name="consent_purpose_valid"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class RetentionLock(models.Model):
    """A patient asked for erasure, but the clinical record (consultations, plans) must be kept
    for 10 years after the last treatment (§ 630f Abs. 3 BGB). Until ``erase_after`` the record is
    locked: kept, shown, but never changed or added to; the purge command erases it afterwards and
    sets ``erased_at``. The row holds ids and dates only, so it can outlive the patient."""

    patient_id = models.BigIntegerField(unique=True)
    practice_id = models.BigIntegerField()
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by_id = models.BigIntegerField(null=True, blank=True)
    erase_after = models.DateField()
    erased_at = models.DateTimeField(null=True, blank=True)

    objects: models.Manager[RetentionLock] = models.Manager()

    class Meta:
        # Moved from the security app without touching the table (privacy/migrations/0002).
        db_table = "security_retentionlock"
        indexes = [models.Index(fields=["erase_after", "erased_at"], name="security_re_erase_a_0d7424_idx")]
