"""Every URL pattern, requested as every role. A new view without an entry in ACCESS fails
``test_every_url_has_an_access_rule``, so no view can escape this test.

Denied means: anonymous users are sent to the login page; logged-in users get 404 (never 403,
so another practice's patient ids reveal nothing). Both GET and POST are tried for denials."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anonymous", "patient_a", "patient_b", "admin_x", "clinician_x", "assistant_x", "clinician_y", "coordinator"]
STAFF_X = {"admin_x", "clinician_x", "assistant_x"}
LOGIN = "login"

# rule name -> {role: expected}; expected is an HTTP status, LOGIN, or "ok" (200 or a redirect).
RULES: dict[str, dict[str, Any]] = {
    # Staff pages about one of practice X's objects: only X's staff.
    "staff_object": {r: (200 if r in STAFF_X else 404) for r in ROLES} | {"anonymous": LOGIN},
    # Staff pages that list their own practice's things: every practice's staff, none of X's data for Y.
    "staff_list": {r: (200 if r in STAFF_X | {"clinician_y"} else 404) for r in ROLES} | {"anonymous": LOGIN},
    "staff_object_redirect": {r: ("ok" if r in STAFF_X else 404) for r in ROLES} | {"anonymous": LOGIN},
    "staff_list_empty": {r: (204 if r in STAFF_X | {"clinician_y"} else 404) for r in ROLES} | {"anonymous": LOGIN},
    # Practice administration: the admin of X only.
    "admin_object": {r: (200 if r == "admin_x" else 404) for r in ROLES} | {"anonymous": LOGIN},
    "admin_post": {r: ("ok" if r == "admin_x" else 404) for r in ROLES} | {"anonymous": LOGIN},
    # The patient's own pages: patients only, each sees their own record.
    "patient_self": {r: (200 if r in {"patient_a", "patient_b"} else 404) for r in ROLES} | {"anonymous": LOGIN},
    # Patient-only actions answered with a redirect (form posts) or JSON.
    "patient_post": {r: ("ok" if r in {"patient_a", "patient_b"} else 404) for r in ROLES} | {"anonymous": LOGIN},
    # Behind a secret in the address (invitation code, calendar token): a wrong secret is 404 for everyone.
    "secret": dict.fromkeys(ROLES, 404),
    # A patient action on an object that does not exist (or is someone else's): 404, login first.
    "patient_missing": dict.fromkeys(ROLES, 404) | {"anonymous": LOGIN},
    # The offline sync endpoint: patients get 400 for an empty body; everyone else is denied.
    "patient_sync": {r: (400 if r in {"patient_a", "patient_b"} else 404) for r in ROLES} | {"anonymous": LOGIN},
    # Open to all (login page, language switch, logout, home redirect).
    "open": dict.fromkeys(ROLES, "ok"),
    "home": dict.fromkeys(ROLES, "ok") | {"anonymous": LOGIN},
    # The FHIR API answers bearer tokens only: without one, a session (any role) gets 401 and no data.
    "token_api": dict.fromkeys(ROLES, 401),
    # The SMART token endpoint takes signed assertions only: a session without one gets 400.
    "smart_token": dict.fromkeys(ROLES, 400),
    # A GP's action (acknowledging an emergency alert, signing off a plan, confirming a
    # consultation, of the GP's practice): GPs of X only.
    "gp_post": {r: ("ok" if r == "clinician_x" else 404) for r in ROLES} | {"anonymous": LOGIN},
    # Something only its owner may touch, asked for with an id that is nobody's own: 404 for all.
    "owner_only": dict.fromkeys(ROLES, 404) | {"anonymous": LOGIN},
    # Patient A's own questionnaire (patient B may not open it), a page or a post answered by a redirect.
    "patient_a_only": {r: (200 if r == "patient_a" else 404) for r in ROLES} | {"anonymous": LOGIN},
    "patient_a_post": {r: ("ok" if r == "patient_a" else 404) for r in ROLES} | {"anonymous": LOGIN},
    # The study coordinator's pages (pseudonymised; their own studies only).
    "coordinator_object": {r: (200 if r == "coordinator" else 404) for r in ROLES} | {"anonymous": LOGIN},
    "coordinator_post": {r: ("ok" if r == "coordinator" else 404) for r in ROLES} | {"anonymous": LOGIN},
    # For load balancers, any session or none: not ready here, as no worker runs in the test.
    "readiness": dict.fromkeys(ROLES, 503),
    # Prometheus metrics answer a bearer token only, and 404 while none is configured (the tests).
    "metrics": dict.fromkeys(ROLES, 404),
}

# URL name -> (HTTP method for the allowed check, rule)
ACCESS: dict[str, tuple[str, str]] = {
    "core:home": ("get", "home"),
    "core:health": ("get", "open"),
    "ops:ready": ("get", "readiness"),
    "ops:metrics": ("get", "metrics"),
    "set_language": ("post", "open"),
    "accounts:login": ("get", "open"),
    "accounts:logout": ("post", "open"),
    "accounts:staff_list": ("get", "admin_object"),
    "accounts:staff_create": ("get", "admin_object"),
    "accounts:staff_edit": ("get", "admin_object"),
    "accounts:staff_deactivate": ("get", "admin_object"),
    "patients:list": ("get", "staff_list"),
    "patients:create": ("get", "staff_list"),
    "consultations:overview": ("get", "staff_object"),
    "patients:edit": ("get", "staff_object"),
    "consultations:create": ("get", "staff_object"),
    "consultations:follow_up": ("get", "staff_object_redirect"),
    "consultations:detail": ("get", "staff_object"),
    "consultations:suggestions": ("get", "staff_object"),
    "consultations:plan_create": ("get", "staff_object_redirect"),
    "consultations:emergency_acknowledge": ("post", "gp_post"),
    "consultations:plan_sign_off": ("post", "gp_post"),
    "consultations:confirm": ("post", "gp_post"),
    "consultations:plans": ("get", "staff_object"),
    "diary:list": ("get", "staff_object"),
    "diary:pain_create": ("get", "staff_object"),
    "diary:activity_create": ("get", "staff_object"),
    "diary:entry_correct": ("get", "patient_missing"),  # an entry that is nobody's: 404 for all
    "me:today": ("get", "patient_self"),
    "me:entry": ("post", "patient_post"),
    "me:entry_delete": ("post", "patient_missing"),
    "me:plan_level": ("post", "patient_missing"),
    "me:session": ("get", "patient_self"),
    "me:entry_correct": ("get", "patient_missing"),
    "me:sync": ("post", "patient_sync"),
    "me:service_worker": ("get", "open"),
    "me:welcome": ("get", "patient_self"),
    "me:progress": ("get", "patient_self"),
    "me:plan": ("get", "patient_self"),
    "me:settings": ("get", "patient_self"),
    "me:settings_save": ("post", "patient_post"),
    "me:calendar_download": ("get", "patient_post"),
    "me:data": ("get", "patient_self"),
    "me:export": ("get", "patient_self"),
    "me:delete_all": ("post", "patient_post"),
    "consultations:paper_week": ("get", "staff_object"),
    "patients:invitation_create": ("get", "staff_object"),
    "patients:invitation_start": ("get", "open"),
    "patients:invitation_accept": ("get", "secret"),
    "reminders:feed": ("get", "secret"),
    "interop:gdt_launch": ("get", "staff_list_empty"),
    "interop:gdt_settings": ("get", "admin_object"),
    "security:patient_access": ("get", "admin_object"),
    "security:my_access": ("get", "patient_self"),
    "security:sessions": ("get", "home"),
    "security:end_session": ("post", "owner_only"),
    "security:password_change": ("get", "home"),
    "privacy:patient_privacy": ("get", "admin_object"),
    "privacy:patient_export": ("get", "admin_object"),
    "privacy:patient_consent": ("post", "admin_post"),
    "privacy:patient_erase": ("post", "admin_post"),
    "privacy:my_privacy": ("get", "patient_self"),
    "privacy:my_export": ("get", "patient_self"),
    "privacy:my_consent_withdraw": ("post", "patient_post"),
    "privacy:my_erase": ("post", "patient_post"),
    "security:otp_verify": ("get", "home"),
    "security:otp_setup": ("get", "home"),
    "security:otp_reset": ("post", "admin_post"),
    "security:otp_enrolment": ("post", "admin_post"),
    "handouts:pdf": ("post", "staff_object"),
    "offers:list": ("get", "staff_list"),
    "offers:imports": ("get", "staff_list"),
    "offers:import_upload": ("get", "staff_list"),
    "offers:edit": ("get", "staff_object"),
    "offers:import_detail": ("get", "staff_object"),
    "offers:hide": ("post", "staff_object_redirect"),
    "offers:checked": ("post", "staff_object_redirect"),
    "handouts:preview": ("get", "staff_object"),
    "interop:fhir_metadata": ("get", "open"),
    **{f"interop:fhir_{t}_{i}": ("get", "token_api") for t in ("patient", "observation", "goal", "careplan",
                                                                 "servicerequest") for i in ("read", "search")},
    "interop:fhir_unknown": ("get", "secret"),
    "interop:fhir_smart_token": ("post", "smart_token"),
    "interop:fhir_smart_configuration": ("get", "open"),
    "interop:fhir_smart_clients": ("get", "admin_object"),
    "interop:fhir_patient_export": ("get", "token_api"),
    "interop:fhir_group_export": ("get", "token_api"),
    "interop:fhir_bulk_status": ("get", "token_api"),
    "interop:fhir_bulk_file": ("get", "token_api"),
    "interop:fhir_tokens": ("get", "admin_object"),
    "interop:fhir_import": ("get", "staff_object"),
    "interop:fhir_bundle": ("get", "staff_object"),
    "questionnaires:new": ("get", "staff_object"),
    "questionnaires:response": ("get", "staff_object"),
    "questionnaires:correct": ("post", "staff_object_redirect"),
    "questionnaires:seen": ("post", "staff_object_redirect"),
    "studies:list": ("get", "coordinator_object"),
    "studies:create": ("get", "coordinator_object"),
    "studies:detail": ("get", "coordinator_object"),
    "studies:practice_add": ("post", "coordinator_post"),
    "studies:randomise": ("post", "coordinator_post"),
    "studies:dashboard": ("get", "coordinator_object"),
    "studies:export": ("get", "coordinator_object"),
    "studies:codebook": ("get", "coordinator_object"),
    "studies:worklist": ("get", "staff_list"),
    "studies:schedules": ("get", "staff_list"),
    "studies:schedule_create": ("get", "admin_object"),
    "studies:schedule_enrol": ("post", "staff_object_redirect"),
    "studies:enter": ("get", "staff_object"),
    "studies:paper": ("get", "staff_object"),
    "studies:remind": ("post", "staff_object_redirect"),
    "studies:patient": ("get", "staff_object"),
    "studies:enrol": ("get", "staff_object"),
    "studies:withdraw": ("post", "staff_object_redirect"),
    "me:questionnaires": ("get", "patient_self"),
    "me:questionnaire": ("get", "patient_a_only"),
    "me:questionnaire_save": ("post", "patient_a_post"),
    "me:questionnaire_done": ("get", "patient_a_post"),
    "jobs:list": ("get", "staff_list"),
    "jobs:detail": ("get", "staff_object"),
    "exercises:practice": ("get", "admin_object"),
    "exercises:practice_switch": ("post", "admin_post"),
}


def _patterns(resolver: URLResolver, prefix: str = "", params: frozenset[str] = frozenset()) -> dict[str, set[str]]:
    """URL name -> the names of its parameters (from every level of include())."""
    found: dict[str, set[str]] = {}
    for entry in resolver.url_patterns:
        own = frozenset(getattr(entry.pattern, "converters", {})) | frozenset(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found.update(_patterns(entry, ns, params | own))
        elif isinstance(entry, URLPattern) and entry.name:
            found[prefix + entry.name] = set(params | own)
    return found


PATTERNS = _patterns(get_resolver())
ALL_NAMES = sorted(PATTERNS)


def test_every_url_has_an_access_rule() -> None:
    missing = [n for n in ALL_NAMES if n not in ACCESS]
    assert not missing, f"URLs without an access rule in this test: {missing}"
    stale = [n for n in ACCESS if n not in PATTERNS]
    assert not stale, f"access rules for URLs that no longer exist: {stale}"


@dataclass
class StudyWorld:
    coordinator: Any
    study_id: int
    assessment_id: int
    enrolment_id: int
    response_id: int


@pytest.fixture
def study_world(world: Any) -> StudyWorld:
    """A running study of practices X and Y, patient A enrolled, a coordinator, one stored PHQ-4."""
    from django.utils import timezone

    from backactive.accounts.models import Role
    from backactive.questionnaires.services import response_enter
    from backactive.studies import services
    from backactive.studies.models import Assessment
    from tests.conftest import make_user

    coordinator = make_user(None, "coordinator", Role.COORDINATOR)
    study = services.study_create(
        name="S",
        code="S1",
        consent_text="Ja.",
        coordinator=coordinator,
        arms=[services.ArmSpec("control", "C", is_control=True), services.ArmSpec("intervention", "I")],
        timepoints=[services.TimePointSpec("baseline", "Baseline", 0, ("phq4",))],
        seed="url-test",
    )
    services.study_practice_add(study=study, practice=world.practice_x, size=2)
    services.study_practice_add(study=study, practice=world.practice_y, size=1)
    services.study_randomise(study=study, by=coordinator)
    enrolment = services.enrolment_create(
        patient=world.patient_a, study=study, by=world.clinician_x, consent_given=True
    )
    response = response_enter(
        patient=world.patient_a,
        instrument_code="peg",
        user=world.clinician_x,
        answers={"pain_average": 1, "interference_enjoyment": 1, "interference_activity": 1},
        source="consultation",
        answered_on=timezone.localdate(),
    )
    return StudyWorld(coordinator, study.pk, Assessment.objects.get(enrolment=enrolment).pk, enrolment.pk, response.pk)


def _job_x(world: Any) -> int:
    from backactive.jobs.models import Job

    return Job.objects.get_or_create(kind="offers.import", practice=world.practice_x)[0].pk


def _alert_x(world: Any) -> int:
    from backactive.consultations.models import EmergencyAlert

    return EmergencyAlert.objects.get_or_create(practice=world.practice_x, patient=world.patient_a,
                                                consultation=world.consultation_a, codes=["cauda_equina"])[0].pk


def _url(name: str, world: Any, study: StudyWorld) -> str:
    values = {
        "patient_id": world.patient_a.pk,
        "consultation_id": world.consultation_a.pk,
        "user_id": world.assistant_x.pk,
        "session_id": 987654,
        "plan_id": world.plan_a.pk,
        "offer_id": world.offer_x.pk,
        "run_id": world.import_run_x.pk,
        "job_id": _job_x(world),
        "alert_id": _alert_x(world),
        # Patient pages' parameters: a wrong secret, an entry that is nobody's, a real part/format.
        "code": "NOTAVALIDCODE",
        "token": "not-a-valid-token",
        "kind": "pain",
        "entry_id": 999999,
        "item_id": 999999,
        "part": "goal",
        "fmt": "json",
        # Study mode: patient A's study, expected questionnaire, enrolment and a stored questionnaire.
        "study_id": study.study_id,
        "assessment_id": study.assessment_id,
        "enrolment_id": study.enrolment_id,
        "response_id": study.response_id,
        "instrument_code": "phq4",
        "resource_id": "1",
        "group_id": "1",
        "export_id": "00000000-0000-0000-0000-000000000001",
        "file_id": "Patient-1.ndjson",
    }
    unknown = PATTERNS[name] - set(values)
    assert not unknown, f"{name}: add a value for URL parameter(s) {unknown} to this test"
    return reverse(name, kwargs={k: values[k] for k in PATTERNS[name]})


def _check(response: Any, expected: Any, label: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], label
    elif expected == "ok":
        assert response.status_code in (200, 302), f"{label}: {response.status_code}"
    else:
        assert response.status_code == expected, f"{label}: got {response.status_code}, expected {expected}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_url_as_role(name: str, role: str, world: Any, study_world: StudyWorld, client: Any) -> None:
    method, rule = ACCESS[name]
    expected = RULES[rule][role]
    if role == "coordinator":
        client.force_login(study_world.coordinator)
    elif role != "anonymous":
        client.force_login(getattr(world, role if role.endswith(("_x", "_y")) else f"{role}_user"))
    url = _url(name, world, study_world)
    response = getattr(client, method)(url)
    _check(response, expected, f"{method.upper()} {url} as {role}")
    if expected in (404, LOGIN):
        # Denied for one method means denied for the other one as well.
        other = client.post(url) if method == "get" else client.get(url)
        _check(other, expected, f"{'POST' if method == 'get' else 'GET'} {url} as {role}")
    if response.status_code == 200 and role in {"clinician_y", "patient_b", "coordinator"}:
        # Allowed pages never show data of practice X's patient A to practice Y or to patient B, nor
        # a patient's name to a study coordinator (pseudonymised data only).
        assert "Anna A" not in response.content.decode(), f"{url} as {role} shows patient A"
