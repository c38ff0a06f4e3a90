"""Studies, schedules and who takes part.

- A ``Schedule`` is a list of time points (baseline, 6 weeks, 3 and 6 months, …), each with its
  window and its questionnaires. It belongs to a study, or to a practice that measures its own
  outcomes without a study.
- A ``Study`` has arms, participating practices (``StudyPractice``, allocated to an arm once by
  ``AllocationRecord``), its own consent text, and coordinators (the study role: pseudonymised
  data only).
- An ``Enrolment`` puts one patient on a schedule (in a study with research consent, or in the
  practice's own schedule); its ``Assessment`` rows are the questionnaires expected of the patient,
  each answered by one ``questionnaires.Response``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from backactive.questionnaires import INSTRUMENTS

from .randomisation import METHODS


class Study(models.Model):
    class Status(models.TextChoices):
        SETUP = "setup", _("being set up")
        RUNNING = "running", _("running")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("short code"), max_length=20, unique=True, help_text=_("Begins every pseudonym."))
    consent_text = models.TextField(_("consent text"))
    method = models.CharField(_("randomisation"), max_length=12, default="stratified")
    size_cutoff = models.PositiveIntegerField(
        _("size cut-off"), default=3, help_text=_("Practices of this size or more form the 'large' stratum.")
    )
    # Concealment: the seed is made when the study is created and shown to no one until the
    # practices are allocated; its SHA-256 (``seed_commitment``) may be shown before.
    seed = models.CharField(max_length=64, editable=False)
    seed_commitment = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SETUP)
    coordinators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="coordinated_studies", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = _("studies")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(method__in=list(METHODS)), name="study_method_valid"),
            models.CheckConstraint(condition=Q(status__in=["setup", "running", "closed"]), name="study_status_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Arm(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="arms")
    code = models.SlugField(max_length=20)
    name = models.CharField(_("name"), max_length=100)
    # The control arm collects questionnaires only: no suggestions, no plans.
    is_control = models.BooleanField(_("control arm"), default=False)

    class Meta:
        ordering = ["study", "code"]
        constraints = [models.UniqueConstraint(fields=["study", "code"], name="arm_code_unique_in_study")]

    def __str__(self) -> str:
        return self.name


class StudyPractice(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="practices")
    practice = models.ForeignKey("accounts.Practice", on_delete=models.PROTECT, related_name="+")
    size = models.PositiveIntegerField(
        _("practice size"), help_text=_("The stratification variable, e.g. number of GPs.")
    )
    # The practice's code in the export (the cluster id): never its name.
    pseudonym = models.CharField(max_length=30)
    arm = models.ForeignKey(Arm, on_delete=models.PROTECT, null=True, blank=True, related_name="practices")
    stratum = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["study", "pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["study", "practice"], name="studypractice_once"),
            models.UniqueConstraint(fields=["study", "pseudonym"], name="studypractice_pseudonym_unique"),
            models.CheckConstraint(condition=Q(size__gte=1), name="studypractice_size_positive"),
        ]


class AllocationRecord(models.Model):
    """The one randomisation of a study, kept for the audit: method, seed, inputs and result with
    their SHA-256. Re-running ``randomisation.allocate`` with these inputs reproduces it."""

    study = models.OneToOneField(Study, on_delete=models.PROTECT, related_name="allocation")
    method = models.CharField(max_length=12)
    seed = models.CharField(max_length=64)
    seed_commitment = models.CharField(max_length=64)
    size_cutoff = models.PositiveIntegerField()
    clusters = models.JSONField()  # [[practice id as text, size], ...]
    arms = models.JSONField()  # arm codes in the order given to the allocation
    result = models.JSONField()  # practice id as text -> arm code
    digest = models.CharField(max_length=64)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField(auto_now_add=True)


class Schedule(models.Model):
    study = models.OneToOneField(Study, on_delete=models.CASCADE, null=True, blank=True, related_name="schedule")
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(study__isnull=True, practice__isnull=False) | Q(study__isnull=False, practice__isnull=True),
                name="schedule_of_study_or_practice",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TimePoint(models.Model):
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="timepoints")
    code = models.SlugField(max_length=20)
    label = models.CharField(_("name"), max_length=100)
    offset_days = models.PositiveIntegerField(_("days after the start"))
    before_days = models.PositiveIntegerField(_("window opens (days before)"), default=0)
    after_days = models.PositiveIntegerField(_("window closes (days after)"), default=14)
    instruments = models.JSONField(_("questionnaires"), default=list)

    class Meta:
        ordering = ["schedule", "offset_days", "id"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "code"], name="timepoint_code_unique"),
            models.CheckConstraint(condition=Q(before_days__lte=F("offset_days")), name="timepoint_opens_after_start"),
        ]

    def __str__(self) -> str:
        return self.label


class WithdrawalReason(models.TextChoices):
    NO_TIME = "no_time", _("no time")
    HEALTH = "health", _("health reasons")
    NOT_HELPFUL = "not_helpful", _("did not find it helpful")
    MOVED = "moved", _("moved or changed practice")
    NO_CONTACT = "no_contact", _("could not be reached")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("withdrew consent")
    OTHER = "other", _("other reason")


class Enrolment(models.Model):
    schedule = models.ForeignKey(Schedule, on_delete=models.PROTECT, related_name="enrolments")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    study = models.ForeignKey(Study, on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments")
    arm = models.ForeignKey(Arm, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    start_date = models.DateField(_("start"))
    # Study participants only: the pseudonym in every export, and the research consent to this
    # study's text (``consent_version`` = the first 16 hex digits of the text's SHA-256).
    pseudonym = models.CharField(max_length=40, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=16, blank=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason"), max_length=20, blank=True, choices=WithdrawalReason.choices)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "patient"], name="enrolment_once_per_schedule"),
            models.UniqueConstraint(
                fields=["study", "pseudonym"], condition=Q(study__isnull=False), name="enrolment_pseudonym_unique"
            ),
            models.CheckConstraint(
                condition=Q(study__isnull=True)
                | Q(arm__isnull=False, consented_at__isnull=False) & ~Q(pseudonym="") & ~Q(consent_version=""),
                name="enrolment_study_needs_consent_and_arm",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | ~Q(withdrawal_reason=""),
                name="enrolment_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(withdrawal_reason="") | Q(withdrawal_reason__in=[r.value for r in WithdrawalReason]),
                name="enrolment_withdrawal_reason_valid",
            ),
        ]


class Assessment(models.Model):
    """One questionnaire expected of one enrolled patient at one time point."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    timepoint = models.ForeignKey(TimePoint, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=20)
    response = models.OneToOneField(
        "questionnaires.Response", on_delete=models.SET_NULL, null=True, blank=True, related_name="assessment"
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "timepoint__offset_days", "instrument"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "timepoint", "instrument"], name="assessment_once"),
            models.CheckConstraint(condition=Q(instrument__in=sorted(INSTRUMENTS)), name="assessment_instrument_known"),
        ]
