"""SMART Backend Services on the web: the token endpoint and its discovery document (for
machines), and the page where a practice admin registers and revokes research clients."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from backactive.accounts import access
from backactive.accounts.access import admin_view
from backactive.accounts.http import StaffRequest

from . import access as smart_access
from .keys import ALGORITHMS, KeyProblem
from .services import OAuthError, smart_client_register, smart_client_revoke, smart_token_issue

KEY_PROBLEMS = {
    "not_json": gettext_lazy("This is not JSON. Paste the client's public key set (JWKS) as its vendor gave it."),
    "no_keys": gettext_lazy("A key set is a JSON object with a list of keys under “keys”."),
    "too_many": gettext_lazy("At most 10 keys, please."),
    "not_a_key": gettext_lazy("One of the keys cannot be read."),
    "private": gettext_lazy("This contains a private key. Paste only the public key set; ask the vendor for it."),
    "no_kid": gettext_lazy("Every key needs a key id (“kid”)."),
    "kid_twice": gettext_lazy("Two keys have the same key id (“kid”)."),
    "algorithm": gettext_lazy("Only RSA keys (RS384) and EC keys on P-384 (ES384) are accepted."),
    "weak": gettext_lazy("RSA keys need at least 2048 bits."),
}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def token_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("interop:fhir_smart_token"))


@csrf_exempt  # machines post signed assertions here, never a browser with our cookies
def token(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = JsonResponse({"error": "invalid_request", "error_description": "use POST"}, status=405)
        response["Allow"] = "POST"
        return _no_store(response)
    try:
        issued = smart_token_issue(form=request.POST.dict(), token_url=token_url(request))
    except OAuthError as err:
        return _no_store(JsonResponse({"error": err.error, "error_description": err.description}, status=err.status))
    return _no_store(JsonResponse(issued.as_dict()))


def configuration(request: HttpRequest) -> HttpResponse:
    """``.well-known/smart-configuration`` under the FHIR base (SMART App Launch 2)."""
    data = {
        "token_endpoint": token_url(request),
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": list(ALGORITHMS),
        "scopes_supported": ["system/*.read", "system/*.rs"],
        "capabilities": ["client-confidential-asymmetric", "permission-v1", "permission-v2"],
    }
    return _no_store(JsonResponse(data))


class ClientForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Which research platform is it?"),
        max_length=100,
        help_text=gettext_lazy("For example the name of the study or the platform."),
    )
    jwks = forms.CharField(
        label=gettext_lazy("Public key set (JWKS)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=50_000,
        help_text=gettext_lazy("The platform's public keys as JSON, from its vendor. BackActive fetches nothing."),
    )

    def clean_jwks(self) -> str:
        from .keys import jwks_parse

        text = str(self.cleaned_data["jwks"])
        try:
            jwks_parse(text)
        except KeyProblem as problem:
            raise forms.ValidationError(KEY_PROBLEMS[problem.code]) from None
        return text


@admin_view
def clients(request: StaffRequest) -> HttpResponse:
    """The practice's research clients; POST registers one (its client id shown on the answer
    page) or, with ``action=revoke``, revokes one."""
    user = request.user
    form = ClientForm()
    registered = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            client = smart_access.get_client_for_admin(user, request.POST.get("client"))
            if client is not None:
                smart_client_revoke(client=client)
                messages.success(request, _("“%(label)s” can no longer export data.") % {"label": client.label})
            return redirect("interop:fhir_smart_clients")
        form = ClientForm(request.POST)
        if form.is_valid():
            registered = smart_client_register(
                practice=access.get_practice_for_user(user), label=form.cleaned_data["label"],
                jwks_text=form.cleaned_data["jwks"], created_by=user,
            )  # fmt: skip
            form = ClientForm()
    base = request.build_absolute_uri(reverse("interop:fhir_metadata")).removesuffix("/metadata")
    context = {
        "clients": smart_access.clients_for_admin(user).select_related("created_by"),
        "form": form,
        "registered": registered,
        "token_url": token_url(request),
        "group_url": f"{base}/Group/{user.practice_id}/$export",
    }
    return render(request, "interop/smart_clients.html", context)
