# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A rejected token (HTTP 401): one re-authentication, then a message naming the credential's source."""

from __future__ import annotations

import pytest
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapAuthError, StreamkapClient
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, TOKEN, calls_to

EXCHANGE = f"{API_URL}/auth/access-token"
REFRESH = f"{API_URL}/auth/access-token/refresh"
SOURCES = f"{API_URL}/sources"
ENV_SOURCE = "client_id/client_secret from the STREAMKAP_CLIENT_ID/STREAMKAP_CLIENT_SECRET environment variables"
UNAUTHORIZED = {"json": {"detail": "Not authenticated"}, "status": 401}


def token_answer(access: str, refresh: str = "refresh-1") -> dict:
    return {"accessToken": access, "refreshToken": refresh, "expires": "2026-01-01T00:00:00Z", "expiresIn": 3600}


def credentials_client(**kwargs) -> StreamkapClient:
    return StreamkapClient(api_url=API_URL, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                           sleep=lambda _s: None, credential_source=ENV_SOURCE, **kwargs)


def bearers(api, method: str, path: str) -> list[str]:
    return [call.request.headers["Authorization"] for call in calls_to(api, method, path)]


def assert_no_secret(text: str, *extra: str) -> None:
    for secret in (TOKEN, CLIENT_SECRET, "token-1", "token-2", "refresh-1", *extra):
        assert secret not in text


def test_401_refreshes_the_token_and_repeats_the_call(api):
    api.post(EXCHANGE, json=token_answer("token-1"))
    api.get(SOURCES, **UNAUTHORIZED)
    api.post(REFRESH, json=token_answer("token-2", "refresh-2"), match=[matchers.json_params_matcher({"refresh_token": "refresh-1"})])
    api.get(SOURCES, json={"result": []})

    assert credentials_client().get("/sources") == {"result": []}

    assert bearers(api, "GET", "/sources") == ["Bearer token-1", "Bearer token-2"]
    assert len(calls_to(api, "POST", "/auth/access-token")) == 1
    assert len(calls_to(api, "POST", "/auth/access-token/refresh")) == 1


def test_a_failed_refresh_falls_back_to_a_new_exchange(api):
    api.post(EXCHANGE, json=token_answer("token-1"))
    api.post(EXCHANGE, json=token_answer("token-2"))
    api.get(SOURCES, **UNAUTHORIZED)
    api.post(REFRESH, json={"detail": "Refresh token expired"}, status=401)
    api.get(SOURCES, json={"result": []})

    assert credentials_client().get("/sources") == {"result": []}

    assert len(calls_to(api, "POST", "/auth/access-token")) == 2
    assert bearers(api, "GET", "/sources") == ["Bearer token-1", "Bearer token-2"]


def test_a_refresh_answer_without_token_falls_back_to_a_new_exchange(api):
    api.post(EXCHANGE, json=token_answer("token-1"))
    api.post(EXCHANGE, json=token_answer("token-2"))
    api.get(SOURCES, **UNAUTHORIZED)
    api.post(REFRESH, json={"unexpected": True})
    api.get(SOURCES, json={"result": []})

    credentials_client().get("/sources")

    assert bearers(api, "GET", "/sources") == ["Bearer token-1", "Bearer token-2"]


def test_a_create_rejected_with_401_is_repeated_once_with_the_new_token(api):
    # A 401 proves nothing was created, so repeating the POST cannot duplicate.
    api.post(EXCHANGE, json=token_answer("token-1"))
    api.post(SOURCES, **UNAUTHORIZED)
    api.post(REFRESH, json=token_answer("token-2"))
    api.post(SOURCES, json={"id": "new"})

    assert credentials_client().post("/sources", body={"name": "orders"}) == {"id": "new"}
    assert bearers(api, "POST", "/sources") == ["Bearer token-1", "Bearer token-2"]


def test_a_second_401_fails_naming_the_source_not_the_value(api):
    api.post(EXCHANGE, json=token_answer("token-1"))
    api.get(SOURCES, json={"detail": "Not authenticated"}, status=401, headers={"X-Request-Id": "req-401"})
    api.post(REFRESH, json=token_answer("token-2"))

    with pytest.raises(StreamkapAuthError) as caught:
        credentials_client().get("/sources")

    error = caught.value
    message = str(error)
    assert len(calls_to(api, "GET", "/sources")) == 2  # one repeat, no loop
    assert error.status == 401
    assert error.request_id == "req-401"
    assert message == (
        "GET /sources failed with HTTP 401: Not authenticated. The API rejected the access token even after "
        f"re-authenticating; check {ENV_SOURCE} (X-Request-Id: req-401)"
    )
    assert_no_secret(message)


def test_a_static_token_rejected_fails_at_once_naming_its_source(api):
    api.get(SOURCES, **UNAUTHORIZED)
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN, credential_source="access_token from the access_token option")

    with pytest.raises(StreamkapAuthError) as caught:
        client.get("/sources")

    assert len(api.calls) == 1
    assert "check access_token from the access_token option (expired or revoked?)" in str(caught.value)
    assert_no_secret(str(caught.value))


def test_a_static_token_wins_over_client_credentials_and_is_not_renewed(api):
    api.get(SOURCES, **UNAUTHORIZED)
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)

    with pytest.raises(StreamkapAuthError, match="check access_token"):
        client.get("/sources")

    assert not calls_to(api, "POST", "/auth/access-token")


def test_rejected_client_credentials_name_their_source(api):
    api.post(EXCHANGE, json={"detail": f"Invalid client credentials for {CLIENT_ID}:{CLIENT_SECRET}"}, status=401)

    with pytest.raises(StreamkapAuthError) as caught:
        credentials_client().get("/sources")

    message = str(caught.value)
    assert caught.value.path == "/auth/access-token"
    assert f"The API rejected the client credentials; check {ENV_SOURCE}" in message
    assert_no_secret(message)
    assert not calls_to(api, "GET", "/sources")


def test_rejected_credentials_on_re_authentication_fail_cleanly(api):
    api.post(EXCHANGE, json=token_answer("token-1", refresh=""))
    api.post(EXCHANGE, json={"detail": "Credentials revoked"}, status=401)
    api.get(SOURCES, **UNAUTHORIZED)

    with pytest.raises(StreamkapAuthError) as caught:
        credentials_client().get("/sources")

    assert "Credentials revoked" in str(caught.value)
    assert ENV_SOURCE in str(caught.value)
    assert not calls_to(api, "POST", "/auth/access-token/refresh")  # no refresh token was given


def test_every_call_may_re_authenticate_once(api):
    # A token expiring during a long run is renewed again on a later call.
    api.post(EXCHANGE, json=token_answer("token-1"))
    api.get(SOURCES, **UNAUTHORIZED)
    api.post(REFRESH, json=token_answer("token-2"))
    api.get(SOURCES, json={"n": 1})
    api.get(SOURCES, **UNAUTHORIZED)
    api.post(REFRESH, json=token_answer("token-3"))
    api.get(SOURCES, json={"n": 2})

    client = credentials_client()

    assert client.get("/sources") == {"n": 1}
    assert client.get("/sources") == {"n": 2}
    assert bearers(api, "GET", "/sources") == ["Bearer token-1", "Bearer token-2", "Bearer token-2", "Bearer token-3"]


def test_secret_values_hold_every_token_ever_held(api):
    api.post(EXCHANGE, json=token_answer("token-1"))
    api.get(SOURCES, **UNAUTHORIZED)
    api.post(REFRESH, json=token_answer("token-2", "refresh-2"))
    api.get(SOURCES, json={})

    client = credentials_client()
    client.get("/sources")

    assert client.secret_values() == {"token-1", "refresh-1", "token-2", "refresh-2", CLIENT_SECRET}


def test_default_credential_source_names_the_options():
    assert StreamkapClient(api_url=API_URL, access_token=TOKEN).credential_source == "access_token"
    assert StreamkapClient(api_url=API_URL, client_id=CLIENT_ID, client_secret=CLIENT_SECRET).credential_source == "client_id/client_secret"
