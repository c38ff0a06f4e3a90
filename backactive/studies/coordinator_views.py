"""The study coordinator's pages: studies they coordinate, set-up, the one randomisation, the
completeness dashboard and the pseudonymised export. No page here shows a patient's name."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.access import coordinator_view
from backactive.accounts.http import UserRequest
from backactive.accounts.models import Practice
from backactive.core.forms import apply_errors
from backactive.core.i18n import lang
from backactive.core.once import once
from backactive.questionnaires import instrument
from backactive.security.audit import record as audit_record
from backactive.security.models import AuditAction

from . import access, export, selectors, services
from .forms import StudyForm
from .models import AllocationRecord, Enrolment, StudyPractice, WithdrawalReason


@coordinator_view
def study_list(request: UserRequest) -> HttpResponse:
    return render(request, "studies/list.html", {"studies": access.studies_for_coordinator(request.user)})


@coordinator_view
@once
def study_create(request: UserRequest) -> HttpResponse:
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study = services.study_create(
                name=data["name"],
                code=data["code"],
                consent_text=data["consent_text"],
                arms=form.arms(),
                timepoints=form.timepoints(),
                coordinator=request.user,
                method=data["method"],
                size_cutoff=data["size_cutoff"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("studies:detail", study_id=study.pk)
    return render(request, "studies/create.html", {"form": form})


@coordinator_view
def study_detail(request: UserRequest, study_id: int) -> HttpResponse:
    study = access.get_study_for_coordinator(request.user, study_id)
    members = StudyPractice.objects.filter(study=study).select_related("practice", "arm")
    taken = {m.practice_id for m in members}
    return render(
        request,
        "studies/detail.html",
        {
            "study": study,
            "members": members,
            "arms": study.arms.all(),
            "timepoints": [
                (tp, [instrument(c).title.get(lang()) for c in tp.instruments])
                for tp in study.schedule.timepoints.all()
            ],
            "allocation": AllocationRecord.objects.filter(study=study).first(),
            "practices": Practice.objects.exclude(pk__in=taken).order_by("name"),
            "enrolled": Enrolment.objects.filter(study=study).count(),
            "verified": services.allocation_verify(study.allocation) if hasattr(study, "allocation") else None,
        },
    )


@coordinator_view
@once
def study_practice_add(request: UserRequest, study_id: int) -> HttpResponse:
    study = access.get_study_for_coordinator(request.user, study_id)
    if request.method != "POST":  # after the access check: denied is 404 for GET too
        return HttpResponseNotAllowed(["POST"])
    practice = Practice.objects.filter(pk=request.POST.get("practice") or 0).first()
    raw = request.POST.get("size", "")
    try:
        if practice is None or not raw.isdigit():
            raise ValidationError(_("Please choose a practice and give its size."))
        services.study_practice_add(study=study, practice=practice, size=int(raw))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("studies:detail", study_id=study.pk)


@coordinator_view
def study_randomise(request: UserRequest, study_id: int) -> HttpResponse:
    study = access.get_study_for_coordinator(request.user, study_id)
    if request.method != "POST":  # after the access check: denied is 404 for GET too
        return HttpResponseNotAllowed(["POST"])
    try:
        services.study_randomise(study=study, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The practices are allocated. The seed and the record are shown below."))
    return redirect("studies:detail", study_id=study.pk)


@coordinator_view
def study_dashboard(request: UserRequest, study_id: int) -> HttpResponse:
    study = access.get_study_for_coordinator(request.user, study_id)
    today = timezone.localdate()
    labels = {tp.code: tp for tp in study.schedule.timepoints.all()}
    reasons = dict(WithdrawalReason.choices)
    table = [
        (labels[c.timepoint], c, [(reasons.get(code, code), n) for code, n in c.dropout_reasons.items()])
        for c in selectors.study_completeness(study, today)
    ]
    enrolments = Enrolment.objects.filter(study=study)
    return render(
        request,
        "studies/dashboard.html",
        {
            "study": study,
            "table": table,
            "today": today,
            "enrolled": enrolments.count(),
            "withdrawn": enrolments.filter(withdrawn_on__isnull=False).count(),
        },
    )


def _csv(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@coordinator_view
def study_export(request: UserRequest, study_id: int) -> HttpResponse:
    study = access.get_study_for_coordinator(request.user, study_id)
    audit_record(AuditAction.EXPORT, user=request.user, obj=study)
    return _csv(export.analysis_csv(study, timezone.localdate()), f"{study.code}-analysis.csv")


@coordinator_view
def study_codebook(request: UserRequest, study_id: int) -> HttpResponse:
    study = access.get_study_for_coordinator(request.user, study_id)
    return _csv(export.codebook_csv(study), f"{study.code}-codebook.csv")
