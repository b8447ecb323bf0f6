# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
import requests
import responses
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.failures import render_error_detail
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, TOKEN, calls_to, list_page, make_source, sent_with


def no_wait(_seconds: float) -> None:
    """Injected sleep: retries in these tests never wait."""


def token_client(**kwargs) -> StreamkapClient:
    kwargs.setdefault("sleep", no_wait)
    kwargs.setdefault("api_url", API_URL)
    return StreamkapClient(access_token=TOKEN, **kwargs)


def credentials_client() -> StreamkapClient:
    return StreamkapClient(api_url=API_URL, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, sleep=no_wait)


def catch_api_error(call) -> StreamkapApiError:
    with pytest.raises(StreamkapApiError) as caught:
        call()
    return caught.value


# --- requests and headers ---

def test_sends_bearer_token_and_json_headers(api):
    api.get(f"{API_URL}/sources/abc", json={"result": []})

    answer = token_client().get("/sources/abc")

    assert answer == {"result": []}
    headers = api.calls[0].request.headers
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"


def test_post_sends_json_body_and_query(api):
    api.post(
        f"{API_URL}/sources",
        json={"id": "1"},
        match=[matchers.json_params_matcher({"name": "orders"}), matchers.query_param_matcher({"secret_returned": "false"})],
    )

    assert token_client().post("/sources", body={"name": "orders"}, params={"secret_returned": "false"}) == {"id": "1"}


def test_trailing_slash_of_api_url_is_ignored(api):
    api.get(f"{API_URL}/sources", json={"ok": True})

    client = token_client(api_url=f"{API_URL}/")

    assert client.get("/sources") == {"ok": True}


def test_timeout_and_validate_certs_reach_requests(api):
    api.get(f"{API_URL}/sources", json={})

    client = token_client(validate_certs=False, request_timeout=7.5)
    client.get("/sources")

    assert client.verify is False
    assert (sent_with(api)["verify"], sent_with(api)["timeout"]) == (False, 7.5)


@pytest.mark.parametrize("status", [200, 201, 202])
def test_any_2xx_is_success(api, status):
    api.post(f"{API_URL}/sources", json={"id": "1"}, status=status)

    assert token_client().post("/sources", body={}) == {"id": "1"}


def test_empty_success_body_is_none(api):
    api.delete(f"{API_URL}/sources/1", body=b"", status=204)

    assert token_client().delete("/sources/1") is None


def test_client_needs_some_credential():
    with pytest.raises(StreamkapError, match="access token or a client id and secret"):
        StreamkapClient(api_url=API_URL, client_id=CLIENT_ID)


# --- errors ---

def test_string_detail_is_rendered_as_is(api):
    api.get(f"{API_URL}/sources", json={"detail": "Invalid sort field"}, status=400)

    error = catch_api_error(lambda: token_client().get("/sources"))

    assert error.status == 400
    assert error.detail == "Invalid sort field"
    assert error.method == "GET"
    assert error.path == "/sources"
    assert str(error) == "GET /sources failed with HTTP 400: Invalid sort field"


def test_validation_list_detail_is_rendered_from_loc_and_msg(api):
    detail = [
        {"loc": ["body", "config", "name"], "msg": "Field required", "type": "missing", "input": {}},
        {"loc": ["query", "page_size"], "msg": "Input should be less than or equal to 100", "type": "less_than_equal", "input": "500"},
    ]
    api.post(f"{API_URL}/sources", json={"detail": detail}, status=422)

    error = catch_api_error(lambda: token_client().post("/sources", body={}))

    assert error.status == 422
    assert error.detail == "config -> name: Field required; query -> page_size: Input should be less than or equal to 100"


def test_validation_error_input_is_not_echoed(api):
    # FastAPI echoes the offending input, which can be a secret.
    detail = [{"loc": ["body", "config"], "msg": "Invalid", "type": "x", "input": {"database.password": "pw-echoed"}}]
    api.post(f"{API_URL}/sources", json={"detail": detail}, status=422)

    error = catch_api_error(lambda: token_client().post("/sources", body={"config": {"database.password": "pw-echoed"}}))

    assert "pw-echoed" not in str(error)
    assert "config: Invalid" in str(error)


def test_html_proxy_error_is_summarised(api):
    api.get(f"{API_URL}/sources", body="<html><body><h1>502 Bad Gateway</h1></body></html>", status=502, content_type="text/html")

    error = catch_api_error(lambda: token_client(retries=0).get("/sources"))

    assert error.status == 502
    assert error.detail == "HTTP 502 (non-JSON body)"
    assert "<html>" not in str(error)


def test_json_error_without_detail_is_summarised(api):
    api.get(f"{API_URL}/sources", json={"message": "boom"}, status=500)

    error = catch_api_error(lambda: token_client().get("/sources"))

    assert error.detail == "HTTP 500 (JSON body without a detail)"


def test_non_json_success_body_is_an_error(api):
    api.get(f"{API_URL}/sources", body="OK", status=200, content_type="text/plain")

    error = catch_api_error(lambda: token_client().get("/sources"))

    assert error.status == 200
    assert "non-JSON body" in str(error)


def test_request_id_is_quoted(api):
    api.get(f"{API_URL}/sources", json={"detail": "Kafka Connect API call failed"}, status=503, headers={"X-Request-Id": "req-42"})

    error = catch_api_error(lambda: token_client(retries=0).get("/sources"))

    assert error.request_id == "req-42"
    assert str(error).endswith("(X-Request-Id: req-42)")
    assert error.to_result() == {"status": 503, "request_id": "req-42"}


def test_error_never_contains_request_body_or_token(api):
    api.post(f"{API_URL}/sources", json={"detail": "Source with this name already exists"}, status=422)
    body = {"name": "orders", "config": {"database.password": "pw-in-body"}}

    error = catch_api_error(lambda: token_client().post("/sources", body=body))

    message = str(error)
    assert "already exists" in message
    assert "pw-in-body" not in message
    assert TOKEN not in message


def test_connection_error_has_no_status_and_no_secrets(api):
    api.get(f"{API_URL}/sources", body=requests.exceptions.ConnectionError(f"cannot reach https://user:hunter2@host {TOKEN}"))

    error = catch_api_error(lambda: token_client(retries=0).get("/sources"))

    assert error.status is None
    assert "the connection to https://api.streamkap.test was lost" in str(error)
    assert "hunter2" not in str(error)
    assert TOKEN not in str(error)


def test_timeout_names_the_option(api):
    api.get(f"{API_URL}/sources", body=requests.exceptions.ReadTimeout("read timed out"))

    error = catch_api_error(lambda: token_client(request_timeout=3, retries=0).get("/sources"))

    assert error.status is None
    assert "within 3 seconds (see request_timeout)" in str(error)


def test_tls_error_names_validate_certs(api):
    api.get(f"{API_URL}/sources", body=requests.exceptions.SSLError("certificate verify failed"))

    error = catch_api_error(lambda: token_client().get("/sources"))

    assert "validate_certs" in str(error)


def test_render_error_detail_handles_odd_shapes():
    assert render_error_detail(400, {"detail": {"code": 1}}, True) == "HTTP 400 (unrecognised detail)"
    assert render_error_detail(422, {"detail": []}, True) == "HTTP 422 (empty detail)"
    assert render_error_detail(422, {"detail": [{"msg": "bad"}]}, True) == "bad"
    assert render_error_detail(404, None, True) == "HTTP 404 (JSON body without a detail)"


# --- token exchange ---

def test_client_credentials_are_exchanged_once_and_the_token_used(api):
    api.post(
        f"{API_URL}/auth/access-token",
        json={"accessToken": "exchanged-token", "refreshToken": "r", "expires": "2026-01-01T00:00:00Z", "expiresIn": 3600},
        match=[matchers.json_params_matcher({"client_id": CLIENT_ID, "secret": CLIENT_SECRET})],
    )
    api.get(f"{API_URL}/sources", json=list_page([]))

    client = credentials_client()
    assert not api.calls  # lazy: nothing happens before the first request
    client.get("/sources")
    client.get("/sources")

    assert len(calls_to(api, "POST", "/auth/access-token")) == 1
    gets = calls_to(api, "GET", "/sources")
    assert [call.request.headers["Authorization"] for call in gets] == ["Bearer exchanged-token"] * 2
    assert "Authorization" not in api.calls[0].request.headers


def test_rejected_credentials_fail_without_leaking_the_secret(api):
    api.post(f"{API_URL}/auth/access-token", json={"detail": "Invalid client credentials"}, status=401)

    error = catch_api_error(lambda: credentials_client().get("/sources"))

    assert error.status == 401
    assert error.path == "/auth/access-token"
    assert "Invalid client credentials" in str(error)
    assert CLIENT_SECRET not in str(error)
    assert not calls_to(api, "GET", "/sources")


def test_token_answer_without_access_token_is_an_error(api):
    api.post(f"{API_URL}/auth/access-token", json={"unexpected": True})

    error = catch_api_error(lambda: credentials_client().get("/sources"))

    assert "no accessToken" in str(error)


# --- pagination ---

def names(count: int, prefix: str) -> list[dict]:
    return [make_source(f"{prefix}-{i}", f"{prefix}{i}") for i in range(count)]


def test_paginate_follows_has_next_with_page_size_100(api):
    api.get(f"{API_URL}/sources", json=list_page(names(100, "a"), page=1, has_next=True),
            match=[matchers.query_param_matcher({"page": "1", "page_size": "100", "partial_name": "x"})])
    api.get(f"{API_URL}/sources", json=list_page(names(100, "b"), page=2, has_next=True),
            match=[matchers.query_param_matcher({"page": "2", "page_size": "100", "partial_name": "x"})])
    api.get(f"{API_URL}/sources", json=list_page(names(3, "c"), page=3, has_next=False),
            match=[matchers.query_param_matcher({"page": "3", "page_size": "100", "partial_name": "x"})])

    items = list(token_client().paginate("/sources", params={"partial_name": "x"}))

    assert len(items) == 203
    assert items[-1]["name"] == "c-2"
    assert len(api.calls) == 3


def test_paginate_stops_on_a_short_page_even_if_has_next(api):
    api.get(f"{API_URL}/sources", json=list_page(names(2, "a"), has_next=True, total=500))

    items = list(token_client().paginate("/sources"))

    assert len(items) == 2
    assert len(api.calls) == 1


def test_paginate_does_not_trust_total(api):
    api.get(f"{API_URL}/sources", json=list_page(names(100, "a"), has_next=False, total=1000))

    items = list(token_client().paginate("/sources"))

    assert len(items) == 100
    assert len(api.calls) == 1


def test_paginate_respects_a_smaller_page_size_served(api):
    # The server caps page_size at 10: a page of 10 is then a full page.
    api.get(f"{API_URL}/sources", json=list_page(names(10, "a"), page=1, has_next=True, page_size=10),
            match=[matchers.query_param_matcher({"page": "1", "page_size": "100"})])
    api.get(f"{API_URL}/sources", json=list_page(names(1, "b"), page=2, has_next=False, page_size=10),
            match=[matchers.query_param_matcher({"page": "2", "page_size": "100"})])

    assert len(list(token_client().paginate("/sources"))) == 11


def test_paginate_rejects_an_answer_without_result(api):
    api.get(f"{API_URL}/sources", json={"items": []})

    error = catch_api_error(lambda: list(token_client().paginate("/sources")))

    assert "no 'result' list" in str(error)


def test_responses_library_is_active(api):
    # Guards the suite itself: an unregistered URL must not reach the network.
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"{API_URL}/unregistered", timeout=1)
    assert isinstance(api, responses.RequestsMock)
