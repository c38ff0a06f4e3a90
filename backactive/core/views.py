from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff land on the patient list, study coordinators on their studies, patients on their own pages."""
    if getattr(request.user, "is_practice_staff", False):  # core knows no User model (layering)
        return redirect("patients:list")
    if getattr(request.user, "is_study_coordinator", False):
        return redirect("studies:list")
    return redirect("me:today")


def health(request: HttpRequest) -> HttpResponse:
    """Liveness check for monitoring; also the benchmark's floor (the cheapest Django view)."""
    return HttpResponse("ok", content_type="text/plain")
