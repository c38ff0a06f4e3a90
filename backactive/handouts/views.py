from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.consultations import access as consultation_access

from .build import handout_input
from .preview import preview_context
from .printing import handout_print


@staff_view
def handout_pdf(request: StaffRequest, plan_id: int) -> HttpResponse:
    """One click prints: the PDF opens in the browser's viewer (POST because printing may issue
    the patient's invitation code; a new one only when the box "new invitation code" is ticked).
    Access is decided before the method, so another practice's plan is a 404 whatever the method."""
    plan = consultation_access.get_plan_for_user(request.user, plan_id)
    if plan.draft:  # signed by the responsible GP only once a GP has signed the plan off
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # In the patient's language (whatever the plan's or the GP's screen's), German beside on request.
    pdf = handout_print(plan=plan, request=request, new_invitation=request.POST.get("new_invitation") == "1",
                        lang=plan.patient.language, bilingual=request.POST.get("bilingual") == "1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="backactive-plan-{plan.version}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view
def handout_preview(request: StaffRequest, plan_id: int) -> HttpResponse:
    """The same content as the PDF, as a web page."""
    plan = consultation_access.get_plan_for_user(request.user, plan_id)
    if plan.draft:
        raise Http404
    bilingual = request.GET.get("bilingual") == "1"
    context = preview_context(handout_input(plan, request=request, issue_invitation=False),
                              plan.patient.language, bilingual=bilingual)
    return render(request, "handouts/preview.html",
                  {"h": context, "plan": plan, "patient": plan.patient, "bilingual": bilingual})
