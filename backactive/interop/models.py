from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .gdt.format import charsets
from .gdt.format.folders import GDT_NAME, UnsafePath, subfolder

CHARSET_CHOICES = [(c, c) for c in charsets.CHARSETS]
VERSION_CHOICES = [("2.1", "GDT 2.1"), ("3.0", "GDT 3.0")]


class GdtSettings(models.Model):
    """How one practice's system and BackActive exchange GDT files.

    The GDT ids are at most eight characters by convention; the practice system's manual names
    the id it expects for itself (receiver, 8315) and for us (sender, 8316).
    """

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE, related_name="gdt_settings")
    receiver_id = models.CharField(_("GDT id of the practice system"), max_length=8, default="PRAX_EDV")
    sender_id = models.CharField(_("GDT id of BackActive"), max_length=8, default="BACKACTV")
    # Subfolders of the operator's GDT root (settings.GDT_ROOT), never paths of their own.
    inbox_dir = models.CharField(_("folder the practice system writes to"), max_length=200, blank=True)
    outbox_dir = models.CharField(_("folder the practice system reads from"), max_length=200, blank=True)
    export_filename = models.CharField(
        _("file name for results"),
        max_length=12,
        default="PRAXBACK.GDT",
        validators=[RegexValidator(GDT_NAME.pattern, _("A GDT file name: up to 8 letters or digits, then .GDT."))],
    )
    outbox_mode = models.CharField(
        _("when the previous result has not been read yet"),
        max_length=10,
        choices=[("numbered", _("write the next one as .001, .002 …")),
                 ("wait", _("wait until the practice system has taken it"))],
        default="numbered",
    )  # fmt: skip
    charset = models.CharField(_("character set"), max_length=12, choices=CHARSET_CHOICES, default=charsets.CP437)
    version = models.CharField(_("GDT version"), max_length=4, choices=VERSION_CHOICES, default="2.1")

    class Meta:
        verbose_name = _("GDT settings")
        verbose_name_plural = _("GDT settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(charset__in=list(charsets.CHARSETS)), name="gdtsettings_charset_valid"
            ),
            models.CheckConstraint(condition=models.Q(version__in=["2.1", "3.0"]), name="gdtsettings_version_valid"),
            # Each version declares only some charsets in field 9206 (see gdt.charsets.code_for).
            models.CheckConstraint(
                condition=~models.Q(version="2.1", charset=charsets.ISO8859_15)
                & ~models.Q(version="3.0", charset=charsets.ISO8859_1),
                name="gdtsettings_charset_fits_version",
            ),
        ]

    def __str__(self) -> str:
        return f"GDT {self.practice_id}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        for name in ("inbox_dir", "outbox_dir"):
            value = getattr(self, name)
            if value:
                try:
                    subfolder(Path(settings.GDT_ROOT), value)
                except UnsafePath:
                    errors[name] = _("A folder inside the GDT folder %(root)s, e.g. praxis/out (no '..', no / at "
                                     "the start).") % {"root": settings.GDT_ROOT}  # fmt: skip
        if self.outbox_mode == "numbered" and not self.export_filename.upper().endswith(".GDT"):
            errors["export_filename"] = _("With numbered results, the name ends in .GDT (the number replaces it).")
        if errors:
            raise ValidationError(errors)

    def folder(self, name: str) -> Path | None:
        """The inbox or outbox folder as a path inside the GDT root (None if not set). Raises
        UnsafePath for a value that leads outside it (e.g. one saved before the root existed)."""
        value = getattr(self, name)
        return subfolder(Path(settings.GDT_ROOT), value) if value else None


class GdtResultStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be written")
    WRITTEN = "written", _("written")
    FAILED = "failed", _("failed")


class GdtResult(models.Model):
    """A 6310 result on its way to the practice system: queued on save, written by a background
    job under a name that never replaces an unread file. Once written, the bytes are dropped."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="gdt_results")
    patient = models.ForeignKey("patients.Patient", on_delete=models.SET_NULL, null=True, related_name="+")
    data = models.BinaryField(blank=True)
    status = models.CharField(max_length=10, choices=GdtResultStatus.choices, default=GdtResultStatus.PENDING)
    file_name = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    written_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["practice", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=GdtResultStatus.values), name="gdtresult_status_valid"
            ),
        ]


class GdtLaunch(models.Model):
    """The practice system asked to open a patient (6301/6302); the GP screen shows the newest
    unconsumed launch and marks it consumed when it opens the consultation page."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="gdt_launches")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="gdt_launches")
    record_type = models.CharField(max_length=4)
    file_name = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["practice", "consumed_at", "-created_at"])]

    def __str__(self) -> str:
        return f"GDT {self.record_type} {self.file_name}"


class ApiToken(models.Model):
    """A bearer token for the read-only FHIR API, issued by a practice admin for one practice.

    Only the SHA-256 of the token is stored: the token itself is shown once, when it is issued.
    The tokens are long random strings, so a plain hash (no salt, no stretching) is enough and
    keeps the lookup a single indexed query.
    """

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("what it is for"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)  # shown in the list to tell tokens apart
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
