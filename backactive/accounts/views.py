from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backactive.core.once import once

from . import access, services
from .access import admin_view
from .forms import StaffForm
from .http import StaffRequest
from .login_guard import GuardedLoginView
from .login_hints import login_hints


class LoginView(GuardedLoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "login_hints": login_hints()}


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()


@admin_view
def staff_list(request: StaffRequest) -> HttpResponse:
    staff = access.staff_for_admin(request.user).order_by("-is_active", "last_name", "username")
    return render(request, "accounts/staff_list.html", {"staff": staff})


@admin_view
@once
def staff_create(request: StaffRequest) -> HttpResponse:
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.staff_create(practice=access.get_practice_for_user(request.user), form=form)
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "title": _("New staff account")})


@admin_view
def staff_edit(request: StaffRequest, user_id: int) -> HttpResponse:
    member = access.get_staff_member_for_admin(request.user, user_id)
    form = StaffForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        if member == request.user and not form.cleaned_data.get("is_active", True):
            form.add_error("is_active", _("You cannot deactivate your own account."))
        else:
            services.staff_update(form=form)
            return redirect("accounts:staff_list")
    context = {"form": form, "member": member, "title": _("Edit staff account")}
    return render(request, "accounts/staff_form.html", context)


@admin_view
def staff_deactivate(request: StaffRequest, user_id: int) -> HttpResponse:
    """Asks first (GET), deactivates on the confirming POST: a login never ends by one slip."""
    member = access.get_staff_member_for_admin(request.user, user_id)
    if member == request.user:
        raise Http404
    if request.method == "POST":
        services.staff_deactivate(member=member)
        name = member.get_full_name() or member.username
        messages.success(request, _("%(name)s can no longer log in.") % {"name": name})
        return redirect("accounts:staff_list")
    return render(request, "accounts/staff_deactivate.html", {"member": member})
