"""Shared fixtures: two practices and the named users every access test uses.

Practice X has an admin, a GP (clinician), an assistant and two patients with logins (A, B);
practice Y has a GP and a patient of its own. Browser tests need DJANGO_ALLOW_ASYNC_UNSAFE
because Playwright's sync API runs an event loop in the test thread that also uses the ORM.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "a-long-test-passphrase"


@dataclass
class World:
    practice_x: object
    practice_y: object
    admin_x: object
    clinician_x: object
    assistant_x: object
    patient_a_user: object
    patient_b_user: object
    clinician_y: object
    patient_a: object
    patient_b: object
    patient_y: object
    consultation_a: object
    consultation_y: object
    plan_a: object
    offer_x: object
    import_run_x: object


def make_user(practice, username, role):  # type: ignore[no-untyped-def]
    from backactive.accounts.models import User

    user = User(username=username, role=role, practice=practice, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    from backactive.accounts.models import Practice, Role
    from backactive.consultations.services import consultation_create
    from backactive.patients.models import Patient

    x = Practice.objects.create(name="Praxis X", postcode="35037")
    y = Practice.objects.create(name="Praxis Y", postcode="10115")
    admin_x = make_user(x, "admin_x", Role.ADMIN)
    clinician_x = make_user(x, "gp_x", Role.CLINICIAN)
    assistant_x = make_user(x, "mfa_x", Role.ASSISTANT)
    a_user = make_user(x, "patient_a", Role.PATIENT)
    b_user = make_user(x, "patient_b", Role.PATIENT)
    clinician_y = make_user(y, "gp_y", Role.CLINICIAN)
    y_user = make_user(y, "patient_y", Role.PATIENT)
    patient_a = Patient.objects.create(practice=x, display_name="Anna A", year_of_birth=1970, user=a_user,
                                       clinician=clinician_x, pvs_number="100")
    patient_b = Patient.objects.create(practice=x, display_name="Bernd B", year_of_birth=1960, user=b_user)
    patient_y = Patient.objects.create(practice=y, display_name="Yvonne Y", year_of_birth=1980, user=y_user)
    data = {"date": dt.date.today() - dt.timedelta(days=3), "pain_now": 5, "pain_average": 6,
            "days_per_week": 2, "minutes_per_day": 20}
    consultation_a = consultation_create(patient=patient_a, clinician=clinician_x, data=data)
    consultation_y = consultation_create(patient=patient_y, clinician=clinician_y, data=data)
    from backactive.consultations.models import Plan, PlanItem

    plan_a = Plan.objects.create(patient=patient_a, consultation=consultation_a, version=1, created_by=clinician_x,
                                 weekly_target_minutes=150, first_week_minutes=60)
    PlanItem.objects.create(plan=plan_a, position=0, code="walking", kind="activity", title="Walking", minutes=20,
                            times_per_week=3, impact="low", setting="outdoor", social="either", why="Easy to start.")
    from backactive.offers.models import Directory, ImportRun, Offer

    directory_x = Directory.objects.create(name="Praxisliste X", practice=x)
    offer_x = Offer.objects.create(directory=directory_x, name="Rückenkurs X", kind="course",
                                   activities=["back_course"], lat=50.80, lon=8.77, setting="facility")
    import_run_x = ImportRun.objects.create(directory=directory_x, file_name="kurse.csv", format="csv")
    return World(x, y, admin_x, clinician_x, assistant_x, a_user, b_user, clinician_y,
                 patient_a, patient_b, patient_y, consultation_a, consultation_y, plan_a, offer_x, import_run_x)


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def _login(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return _login


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """In CI (BACKACTIVE_REQUIRE_ALL=1) a skipped test is a failure: a missing browser or database
    must not pass quietly. The report is turned into a failure with the skip's reason (changing
    the call's exception instead crashed pytest's reporting with an INTERNALERROR)."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("BACKACTIVE_REQUIRE_ALL") != "1" or call.when not in ("setup", "call"):
        return
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = call.excinfo.value if call.excinfo is not None else "skipped"
        report.outcome = "failed"
        report.longrepr = f"skipped in CI: {reason}"


@pytest.fixture(scope="session")
def _live_server_takes_turns():  # type: ignore[no-untyped-def]
    from django.test.testcases import LiveServerThread

    from tests.live_server import SharedConnectionServer

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", SharedConnectionServer)
        yield


@pytest.fixture(scope="session")
def live_server(django_db_setup, _live_server_takes_turns, live_server):  # type: ignore[no-untyped-def]
    """pytest-django's live server, with two changes (tests/live_server.py says why):

    - it starts after the test database exists. pytest-django's own fixture may start first (it
      sorts before ``db`` among the session fixtures), when the database name is still the file's:
      the server then shares no connection, and each request thread opens its own connection to
      the in-memory database, whose shared-cache table locks fail at once instead of waiting;
    - while its threads share the in-memory SQLite connection, requests take turns.
    """
    return live_server


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()
