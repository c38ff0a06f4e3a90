"""Writes of study mode: setting up a study, randomising its practices, enrolling and
withdrawing patients, and linking answered questionnaires to what was expected."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import Practice, User
from backactive.patients.models import Patient
from backactive.questionnaires import INSTRUMENTS
from backactive.questionnaires import services as questionnaire_services
from backactive.questionnaires.models import Response, Source
from backactive.security.audit import record as audit_record
from backactive.security.models import AuditAction

from . import randomisation
from .models import (
    AllocationRecord,
    Arm,
    Assessment,
    Enrolment,
    Schedule,
    Study,
    StudyPractice,
    TimePoint,
    WithdrawalReason,
)


@dataclass(frozen=True)
class ArmSpec:
    code: str
    name: str
    is_control: bool = False


@dataclass(frozen=True)
class TimePointSpec:
    code: str
    label: str
    offset_days: int
    instruments: tuple[str, ...]
    before_days: int = 0
    after_days: int = 14


def consent_version(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def _timepoints_create(schedule: Schedule, timepoints: Sequence[TimePointSpec]) -> None:
    if not timepoints:
        raise ValidationError(_("A schedule needs at least one time point."))
    for spec in timepoints:
        unknown = [code for code in spec.instruments if code not in INSTRUMENTS]
        if unknown or not spec.instruments:
            raise ValidationError(_("Unknown or no questionnaires at “%(label)s”.") % {"label": spec.label})
        if spec.before_days > spec.offset_days:
            raise ValidationError(_("The window of “%(label)s” opens before the start.") % {"label": spec.label})
        TimePoint.objects.create(
            schedule=schedule,
            code=spec.code,
            label=spec.label,
            offset_days=spec.offset_days,
            before_days=spec.before_days,
            after_days=spec.after_days,
            instruments=list(spec.instruments),
        )


@transaction.atomic
def study_create(
    *,
    name: str,
    code: str,
    consent_text: str,
    arms: Sequence[ArmSpec],
    timepoints: Sequence[TimePointSpec],
    coordinator: User,
    method: str = "stratified",
    size_cutoff: int = 3,
    seed: str | None = None,
) -> Study:
    """A study in set-up. The seed is drawn now (or given, for a reproducible demo) and concealed:
    only its commitment (SHA-256) is shown until the practices are allocated."""
    if len(arms) < 2 or sum(a.is_control for a in arms) > 1:
        raise ValidationError(_("A study needs at least two arms and at most one control arm."))
    if method not in randomisation.METHODS:
        raise ValidationError(_("Unknown randomisation method."))
    if not consent_text.strip():
        raise ValidationError(_("The study needs its own consent text."))
    seed = seed or secrets.token_hex(16)
    study = Study.objects.create(
        name=name,
        code=code,
        consent_text=consent_text.strip(),
        method=method,
        size_cutoff=size_cutoff,
        seed=seed,
        seed_commitment=randomisation.commitment(seed),
    )
    study.coordinators.add(coordinator)
    for spec in arms:
        Arm.objects.create(study=study, code=spec.code, name=spec.name, is_control=spec.is_control)
    schedule = Schedule.objects.create(study=study, name=name)
    _timepoints_create(schedule, timepoints)
    audit_record(AuditAction.CREATE, user=coordinator, obj=study)
    return study


def schedule_create(*, practice: Practice, name: str, timepoints: Sequence[TimePointSpec]) -> Schedule:
    """A practice's own schedule, to measure its outcomes without a study."""
    with transaction.atomic():
        schedule = Schedule.objects.create(practice=practice, name=name)
        _timepoints_create(schedule, timepoints)
    return schedule


@transaction.atomic
def study_practice_add(*, study: Study, practice: Practice, size: int) -> StudyPractice:
    study = Study.objects.select_for_update().get(pk=study.pk)  # the status as it is now, not as the caller saw it
    if study.status != Study.Status.SETUP:
        raise ValidationError(_("Practices can join only before the randomisation."))
    if size < 1:
        raise ValidationError(_("The practice size must be at least 1."))
    if StudyPractice.objects.filter(study=study, practice=practice).exists():
        raise ValidationError(_("This practice already takes part."))
    number = StudyPractice.objects.filter(study=study).count() + 1
    return StudyPractice.objects.create(
        study=study, practice=practice, size=size, pseudonym=f"{study.code}-P{number:02d}"
    )


@transaction.atomic
def study_randomise(*, study: Study, by: User) -> AllocationRecord:
    """Allocate every participating practice to an arm, once. Recorded with its seed, inputs and
    digest (``AllocationRecord``) and in the audit trail."""
    study = Study.objects.select_for_update().get(pk=study.pk)
    if study.status != Study.Status.SETUP or AllocationRecord.objects.filter(study=study).exists():
        raise ValidationError(_("This study has been randomised already."))
    members = list(StudyPractice.objects.filter(study=study).order_by("practice_id"))
    arms = list(Arm.objects.filter(study=study).order_by("code"))
    if len(members) < len(arms):
        raise ValidationError(_("At least as many practices as arms are needed."))
    clusters = [randomisation.Cluster(key=str(m.practice_id), size=m.size) for m in members]
    result = randomisation.allocate(
        clusters, [a.code for a in arms], seed=study.seed, method=study.method, cutoff=study.size_cutoff
    )
    by_code = {a.code: a for a in arms}
    for member in members:
        member.arm = by_code[result.arms[str(member.practice_id)]]
        member.stratum = result.strata[str(member.practice_id)]
        member.save(update_fields=["arm", "stratum"])
    record = AllocationRecord.objects.create(
        study=study,
        method=study.method,
        seed=study.seed,
        seed_commitment=study.seed_commitment,
        size_cutoff=study.size_cutoff,
        clusters=sorted([c.key, c.size] for c in clusters),
        arms=[a.code for a in arms],
        result=result.arms,
        digest=result.digest,
        performed_by=by,
    )
    study.status = Study.Status.RUNNING
    study.save(update_fields=["status"])
    audit_record(AuditAction.CHANGE, user=by, obj=record)
    return record


def allocation_verify(record: AllocationRecord) -> bool:
    """Re-run the allocation from the record: the same seed and inputs must give the same result."""
    clusters = [randomisation.Cluster(key=key, size=size) for key, size in record.clusters]
    again = randomisation.allocate(
        clusters, record.arms, seed=record.seed, method=record.method, cutoff=record.size_cutoff
    )
    return again.arms == record.result and again.digest == record.digest


def _assessments_create(enrolment: Enrolment) -> None:
    Assessment.objects.bulk_create(
        Assessment(enrolment=enrolment, timepoint=tp, instrument=code)
        for tp in enrolment.schedule.timepoints.all()
        for code in tp.instruments
    )


def _pseudonym(study: Study) -> str:
    while True:  # 16^6 codes per study; a clash is retried
        candidate = f"{study.code}-{secrets.token_hex(3).upper()}"
        if not Enrolment.objects.filter(study=study, pseudonym=candidate).exists():
            return candidate


@transaction.atomic
def enrolment_create(
    *,
    patient: Patient,
    study: Study,
    by: User,
    consent_given: bool,
    start_date: dt.date | None = None,
    shown_consent_version: str = "",
) -> Enrolment:
    """Enrol a patient of a participating practice, with research consent to this study's own text
    (``shown_consent_version`` guards against consent to a text that changed meanwhile)."""
    if not consent_given:
        raise ValidationError(_("The patient's consent to this study is needed."))
    version = consent_version(study.consent_text)
    if shown_consent_version and shown_consent_version != version:
        raise ValidationError(_("The consent text has changed; please read it with the patient again."))
    if not Study.objects.filter(pk=study.pk, status=Study.Status.RUNNING).exists():
        raise ValidationError(_("Patients can be enrolled once the practices are randomised."))
    member = StudyPractice.objects.filter(study=study, practice_id=patient.practice_id).select_related("arm").first()
    if member is None or member.arm is None:
        raise ValidationError(_("This practice does not take part in the study."))
    schedule = Schedule.objects.get(study=study)
    if Enrolment.objects.filter(schedule=schedule, patient=patient).exists():
        raise ValidationError(_("The patient is enrolled already."))
    enrolment = Enrolment.objects.create(
        schedule=schedule,
        patient=patient,
        study=study,
        arm=member.arm,
        start_date=start_date or timezone.localdate(),
        pseudonym=_pseudonym(study),
        consented_at=timezone.now(),
        consent_version=version,
        enrolled_by=by,
    )
    _assessments_create(enrolment)
    return enrolment


@transaction.atomic
def schedule_enrol(*, patient: Patient, schedule: Schedule, by: User, start_date: dt.date | None = None) -> Enrolment:
    """Put a patient on the practice's own schedule (no study, no randomisation)."""
    if schedule.study_id is not None or schedule.practice_id != patient.practice_id:
        raise ValidationError(_("This schedule is not one of the practice's own."))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                schedule=schedule, patient=patient, start_date=start_date or timezone.localdate(), enrolled_by=by
            )
    except IntegrityError:
        raise ValidationError(_("The patient is on this schedule already.")) from None
    _assessments_create(enrolment)
    return enrolment


def enrolment_withdraw(*, enrolment: Enrolment, reason: str, on: dt.date | None = None) -> Enrolment:
    """The patient leaves (a dropout, with its reason). What was answered stays."""
    if reason not in WithdrawalReason.values:
        raise ValidationError(_("Please choose a reason."))
    if enrolment.withdrawn_on is not None:
        raise ValidationError(_("The patient has left already."))
    enrolment.withdrawn_on, enrolment.withdrawal_reason = on or timezone.localdate(), reason
    enrolment.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    return enrolment


@transaction.atomic
def assessment_response(
    *,
    assessment: Assessment,
    user: User | None,
    source: str,
    lang: str = "de",
    client_id: uuid.UUID | None = None,
) -> Response:
    """The response that answers ``assessment``: the one started already, or a new one."""
    assessment = Assessment.objects.select_for_update().select_related("enrolment__patient").get(pk=assessment.pk)
    if assessment.response_id is not None:
        return Response.objects.get(pk=assessment.response_id)
    response = questionnaire_services.response_start(
        patient=assessment.enrolment.patient,
        instrument_code=assessment.instrument,
        source=source,
        user=user,
        lang=lang,
        client_id=client_id,
    )
    assessment.response = response
    assessment.save(update_fields=["response"])
    return response


def assessment_enter(
    *,
    assessment: Assessment,
    answers: dict[str, object],
    user: User,
    source: str,
    answered_on: dt.date,
    lang: str = "de",
) -> Response:
    """A whole paper form (or the consultation) for an expected questionnaire."""
    if source not in (Source.PAPER, Source.CONSULTATION):
        raise ValidationError(_("Unknown source."))
    with transaction.atomic():
        response = assessment_response(assessment=assessment, user=user, source=source, lang=lang)
        if response.complete:
            raise ValidationError(_("This questionnaire has been answered already; correct it instead."))
        if response.source != source:
            response.source = source
            response.save(update_fields=["source"])
        missing = {i.key: None for i in INSTRUMENTS[assessment.instrument].items if answers.get(i.key) is None}
        if missing:
            raise ValidationError({key: _("This question is not answered yet.") for key in missing})
        return questionnaire_services.response_save(
            response=response, answers=answers, user=user, answered_on=answered_on
        )
