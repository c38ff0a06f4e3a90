from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Practice(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postal code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Practice admin")
    CLINICIAN = "clinician", _("GP")
    ASSISTANT = "assistant", _("Practice assistant")
    PATIENT = "patient", _("Patient")
    COORDINATOR = "coordinator", _("Study coordinator")


STAFF_ROLES = frozenset({Role.ADMIN, Role.CLINICIAN, Role.ASSISTANT})


class User(AbstractUser):
    """Every account belongs to one practice and has one role.

    Patients log in too (their pages come with the patient-pages issue); their clinical record
    is ``patients.Patient``, linked through ``Patient.user``.
    """

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="users", null=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PATIENT)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="user_role_valid"
            ),
        ]

    @property
    def is_practice_staff(self) -> bool:
        return self.is_active and self.practice_id is not None and self.role in STAFF_ROLES

    @property
    def is_practice_admin(self) -> bool:
        return self.is_active and self.practice_id is not None and self.role == Role.ADMIN

    @property
    def is_study_coordinator(self) -> bool:
        """Sees the studies they coordinate, in pseudonymised form only; belongs to no practice."""
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def is_patient(self) -> bool:
        return self.is_active and self.role == Role.PATIENT

    def display(self) -> str:
        full = self.get_full_name()
        return full or self.username


class Invitation(models.Model):
    """A single-use way in for one patient, valid for 14 days. Looked up by a hash of the code;
    the code itself is kept only sealed (``core.sealing``, a key from the environment), so that a
    reprinted handout can show the same code, while the database alone cannot give it back."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    code_sealed = models.BinaryField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "used_at"])]
