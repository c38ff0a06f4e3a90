"""Which consultations and plans a user may see: those of the patients they may see
(``patients.access``). A denial is a 404 and is audited, as is every view."""

from __future__ import annotations

from backactive.accounts.access import denied, viewed
from backactive.accounts.models import Role, User
from backactive.patients.access import patients_for_user

from .models import Consultation, EmergencyAlert, Plan, PlanItem


def get_consultation_for_user(user: User, consultation_id: int) -> Consultation:
    try:
        consultation = Consultation.objects.select_related("patient", "clinician", "entered_by",
                                                                   "confirmed_by").get(
            pk=consultation_id, patient__in=patients_for_user(user)
        )
    except Consultation.DoesNotExist:
        raise denied(user, "consultations.consultation", consultation_id) from None
    viewed(user, consultation.patient_id, consultation)
    return consultation


def get_plan_for_user(user: User, plan_id: int) -> Plan:
    try:
        plan = (Plan.objects.select_related("patient__practice", "created_by", "clinician").prefetch_related("items")
                .get(pk=plan_id, patient__in=patients_for_user(user)))
    except Plan.DoesNotExist:
        raise denied(user, "consultations.plan", plan_id) from None
    viewed(user, plan.patient_id, plan)
    return plan


def get_exercise_item_for_user(user: User, item_id: int) -> PlanItem:
    """A home exercise of the patient's current plan (GP and patient change its level there)."""
    try:
        item = PlanItem.objects.select_related("plan").get(
            pk=item_id, kind="exercise", plan__patient__in=patients_for_user(user)
        )
    except PlanItem.DoesNotExist:
        raise denied(user, "consultations.planitem", item_id) from None
    newest = Plan.objects.filter(patient_id=item.plan.patient_id).order_by("-version").values_list("pk", flat=True)
    if newest.first() != item.plan_id:
        raise denied(user, "consultations.planitem", item_id)
    viewed(user, item.plan.patient_id, item.plan)
    return item


def get_alert_for_gp(user: User, alert_id: int) -> EmergencyAlert:
    """An open or acknowledged emergency alert of the GP's own practice; GPs only."""
    alert = EmergencyAlert.objects.filter(pk=alert_id, patient__in=patients_for_user(user)).first()
    if alert is None or user.role != Role.CLINICIAN:
        raise denied(user, "consultations.emergencyalert", alert_id)
    return alert


def get_plan_for_gp(user: User, plan_id: int) -> Plan:
    """A plan of the GP's patients, for a GP's decision (signing off a draft); 404 for anyone else."""
    if user.role != Role.CLINICIAN:
        raise denied(user, "consultations.plan", plan_id)
    return get_plan_for_user(user, plan_id)


def get_consultation_for_gp(user: User, consultation_id: int) -> Consultation:
    """A consultation of the GP's patients, for a GP's decision (confirming an assistant's draft);
    404 for anyone else."""
    if user.role != Role.CLINICIAN:
        raise denied(user, "consultations.consultation", consultation_id)
    return get_consultation_for_user(user, consultation_id)
