"""Every app is included once, in a namespace equal to its label (``app``): its own pages under its
prefix, its pages about one patient (``patient_urls``) under patients/<int:patient_id>/, and the
few addresses that never move (``root_urls``: invitation links, calendar feeds, the FHIR API
base) where they always were. Addresses that moved answer with a permanent redirect (``MOVED``)."""

from importlib import import_module

from django.urls import URLPattern, URLResolver, include, path

from backactive.core.redirects import moved


def app(label: str, prefix: str | None = None) -> URLResolver:
    urls = import_module(f"backactive.{label}.urls")
    assert urls.app_name == label, f"{label}/urls.py: app_name must be the app's label"
    routes: list[URLPattern | URLResolver] = []
    if prefix is not None:
        routes.append(path(prefix, include(urls.urlpatterns)))
    if getattr(urls, "patient_urls", None):
        routes.append(path("patients/<int:patient_id>/", include(urls.patient_urls)))
    if getattr(urls, "root_urls", None):
        routes.append(path("", include(urls.root_urls)))
    return path("", include((routes, label)))


# Old address -> the name of its new one (the parameters carry over). tests/core/test_moved_urls.py
# requests each of them.
MOVED = [
    moved("security/patients/<int:patient_id>/access/", "security:patient_access"),
    moved("security/patients/<int:patient_id>/privacy/", "privacy:patient_privacy"),
    moved("security/patients/<int:patient_id>/export.<str:fmt>", "privacy:patient_export"),
    moved("security/patients/<int:patient_id>/consent/", "privacy:patient_consent"),
    moved("security/patients/<int:patient_id>/erase/", "privacy:patient_erase"),
    moved("security/me/privacy/", "privacy:my_privacy"),
    moved("security/me/export.<str:fmt>", "privacy:my_export"),
    moved("security/me/consent/withdraw/", "privacy:my_consent_withdraw"),
    moved("security/me/erase/", "privacy:my_erase"),
    moved("interop/fhir-tokens/", "interop:fhir_tokens"),
    moved("interop/patients/<int:patient_id>/fhir-import/", "interop:fhir_import"),
    moved("interop/patients/<int:patient_id>/fhir-bundle.json", "interop:fhir_bundle"),
    moved("gdt/launch/", "interop:gdt_launch"),
    moved("gdt/settings/", "interop:gdt_settings"),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    app("core", ""),
    app("ops"),
    app("accounts", "accounts/"),
    app("patients", "patients/"),
    app("consultations", "consultations/"),
    app("diary"),
    app("me", "me/"),
    app("reminders"),
    app("offers", "offers/"),
    app("jobs", "jobs/"),
    app("exercises", "exercises/"),
    app("handouts", "plans/"),
    app("interop", "interop/"),
    app("privacy", "privacy/"),
    app("questionnaires"),
    app("studies", "studies/"),
    app("security", "security/"),
    *MOVED,
]
