from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("backactive.core.urls")),
    path("accounts/", include("backactive.accounts.urls")),
    path("patients/", include("backactive.patients.urls")),
    path("me/", include("backactive.patients.me_urls")),
    path("", include("backactive.consultations.urls")),
    path("", include("backactive.diary.urls")),
    path("", include("backactive.accounts.invitation_urls")),
    path("", include("backactive.reminders.urls")),
    path("gdt/", include("backactive.interop.gdt.urls")),
    path("offers/", include("backactive.offers.urls")),
    path("security/", include("backactive.security.urls")),
    path("", include("backactive.handouts.urls")),
    path("fhir/", include("backactive.interop.fhir.api_urls")),
    path("interop/", include("backactive.interop.fhir.urls")),
]
