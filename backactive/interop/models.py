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
    # Some practice systems leave out field 9206 and write Latin-1 where GDT 2.x means CP437.
    charset_without_9206 = models.CharField(
        _("character set of files without field 9206"),
        max_length=12,
        blank=True,
        choices=[("", _("as the GDT version says (2.x: CP437, 3.0: ISO 8859-15)")), *CHARSET_CHOICES],
        help_text=_("Change this only if names from the practice system show wrong umlauts, e.g. “Mⁿller”."),
    )

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
                violation_error_message=_(
                    "GDT 2.1 cannot declare ISO 8859-15 and GDT 3.0 cannot declare ISO 8859-1: "
                    "choose the other ISO character set, or the other GDT version."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(charset_without_9206__in=["", *charsets.CHARSETS]),
                name="gdtsettings_charset_without_9206_valid",
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
    """The practice system asked to open a patient (6301/6302: the consultation page; 6311: the
    patient's page with the latest results); the GP screen follows the newest unconsumed launch
    and marks it consumed. The newest launch of a patient also holds what a 6310 echoes back."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="gdt_launches")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="gdt_launches")
    record_type = models.CharField(max_length=4)
    file_name = models.CharField(max_length=255)
    # As the practice system sent them (8402, 3101, 3103), echoed in the 6310 results.
    procedure_code = models.CharField(max_length=60, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    birth_date = models.CharField(max_length=8, blank=True)
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


class FhirVersion(models.Model):
    """The version of one resource the FHIR API has served, for ``meta.versionId``, the ETag
    and ``meta.lastUpdated``.

    Our resources are views of diary entries, consultations and plans (a weekly total changes when
    an entry of its week does), so there is no row to keep a version on; instead the API compares
    each resource's fingerprint with the one stored here and counts a new version when it differs.
    ``last_updated`` is when that change was first seen: never before the change itself, so a
    client syncing by ``_lastUpdated`` may see a resource twice but never misses one. Rows stay
    while the patient exists (a resource that comes back continues its numbering, so an old ETag
    never matches new content).
    """

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    resource_type = models.CharField(max_length=32)
    resource_id = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=32)
    version = models.PositiveIntegerField(default=1)
    last_updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource_type", "resource_id"], name="fhirversion_resource_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="fhirversion_version_positive"),
        ]
        indexes = [models.Index(fields=["patient", "resource_type"], name="fhirversion_patient_type")]

    def __str__(self) -> str:
        return f"{self.resource_type}/{self.resource_id} v{self.version}"


class SmartClient(models.Model):
    """A research platform the practice admin registered for SMART Backend Services: it signs a
    JWT with one of these public keys (an inline JWKS; nothing is fetched from the network) and
    gets short-lived access tokens for Bulk Data exports of the practice's consenting patients."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="smart_clients")
    label = models.CharField(_("what it is for"), max_length=100)
    client_id = models.CharField(max_length=64, unique=True, editable=False)
    jwks = models.JSONField(help_text=_("The client's public keys (JWKS)."))
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("research client")
        verbose_name_plural = _("research clients")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.client_id})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class SmartAssertion(models.Model):
    """A client assertion's ``jti`` until the assertion expires: the same one twice is a replay."""

    client = models.ForeignKey(SmartClient, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "jti"], name="smartassertion_jti_once")]

    def __str__(self) -> str:
        return f"jti {self.pk}"


class SmartAccessToken(models.Model):
    """An access token issued to a client (its SHA-256 only), valid for at most five minutes."""

    client = models.ForeignKey(SmartClient, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=1000)
    types = models.JSONField()  # the resource types the scopes grant
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"token {self.pk}"


class ExportStatus(models.TextChoices):
    # Machine states of the Bulk Data protocol: a client sees them as HTTP statuses, nobody as words.
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class BulkExport(models.Model):
    """A Bulk Data export (``$export``) a research client asked for: run by the job worker, its
    NDJSON files kept in the database (so any app instance can serve them) until it expires."""

    uid = models.UUIDField(unique=True, editable=False)
    client = models.ForeignKey(SmartClient, on_delete=models.CASCADE, related_name="exports")
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    request_url = models.TextField()
    types = models.JSONField()
    since = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)  # patients written
    total = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    transaction_time = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ExportStatus.values), name="bulkexport_status_valid")
        ]

    def __str__(self) -> str:
        return f"export {self.uid}"


class BulkExportFile(models.Model):
    """One NDJSON file of an export (gzip-compressed): resources of one type, or the
    OperationOutcomes of patients left out."""

    export = models.ForeignKey(BulkExport, on_delete=models.CASCADE, related_name="files")
    resource_type = models.CharField(max_length=32)
    part = models.PositiveIntegerField()
    count = models.PositiveIntegerField()
    is_error = models.BooleanField(default=False)
    data = models.BinaryField()

    class Meta:
        ordering = ["is_error", "resource_type", "part"]
        constraints = [
            models.UniqueConstraint(fields=["export", "resource_type", "part", "is_error"], name="bulkexportfile_once")
        ]

    def __str__(self) -> str:
        return f"{self.resource_type}-{self.part}"

    @property
    def name(self) -> str:
        return f"{'error-' if self.is_error else ''}{self.resource_type}-{self.part}.ndjson"
