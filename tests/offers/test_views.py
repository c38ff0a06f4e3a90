"""Staff curation pages: every URL as every role, then list filters, edit, hide, checked, history."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from backactive.jobs.models import Job
from backactive.offers.models import Directory, Offer
from backactive.offers.services import directory_for_import, offers_import

from .factories import make_offer

ROLES = ["anonymous", "patient_a", "admin_x", "clinician_x", "assistant_x", "clinician_y"]
STAFF_X = {"admin_x", "clinician_x", "assistant_x"}


@pytest.fixture
def setup(world: Any, tmp_path: Any) -> dict[str, Any]:
    own = Directory.objects.create(practice=world.practice_x, name="Praxis X")
    offer = make_offer(own, "Rückenfit X", 1, last_checked=datetime.date.today())
    stale = make_offer(own, "Alter Kurs X", 2, last_checked=datetime.date.today() - datetime.timedelta(days=400))
    hidden = make_offer(own, "Versteckt X", 3, hidden=True, kind="pool", setting="water", activities=["swimming"])
    csv = tmp_path / "kurse.csv"
    csv.write_text("ref;name;kind;activities;postcode\nY1;Yoga X;course;yoga;35037\nY2;Kaputt;course;tango;35037\n")
    run = offers_import(path=csv, directory=own).run
    regional = Directory.objects.create(name="Region")
    shared = make_offer(regional, "Regional", 4)
    return {"offer": offer, "stale": stale, "hidden": hidden, "run": run, "shared": shared}


def _client(client: Any, world: Any, role: str) -> Any:
    if role != "anonymous":
        client.force_login(getattr(world, role if role.endswith(("_x", "_y")) else f"{role}_user"))
    return client


# URL name -> (method, kwargs key, allowed roles' status)
PAGES = {
    "offers:list": ("get", None),
    "offers:imports": ("get", None),
    "offers:edit": ("get", "offer_id"),
    "offers:hide": ("post", "offer_id"),
    "offers:checked": ("post", "offer_id"),
    "offers:import_detail": ("get", "run_id"),
    "offers:import_upload": ("get", None),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_as_every_role(name: str, role: str, world: Any, setup: Any, client: Any) -> None:
    method, param = PAGES[name]
    kwargs = {param: setup["offer"].pk if param == "offer_id" else setup["run"].pk} if param else {}
    url = reverse(name, kwargs=kwargs)
    response = getattr(_client(client, world, role), method)(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in STAFF_X or (role == "clinician_y" and not param):
        assert response.status_code in (200, 302), f"{name} as {role}: {response.status_code}"
        if role == "clinician_y":  # another practice's staff see an empty list, none of X's offers
            assert "Rückenfit X" not in response.content.decode()
    else:
        assert response.status_code == 404, f"{name} as {role}: {response.status_code}"


def test_shared_directory_offers_are_not_editable_here(world: Any, setup: Any, client: Any) -> None:
    client.force_login(world.assistant_x)
    assert client.get(reverse("offers:edit", kwargs={"offer_id": setup["shared"].pk})).status_code == 404


def test_list_highlights_offers_not_checked_for_a_year_and_filters(world: Any, setup: Any, client: Any) -> None:
    client.force_login(world.assistant_x)
    html = client.get(reverse("offers:list")).content.decode()
    assert "Alter Kurs X" in html and "Rückenfit X" in html and "Regional" not in html
    # the stale course, the two never-checked imports/hidden offer, and the world's never-checked course
    assert html.count("<mark>") == 4
    html = client.get(reverse("offers:list"), {"stale": "on", "visibility": "visible"}).content.decode()
    assert "Alter Kurs X" in html and "Rückenfit X" not in html and "Versteckt X" not in html
    html = client.get(reverse("offers:list"), {"activity": "swimming"}).content.decode()
    assert "Versteckt X" in html and "Rückenfit X" not in html
    html = client.get(reverse("offers:list"), {"q": "yoga"}).content.decode()
    assert "Yoga X" in html and "Rückenfit X" not in html


def test_hide_show_and_mark_checked(world: Any, setup: Any, client: Any) -> None:
    client.force_login(world.clinician_x)
    stale = setup["stale"]
    response = client.post(reverse("offers:hide", kwargs={"offer_id": stale.pk}), {"hidden": "1", "back": "stale=on"})
    assert response.status_code == 302 and response["Location"] == reverse("offers:list") + "?stale=on"
    stale.refresh_from_db()
    assert stale.hidden
    client.post(reverse("offers:hide", kwargs={"offer_id": stale.pk}), {"hidden": "0"})
    client.post(reverse("offers:checked", kwargs={"offer_id": stale.pk}))
    stale.refresh_from_db()
    assert not stale.hidden and not stale.checked_long_ago()


def test_edit_validates_times_and_saves(world: Any, setup: Any, client: Any) -> None:
    client.force_login(world.assistant_x)
    offer = setup["offer"]
    url = reverse("offers:edit", kwargs={"offer_id": offer.pk})
    data = {
        "name": "Rückenfit X", "kind": "course", "activities": ["back_course", "yoga"], "lat": "50.8", "lon": "8.77",
        "setting": "facility", "participation": "group", "wheelchair": "", "free": "unknown",
        "times_text": "Montags",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and "is not like" in response.content.decode()
    response = client.post(url, {**data, "times_text": "Mo 18:00-19:00", "rehasport": "on"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.activities == ["back_course", "yoga"] and offer.rehasport
    assert offer.times == [{"weekday": 0, "start": "18:00", "end": "19:00"}] and offer.slots


def test_import_history_shows_what_changed(world: Any, setup: Any, client: Any) -> None:
    client.force_login(world.assistant_x)
    html = client.get(reverse("offers:import_detail", kwargs={"run_id": setup["run"].pk})).content.decode()
    assert "Yoga X" in html and "tango" in html
    html = client.get(reverse("offers:imports")).content.decode()
    assert "kurse.csv" in html


def test_osm_import_by_practice_is_listed(world: Any, client: Any) -> None:
    from .conftest import OSM_DIR

    directory = directory_for_import(practice=world.practice_x)
    offers_import(path=OSM_DIR / "bautzen.osm", directory=directory)
    client.force_login(world.assistant_x)
    html = client.get(reverse("offers:list")).content.decode()
    assert "© OpenStreetMap contributors, ODbL" in html
    assert Offer.objects.filter(directory=directory).count() == 1


def test_upload_imports_into_the_practice_and_shows_the_changes(world: Any, client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.assistant_x)
    body = b"name;kind;activities;postcode\nYoga;course;yoga;35037\nTanz;course;tango;35037\n"
    response = client.post(reverse("offers:import_upload"), {"file": SimpleUploadedFile("kurse.csv", body)})
    assert response.status_code == 302
    # The import runs as a job (at once in tests); its page links to what it changed.
    job = Job.objects.get(kind="offers.import")
    assert response["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    job_page = client.get(response["Location"]).content.decode()
    run_url = reverse("offers:import_detail", kwargs={"run_id": job.result["run_id"]})
    assert job.status == "succeeded" and run_url in job_page and job.message in job_page
    html = client.get(run_url).content.decode()
    assert "Yoga" in html and "row 3, column &#x27;activities&#x27;" in html
    offer = Offer.objects.get(name="Yoga")
    assert offer.directory.practice_id == world.practice_x.pk
    bad = SimpleUploadedFile("kurse.txt", b"x")
    response = client.post(reverse("offers:import_upload"), {"file": bad})
    assert response.status_code == 200 and response.context["form"].errors["file"]  # refused before a job


def test_an_empty_offer_list_links_to_the_import_page_not_a_command(world: Any, login: Any) -> None:
    """Issue 14: a command-line hint ("run backactive offers import FILE") reached the screen."""
    client = login(world.assistant_x)
    html = client.get(reverse("offers:list"), {"q": "no-such-offer"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No offers found." in html and "backactive offers" not in html
    assert f'href="{reverse("offers:import_upload")}"' in html
