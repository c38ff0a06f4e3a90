"""Accountability (issue 12, item 6): who entered a consultation and who is the responsible GP
are recorded and shown separately; the handout is signed by the responsible GP; a red flag of
urgency "emergency" recorded by an assistant alerts every GP of the practice at once. Before: a
consultation recorded by an assistant was filed under the GP's name with no "entered by", and
the handout showed the assistant as signer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from backactive.consultations.models import Consultation, EmergencyAlert, Plan
from backactive.consultations.services import plan_save
from backactive.handouts.build import handout_input
from backactive.security.models import AuditEvent


def _visit(world: Any, **extra: Any) -> dict[str, Any]:
    return {"date": dt.date.today().isoformat(), "clinician": str(world.clinician_x.pk), "pain_now": "5",
            "pain_average": "5", "days_per_week": "2", "minutes_per_day": "20", "max_minutes_per_session": "30",
            "social": "either", **extra}


def test_an_assistants_consultation_names_both_and_the_handout_is_signed_by_the_gp(world: Any, login: Any,
                                                                                    rf: Any) -> None:
    client = login(world.assistant_x)
    assert client.post(reverse("consultations:create", args=[world.patient_a.pk]), _visit(world)).status_code == 302
    visit = Consultation.objects.filter(patient=world.patient_a).first()
    assert visit.clinician == world.clinician_x and visit.entered_by == world.assistant_x
    detail = client.get(reverse("consultations:detail", args=[visit.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Responsible GP" in detail and world.clinician_x.display() in detail
    assert "Entered by" in detail and world.assistant_x.display() in detail
    overview = client.get(reverse("consultations:overview", args=[world.patient_a.pk]),
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"entered by {world.assistant_x.display()}" in overview

    client.post(reverse("diary:pain_create", args=[world.patient_a.pk]), {"date": dt.date.today().isoformat(),
                                                                         "pain": "4"})
    diary = client.get(reverse("diary:list", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"entered by the practice ({world.assistant_x.display()})" in diary
    assert f"Responsible GP: {world.patient_a.clinician.display()}" in diary

    code = client.get(reverse("consultations:suggestions", args=[visit.pk])).context["plan"]["items"][0]["code"]
    plan = plan_save(consultation=visit, created_by=world.assistant_x, lang="en", chosen=[code], times={}, own=[],
                     wants_goals=False, wants_reminders=False)
    assert plan.clinician == world.clinician_x and plan.created_by == world.assistant_x
    request = rf.get("/")
    request.user = world.assistant_x
    assert handout_input(Plan.objects.get(pk=plan.pk), request=request, issue_invitation=False)["signed_by"] == (
        world.clinician_x.display())


def test_an_emergency_red_flag_from_an_assistant_alerts_every_gp_until_one_acknowledges(world: Any,
                                                                                         login: Any) -> None:
    from backactive.accounts.models import Role, User

    second_gp = User.objects.create_user(username="gp2_x", password="x-long-password-1", role=Role.CLINICIAN,
                                         practice=world.practice_x, first_name="Gina")
    client = login(world.assistant_x)
    client.post(reverse("consultations:create", args=[world.patient_a.pk]), _visit(world, red_flags=["cauda_equina"]))
    [alert] = EmergencyAlert.objects.all()
    assert alert.codes == ["cauda_equina"] and alert.raised_by == world.assistant_x

    for gp in (world.clinician_x, second_gp):
        page = login(gp).get(reverse("patients:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Emergency red flag" in page and "Anna A" in page
    assert "Emergency red flag" not in login(world.clinician_y).get(reverse("patients:list")).content.decode()
    assert "Emergency red flag" not in login(world.assistant_x).get(reverse("patients:list")).content.decode()
    url = reverse("consultations:emergency_acknowledge", args=[alert.pk])
    assert login(world.assistant_x).post(url).status_code == 404  # GPs only
    assert login(world.clinician_y).post(url).status_code == 404  # another practice's

    assert login(second_gp).post(url).status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == second_gp and alert.acknowledged_at is not None
    assert "Emergency red flag" not in login(world.clinician_x).get(reverse("patients:list"),
                                                                    HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert AuditEvent.objects.filter(object_type="consultations.emergencyalert", actor_id=second_gp.pk).exists()


def test_a_gp_recording_an_emergency_raises_no_alert(world: Any, login: Any) -> None:
    login(world.clinician_x).post(reverse("consultations:create", args=[world.patient_a.pk]),
                                  _visit(world, red_flags=["cauda_equina"]))
    assert Consultation.objects.filter(patient=world.patient_a, red_flags=["cauda_equina"]).exists()
    assert not EmergencyAlert.objects.exists()


def test_an_assistants_plan_is_a_draft_until_a_gp_signs_it_off(world: Any, login: Any) -> None:
    from backactive.consultations.selectors import current_plan

    visit = world.consultation_a
    before = current_plan(world.patient_a)
    assistant = login(world.assistant_x)
    page = assistant.get(reverse("consultations:suggestions", args=[visit.pk]))
    code = page.context["plan"]["items"][0]["code"]
    assert assistant.post(reverse("consultations:plan_create", args=[visit.pk]), {"chosen": [code]}).status_code == 302
    draft = Plan.objects.filter(patient=world.patient_a).order_by("-version").first()
    assert draft.draft and draft.signed_off_by is None and draft.created_by == world.assistant_x
    assert current_plan(world.patient_a) == before  # the patient still follows the signed plan
    assert assistant.post(reverse("handouts:pdf", args=[draft.pk])).status_code == 404  # no handout yet
    overview = assistant.get(reverse("consultations:overview", args=[world.patient_a.pk]),
                             HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "waiting for a GP" in overview and reverse("consultations:plan_sign_off", args=[draft.pk]) not in overview
    url = reverse("consultations:plan_sign_off", args=[draft.pk])
    assert assistant.post(url).status_code == 404  # a GP signs off

    gp = login(world.clinician_x)
    assert url in gp.get(reverse("consultations:overview", args=[world.patient_a.pk])).content.decode()
    assert gp.post(url).status_code == 302
    draft.refresh_from_db()
    assert not draft.draft and draft.signed_off_by == world.clinician_x
    assert current_plan(world.patient_a) == draft


def _follow_up(world: Any, **extra: Any) -> dict[str, Any]:
    return {**_visit(world), "pain_now": "4", "chosen": ["walking"], "minutes_walking": "60", "times_walking": "4",
            **extra}


def test_an_assistants_follow_up_names_both_and_its_plan_waits_for_a_gp(world: Any, login: Any) -> None:
    """The follow-up panel (issue 14) records a visit and its plan in one submit: typed in by an
    assistant, the visit names both, and the plan is a draft with no handout to print yet."""
    from backactive.consultations.selectors import current_plan

    before = current_plan(world.patient_a)
    assistant = login(world.assistant_x)
    assistant.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    saved = assistant.post(reverse("consultations:follow_up", args=[world.patient_a.pk]), _follow_up(world),
                           HTTP_HX_REQUEST="true").content.decode()
    visit = Consultation.objects.filter(patient=world.patient_a).first()
    assert (visit.clinician, visit.entered_by) == (world.clinician_x, world.assistant_x)
    plan = Plan.objects.get(consultation=visit)
    assert plan.draft and plan.clinician == world.clinician_x and plan.created_by == world.assistant_x
    assert current_plan(world.patient_a) == before  # the patient, reminders and GDT still see the signed plan
    assert 'data-testid="draft-saved"' in saved and 'id="print-handout"' not in saved.split('id="current-plan"')[0]
    assert 'data-testid="draft-plan"' in saved  # the plan section, swapped in place, shows the draft
    assert f"entered by {world.assistant_x.display()}" in saved  # the last consultation, swapped too
    assert assistant.get(reverse("handouts:preview", args=[plan.pk])).status_code == 404

    gp = login(world.clinician_x)
    sign_off = reverse("consultations:plan_sign_off", args=[plan.pk])
    assert sign_off in gp.get(reverse("consultations:overview", args=[world.patient_a.pk])).content.decode()
    assert gp.post(sign_off).status_code == 302
    assert current_plan(world.patient_a) == plan
    preview = gp.get(reverse("handouts:preview", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert preview.status_code == 200 and world.clinician_x.display() in preview.content.decode()


def test_a_gps_later_plan_replaces_a_waiting_draft(world: Any, login: Any) -> None:
    from backactive.consultations.selectors import draft_plan

    login(world.assistant_x).post(reverse("consultations:follow_up", args=[world.patient_a.pk]), _follow_up(world))
    draft = Plan.objects.get(patient=world.patient_a, draft=True)
    assert draft_plan(world.patient_a, after=world.plan_a) == draft
    login(world.clinician_x).post(reverse("consultations:follow_up", args=[world.patient_a.pk]), _follow_up(world))
    newest = Plan.objects.filter(patient=world.patient_a).order_by("-version").first()
    assert not newest.draft and newest.signed_off_by == world.clinician_x
    assert draft_plan(world.patient_a, after=newest) is None  # nothing left to sign off on the GP screen


def test_gdt_and_fhir_see_a_plan_only_once_a_gp_signed_it_off(world: Any, login: Any, monkeypatch: Any,
                                                               django_capture_on_commit_callbacks: Any) -> None:
    from backactive.interop.fhir.selectors import fhir_records
    from backactive.interop.gdt import services as gdt_services

    sent: list[list[str]] = []
    monkeypatch.setattr(gdt_services, "gdt_send_result", lambda **kw: sent.append(list(kw["plan_lines"])))
    with django_capture_on_commit_callbacks(execute=True):
        login(world.assistant_x).post(reverse("consultations:follow_up", args=[world.patient_a.pk]),
                                      _follow_up(world, minutes_walking="55"))
    draft = Plan.objects.get(patient=world.patient_a, draft=True)
    assert not any("55 min" in line for lines in sent for line in lines)  # GDT: only the signed plan
    [record] = fhir_records([world.patient_a], parts=frozenset({"plans"}))
    assert f"cp{draft.pk}" not in [p.id for p in record.plans]
    with django_capture_on_commit_callbacks(execute=True):
        assert login(world.clinician_x).post(reverse("consultations:plan_sign_off", args=[draft.pk])).status_code == 302
    assert any("55 min" in line for line in sent[-1])
    [record] = fhir_records([world.patient_a], parts=frozenset({"plans"}))
    assert f"cp{draft.pk}" in [p.id for p in record.plans]
