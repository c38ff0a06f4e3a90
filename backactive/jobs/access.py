"""Which jobs a user may see: those of their own practice, for practice staff; a 404 otherwise."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from backactive.accounts.models import User

from .models import Job


def jobs_for_user(user: User) -> QuerySet[Job]:
    if not user.is_practice_staff or user.practice_id is None:
        return Job.objects.none()
    return Job.objects.filter(practice_id=user.practice_id)


def get_job_for_user(user: User, job_id: int) -> Job:
    try:
        return jobs_for_user(user).get(pk=job_id)
    except Job.DoesNotExist:
        raise Http404 from None
