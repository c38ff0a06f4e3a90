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


def test_an_assistants_consultation_is_a_draft_until_a_gp_confirms_it(world: Any, login: Any, monkeypatch: Any,
                                                                      django_capture_on_commit_callbacks: Any) -> None:
    """Draft consultations (issue 12, item 6): an assistant's visit waits for a GP. Until then the
    practice system gets no 6310 result, FHIR and the patient's pages do not know it; the GP
    screen shows it with who entered it and a confirm button (GPs only). Confirming records who
    and when, is audited, and sends the result once, however often it is pressed. Before: the
    assistant's consultation counted at once, as if the GP had recorded it."""
    from backactive.interop.fhir.selectors import fhir_records
    from backactive.interop.gdt import services as gdt_services

    sent: list[int] = []
    monkeypatch.setattr(gdt_services, "gdt_send_result", lambda **kw: sent.append(kw["minutes_per_week"]))
    assistant = login(world.assistant_x)
    with django_capture_on_commit_callbacks(execute=True):
        assistant.post(reverse("consultations:create", args=[world.patient_a.pk]),
                       _visit(world, days_per_week="7", minutes_per_day="37"))
    visit = Consultation.objects.filter(patient=world.patient_a).first()
    assert visit.draft and visit.entered_by == world.assistant_x and visit.confirmed_by is None
    assert sent == []  # no 6310 for a draft
    [record] = fhir_records([world.patient_a], parts=frozenset({"measurements"}))
    assert not any(m.id.startswith(f"c{visit.pk}-") for m in record.measurements)
    overview = assistant.get(reverse("consultations:overview", args=[world.patient_a.pk]),
                             HTTP_ACCEPT_LANGUAGE="en").content.decode()
    confirm = reverse("consultations:confirm", args=[visit.pk])
    assert 'data-testid="draft-consultation"' in overview and f"Entered by {world.assistant_x.display()}" in overview
    assert confirm not in overview  # the button is a GP's
    assert assistant.post(confirm).status_code == 404
    visit.refresh_from_db()
    assert visit.draft

    gp = login(world.clinician_x)
    page = gp.get(reverse("consultations:overview", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert confirm in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert gp.post(confirm).status_code == 302
        assert gp.post(confirm).status_code == 302  # sent twice: a state, nothing more happens
    visit.refresh_from_db()
    assert not visit.draft and visit.confirmed_by == world.clinician_x and visit.confirmed_at is not None
    assert sent == [7 * 37]  # one 6310 result, after the confirmation
    [record] = fhir_records([world.patient_a], parts=frozenset({"measurements"}))
    assert any(m.id == f"c{visit.pk}-minutesperweek" for m in record.measurements)
    assert AuditEvent.objects.filter(object_type="consultations.consultation", object_id=str(visit.pk),
                                     actor_id=world.clinician_x.pk).exists()
    detail = gp.get(reverse("consultations:detail", args=[visit.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Confirmed by {world.clinician_x.display()}" in detail
    assert 'data-testid="draft-consultation"' not in detail


def test_the_patients_pages_know_a_draft_visit_once_confirmed(world: Any, login: Any, monkeypatch: Any) -> None:
    """The patient's progress page marks visits on the chart: an assistant's draft only once a GP
    has confirmed it."""
    from backactive.consultations.services import consultation_confirm
    from backactive.me import selectors as me_selectors

    seen: list[list[dt.date]] = []
    real = me_selectors.render_screen_charts

    def spy(weeks: Any, visits: Any, *args: Any, **kwargs: Any) -> str:
        seen.append(list(visits))
        return real(weeks, visits, *args, **kwargs)

    monkeypatch.setattr(me_selectors, "render_screen_charts", spy)
    assistant = login(world.assistant_x)
    assistant.post(reverse("diary:pain_create", args=[world.patient_a.pk]), {"date": dt.date.today().isoformat(),
                                                                            "pain": "4"})
    assistant.post(reverse("consultations:create", args=[world.patient_a.pk]), _visit(world))
    visit = Consultation.objects.filter(patient=world.patient_a).first()
    assert visit.draft
    me_selectors.progress(world.patient_a)
    consultation_confirm(consultation=visit, by=world.clinician_x)
    me_selectors.progress(world.patient_a)
    assert len(seen) == 2 and seen[1].count(visit.date) == seen[0].count(visit.date) + 1


def test_a_gp_signing_off_the_plan_confirms_its_draft_consultation(world: Any, login: Any) -> None:
    login(world.assistant_x).post(reverse("consultations:follow_up", args=[world.patient_a.pk]), _follow_up(world))
    visit = Consultation.objects.filter(patient=world.patient_a).first()
    plan = Plan.objects.get(consultation=visit)
    assert visit.draft and plan.draft
    assert login(world.clinician_x).post(reverse("consultations:plan_sign_off", args=[plan.pk])).status_code == 302
    visit.refresh_from_db()
    assert not visit.draft and visit.confirmed_by == world.clinician_x


def test_a_gps_own_consultation_is_confirmed_as_it_is_saved(world: Any, login: Any) -> None:
    login(world.clinician_x).post(reverse("consultations:create", args=[world.patient_a.pk]), _visit(world))
    visit = Consultation.objects.filter(patient=world.patient_a).first()
    assert not visit.draft and visit.confirmed_by == world.clinician_x == visit.entered_by


def test_an_assistant_cannot_clear_a_red_flag(world: Any, login: Any) -> None:
    """Red-flag decisions need a clinician: an assistant may record a red flag, not record it as
    assessed and cleared (the full form and the follow-up panel alike)."""
    assistant = login(world.assistant_x)
    assistant.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = Consultation.objects.count()
    flags = {"red_flags": ["night_pain"], "red_flags_cleared": ["night_pain"], "clearance_note": "assessed, no concern"}
    page = assistant.post(reverse("consultations:create", args=[world.patient_a.pk]), _visit(world, **flags))
    assert page.status_code == 200 and "Only a GP can record a red flag as assessed and cleared." in (
        page.content.decode())
    assistant.post(reverse("consultations:follow_up", args=[world.patient_a.pk]), _follow_up(world, **flags))
    assert Consultation.objects.count() == before
    assert not any(c.red_flag_clearances for c in Consultation.objects.all())
    # The GP may.
    login(world.clinician_x).post(reverse("consultations:create", args=[world.patient_a.pk]), _visit(world, **flags))
    visit = Consultation.objects.filter(patient=world.patient_a).first()
    assert visit.cleared_red_flags == ["night_pain"] and visit.red_flag_clearances[0]["by"] == world.clinician_x.pk
