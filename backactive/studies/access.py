"""Who may see what in study mode, built on ``accounts.access`` (404 and audited otherwise):

- study coordinators: the studies they coordinate, pseudonymised (no patient names anywhere);
- practice staff: their own patients' enrolments and expected questionnaires;
- patients: their own expected questionnaires.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from backactive.accounts.access import denied, viewed
from backactive.accounts.models import User
from backactive.patients.models import Patient

from .models import Assessment, Enrolment, Schedule, Study


def studies_for_coordinator(user: User) -> QuerySet[Study]:
    if not user.is_study_coordinator:
        return Study.objects.none()
    return Study.objects.filter(coordinators=user)


def get_study_for_coordinator(user: User, study_id: int) -> Study:
    try:
        return studies_for_coordinator(user).get(pk=study_id)
    except Study.DoesNotExist:
        raise denied(user, "studies.study", study_id) from None


def studies_for_practice(user: User) -> QuerySet[Study]:
    """The running studies the user's practice takes part in (for enrolling its patients)."""
    if not user.is_practice_staff:
        return Study.objects.none()
    return Study.objects.filter(practices__practice_id=user.practice_id or 0, status=Study.Status.RUNNING)


def schedules_for_practice(user: User) -> QuerySet[Schedule]:
    """The practice's own schedules (not studies'), with their time points and patient counts."""
    if not user.is_practice_staff:
        return Schedule.objects.none()
    return (
        Schedule.objects.filter(practice_id=user.practice_id or 0, study__isnull=True)
        .annotate(patients=Count("enrolments"))
        .prefetch_related("timepoints")
        .order_by("name", "id")
    )


def get_schedule_for_user(user: User, schedule_id: object) -> Schedule | None:
    """One of the practice's own schedules, or None (a form choice that is not one of them)."""
    try:
        return schedules_for_practice(user).get(pk=int(str(schedule_id)))
    except (ValueError, Schedule.DoesNotExist):
        return None


def get_assessment_for_user(user: User, assessment_id: int) -> Assessment:
    """Staff of the patient's practice, or the patient themself."""
    found = Assessment.objects.select_related("enrolment__patient__practice", "timepoint", "response")
    if user.is_practice_staff:
        found = found.filter(enrolment__patient__practice_id=user.practice_id or 0)
    elif user.is_patient:
        found = found.filter(enrolment__patient__user=user, enrolment__withdrawn_on__isnull=True)
    else:
        raise denied(user, "studies.assessment", assessment_id)
    try:
        assessment = found.get(pk=assessment_id)
    except Assessment.DoesNotExist:
        raise denied(user, "studies.assessment", assessment_id) from None
    viewed(user, assessment.enrolment.patient_id, assessment)
    return assessment


def get_enrolment_for_user(user: User, patient: Patient, enrolment_id: int) -> Enrolment:
    try:
        return Enrolment.objects.select_related("study").get(
            pk=enrolment_id, patient=patient, patient__practice_id=user.practice_id or 0
        )
    except Enrolment.DoesNotExist:
        raise denied(user, "studies.enrolment", enrolment_id) from None
