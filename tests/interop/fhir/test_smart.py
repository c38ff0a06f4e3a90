"""SMART Backend Services (issue 18): a practice admin registers a research client with an inline
JWKS; client_credentials with an RS384 or ES384 assertion gives a token of at most 300 s; a jti
is accepted once; v1 and v2 system scopes; what is wrong is refused with the OAuth error."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from typing import Any

import pytest
from django.urls import reverse

from backactive.interop.fhir.smart.scopes import grant
from backactive.interop.fhir.smart.services import smart_client_register, smart_client_revoke
from backactive.interop.models import SmartAccessToken, SmartClient

from .smart_support import Platform

TOKEN_URL = "http://testserver/fhir/auth/token"


@pytest.fixture(params=["RS384", "ES384"])
def platform(request: Any) -> Platform:
    return Platform(request.param)


@pytest.fixture
def registered(world: Any, platform: Platform) -> SmartClient:
    return smart_client_register(practice=world.practice_x, label="Studienplattform", jwks_text=platform.jwks(),
                                 created_by=world.admin_x)  # fmt: skip


def _token(client: Any, form: dict[str, str]) -> Any:
    return client.post("/fhir/auth/token", form)


def test_a_signed_assertion_gets_a_short_token(client: Any, registered: SmartClient, platform: Platform) -> None:
    response = _token(client, platform.token_form(registered.client_id, TOKEN_URL))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["token_type"] == "bearer" and data["expires_in"] <= 300 and data["scope"] == "system/*.read"
    assert response["Cache-Control"] == "no-store"
    stored = SmartAccessToken.objects.get()
    assert data["access_token"] not in stored.token_hash
    assert stored.expires_at - dt.timedelta(seconds=300) <= dt.datetime.now(dt.UTC)
    registered.refresh_from_db()
    assert registered.last_used_at is not None


def test_a_jti_is_accepted_once(client: Any, registered: SmartClient, platform: Platform) -> None:
    form = platform.token_form(registered.client_id, TOKEN_URL)
    assert _token(client, form).status_code == 200
    again = _token(client, form)
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
    assert "jti" in again.json()["error_description"]


@pytest.mark.parametrize(
    ("claims", "error"),
    [({"aud": "https://elsewhere.example/token"}, "invalid_client"), ({"exp": 0}, "invalid_client"),
     ({"exp": 4_102_444_800}, "invalid_client"), ({"jti": None}, "invalid_client"),
     ({"sub": "someone-else"}, "invalid_client"), ({"iss": "unknown", "sub": "unknown"}, "invalid_client"),
     ({"header": {"jku": "https://platform.example/jwks.json"}}, "invalid_client")],
)  # fmt: skip
def test_a_wrong_assertion_is_refused(
    client: Any, registered: SmartClient, platform: Platform, claims: dict[str, Any], error: str
) -> None:
    response = _token(client, platform.token_form(registered.client_id, TOKEN_URL, **claims))
    assert response.status_code in (400, 401) and response.json()["error"] == error
    assert not SmartAccessToken.objects.exists()


def test_another_key_or_algorithm_is_refused(client: Any, registered: SmartClient, platform: Platform) -> None:
    other = Platform("ES384" if platform.alg == "RS384" else "RS384", kid=platform.kid)
    assert _token(client, other.token_form(registered.client_id, TOKEN_URL)).json()["error"] == "invalid_client"
    form = platform.token_form(registered.client_id, TOKEN_URL)
    header, claims, _signature = form["client_assertion"].split(".")
    form["client_assertion"] = f"{header}.{claims}."  # unsigned
    assert _token(client, form).json()["error"] == "invalid_client"


def test_grant_and_scopes(client: Any, registered: SmartClient, platform: Platform) -> None:
    assert _token(client, {"grant_type": "password"}).json()["error"] == "unsupported_grant_type"
    assert _token(client, {"grant_type": "client_credentials"}).json()["error"] == "invalid_request"
    refused = _token(client, platform.token_form(registered.client_id, TOKEN_URL, scope="system/*.write"))
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope"
    v2 = _token(client, platform.token_form(registered.client_id, TOKEN_URL, scope="system/*.rs"))
    assert v2.json()["scope"] == "system/*.rs"
    narrow = _token(client, platform.token_form(registered.client_id, TOKEN_URL,
                                                scope="system/Observation.cruds system/Encounter.read"))  # fmt: skip
    assert narrow.json()["scope"] == "system/Observation.rs"


def test_scope_grants() -> None:
    assert grant("system/*.read").types == {"Patient", "Observation", "Goal", "CarePlan", "ServiceRequest",
                                            "Questionnaire", "QuestionnaireResponse"}  # fmt: skip
    assert grant("system/QuestionnaireResponse.rs").types == {"QuestionnaireResponse"}
    assert grant("system/*.*").scope == "system/*.read"
    assert grant("system/Patient.read system/Observation.rs").types == {"Patient", "Observation"}
    for refused in ("system/*.write", "system/*.c", "system/*.r", "system/*.sr", "patient/*.read", "user/*.rs",
                    "system/*.rs?category=x", "system/Encounter.read", "openid"):  # fmt: skip
        assert not grant(refused).types, refused


def test_a_revoked_client_gets_no_token_and_its_tokens_stop(
    client: Any, registered: SmartClient, platform: Platform
) -> None:
    raw = _token(client, platform.token_form(registered.client_id, TOKEN_URL)).json()["access_token"]
    assert client.get("/fhir/bulk/00000000-0000-0000-0000-000000000000",
                      HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 404  # fmt: skip
    smart_client_revoke(client=registered)
    assert client.get("/fhir/bulk/00000000-0000-0000-0000-000000000000",
                      HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401  # fmt: skip
    assert _token(client, platform.token_form(registered.client_id, TOKEN_URL)).json()["error"] == "invalid_client"


def test_discovery_document(client: Any, db: None) -> None:
    data = client.get("/fhir/.well-known/smart-configuration").json()
    assert data["token_endpoint"] == TOKEN_URL
    assert set(data["token_endpoint_auth_signing_alg_values_supported"]) == {"RS384", "ES384"}
    assert {"client-confidential-asymmetric", "permission-v1", "permission-v2"} <= set(data["capabilities"])


def test_admin_registers_sees_and_revokes(world: Any, login: Any, platform: Platform) -> None:
    client = login(world.admin_x)
    url = reverse("interop:fhir_smart_clients")
    response = client.post(url, {"label": "Register-Studie", "jwks": platform.jwks()})
    assert response.status_code == 200 and response.context["registered"] is not None
    registered = SmartClient.objects.get(label="Register-Studie")
    page = response.content.decode()
    assert registered.client_id in page and TOKEN_URL in page and f"Group/{world.practice_x.pk}/$export" in page
    assert registered.practice == world.practice_x and registered.created_by == world.admin_x
    client.post(url, {"action": "revoke", "client": registered.pk})
    registered.refresh_from_db()
    assert registered.revoked_at is not None


@pytest.mark.parametrize(
    ("jwks", "words"),
    [("not json", "not JSON"), ('{"keys": []}', "list of keys"), ("private", "private key"),
     ("weak", "2048"), ("nokid", "key id")],
)  # fmt: skip
def test_a_key_set_that_will_not_do_is_explained(world: Any, login: Any, jwks: str, words: str) -> None:
    from joserfc.jwk import RSAKey

    platform = Platform("RS384")
    if jwks == "private":
        jwks = json.dumps({"keys": [{**platform.key.as_dict(private=True), "kid": "k"}]})
    elif jwks == "weak":
        with warnings.catch_warnings():  # joserfc warns about the weak key we make on purpose
            warnings.simplefilter("ignore")
            weak = RSAKey.generate_key(1024, private=False)
        jwks = json.dumps({"keys": [{**weak.as_dict(), "kid": "k"}]})
    elif jwks == "nokid":
        jwks = json.dumps({"keys": [platform.key.as_dict(private=False)]})
    client = login(world.admin_x)
    response = client.post(reverse("interop:fhir_smart_clients"), {"label": "X", "jwks": jwks},
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 200 and words in response.content.decode()
    assert not SmartClient.objects.exists()
