"""Staff pages: the practice's jobs (all, or one kind's: the import and GDT pages link to theirs)
with the scheduled work beside them, and one job with its progress bar (refreshed by htmx while
the job runs)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest

from .access import get_job_for_user, jobs_for_user
from .registry import kind_for, kinds
from .selectors import schedule_states


@staff_view
def job_list(request: StaffRequest) -> HttpResponse:
    kind = kinds().get(request.GET.get("kind", ""))
    jobs = jobs_for_user(request.user)
    if kind is not None:
        jobs = jobs.filter(kind=kind.name)
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    active = any(not job.is_finished for job in page)  # refreshed by htmx while any job is under way
    context = {"page": page, "kind": kind, "active": active, "schedules": schedule_states()}
    return render(request, "jobs/list.html", context)


@staff_view
def job_detail(request: StaffRequest, job_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_id)
    kind = kind_for(job.kind)
    result_url = kind.result_url(job) if kind.result_url and job.is_finished else None
    return render(request, "jobs/detail.html", {"job": job, "kind": kind, "result_url": result_url})
