"""Staff pages for the practice's offers: list, edit, hide/show, mark as checked, import history."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from backactive.accounts.access import get_practice_for_user, staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.once import once

from . import access, selectors, services
from .forms import ImportUploadForm, OfferFilterForm, OfferForm


def _back(request: HttpRequest) -> HttpResponse:
    # Back to the filtered list the button was pressed on; only the query string is taken from
    # the form, the path is always our own list.
    query = request.POST.get("back", "")
    return redirect(reverse("offers:list") + (f"?{query}" if query else ""))


@staff_view
def offer_list(request: StaffRequest) -> HttpResponse:
    form = OfferFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    offers = selectors.offer_list(
        offers=access.offers_for_user(request.user),
        q=filters.get("q", ""),
        kind=filters.get("kind", ""),
        activity=filters.get("activity", ""),
        hidden=form.hidden_value() if filters else None,
        stale_only=bool(filters.get("stale")),
    )
    page = Paginator(offers, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "offers/list.html", {"form": form, "page": page, "query": query.urlencode()})


@staff_view
def offer_edit(request: StaffRequest, offer_id: int) -> HttpResponse:
    offer = access.get_offer_for_user(request.user, offer_id)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        services.offer_update(offer=offer, data=form.changes())
        messages.success(request, _("Offer saved."))
        return redirect("offers:list")
    return render(request, "offers/form.html", {"form": form, "offer": offer})


@staff_view
def offer_hide(request: StaffRequest, offer_id: int) -> HttpResponse:
    offer = access.get_offer_for_user(request.user, offer_id)  # access first: a foreign id is a 404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.offer_set_hidden(offer=offer, hidden=request.POST.get("hidden") == "1")
    return _back(request)


@staff_view
def offer_checked(request: StaffRequest, offer_id: int) -> HttpResponse:
    offer = access.get_offer_for_user(request.user, offer_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.offer_mark_checked(offer=offer)
    return _back(request)


@staff_view
def import_list(request: StaffRequest) -> HttpResponse:
    page = Paginator(access.import_runs_for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "offers/imports.html", {"page": page})


@staff_view
@once
def import_upload(request: StaffRequest) -> HttpResponse:
    """Queue the import of a list into the practice's own directory; the job page shows its
    progress and then links to what the import changed."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        practice = get_practice_for_user(user)
        job = services.offers_import_upload(upload=form.cleaned_data["file"], practice=practice, user=user)
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "offers/import_upload.html", {"form": form})


@staff_view
def import_detail(request: StaffRequest, run_id: int) -> HttpResponse:
    run = access.get_import_run_for_user(request.user, run_id)
    changes = run.changes.select_related("offer").order_by("id")
    return render(request, "offers/import_detail.html", {"run": run, "changes": changes})
