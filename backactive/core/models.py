"""The one model of core: counters of failed attempts (``throttle.py``), shared by the login
guard, invitation codes and enrolment codes."""

from __future__ import annotations

from django.db import models


class Throttle(models.Model):
    """Failed attempts against one key (a login account seen from untrusted devices, one trusted
    device of an account, an address trying invitation codes). The key is a keyed hash: nothing a
    person typed (a user name, or the password typed into the user name field) is stored."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)


class FormSubmission(models.Model):
    """A staff form that was saved, by its one-time token (``once.py``): the same form sent again
    (a double click, the back button and send, a re-sent request) finds its token here and is
    answered with where the first one led, instead of saving twice."""

    token = models.UUIDField(primary_key=True)
    user_id = models.BigIntegerField()
    location = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
