# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""No token, client secret or request body in any message, on every error path."""

from __future__ import annotations

import traceback
import typing as t

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapApiError, StreamkapClient, StreamkapError
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, DB_PASSWORD, TOKEN

EXCHANGED = "tok-exchanged-5d1e"
REFRESH = "tok-refresh-a07c"
BODY = {"name": "orders", "connector": "postgresql", "config": {"database.password": DB_PASSWORD}}
SECRETS = (TOKEN, CLIENT_SECRET, EXCHANGED, REFRESH, DB_PASSWORD, "hunter2")
# What a misbehaving API might echo: the credentials the client holds. (A secret config value
# echoed by the API is hidden by the module's no_log_values, not by the client.)
ECHO = f"token={TOKEN}"
ECHO_EXCHANGED = f"secret={CLIENT_SECRET} {EXCHANGED} {REFRESH}"
# What a requests exception can say: URLs with userinfo and query, anything.
LEAKY_TEXT = f"https://user:hunter2@api.streamkap.test/sources?token={TOKEN} {ECHO_EXCHANGED} {DB_PASSWORD}"
SOURCES = f"{API_URL}/sources"
EXCHANGE = f"{API_URL}/auth/access-token"


def refused() -> Exception:
    return requests.exceptions.ConnectionError(MaxRetryError(None, LEAKY_TEXT, reason=NewConnectionError(None, LEAKY_TEXT)))


def dropped() -> Exception:
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(LEAKY_TEXT)))


def static_client(reported: list[str]) -> StreamkapClient:
    return StreamkapClient(api_url=API_URL, access_token=TOKEN, sleep=lambda _s: None, on_retry=reported.append, retries=2)


def credentials_client(reported: list[str]) -> StreamkapClient:
    return StreamkapClient(api_url=API_URL, client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                           sleep=lambda _s: None, on_retry=reported.append, retries=2)


def exchanged(api) -> None:
    api.post(EXCHANGE, json={"accessToken": EXCHANGED, "refreshToken": REFRESH})


def post(client: StreamkapClient) -> t.Any:
    return client.post("/sources", body=BODY)


def get(client: StreamkapClient) -> t.Any:
    return client.get("/sources", params={"partial_name": "orders"})


class Case(t.NamedTuple):
    register: t.Callable[[t.Any], t.Any]
    build: t.Callable[[list], StreamkapClient]
    call: t.Callable[[StreamkapClient], t.Any]
    expect: str  # a piece of the message proving this path was taken


CASES: dict[str, Case] = {
    "4xx echoing secrets": Case(lambda api: api.post(SOURCES, json={"detail": f"bad {ECHO}"}, status=400), static_client, post, "HTTP 400: bad token=********"),
    "422 echoing the input": Case(
        lambda api: api.post(SOURCES, status=422, json={"detail": [{"loc": ["body", "config"], "msg": "Invalid", "input": BODY}]}),
        static_client, post, "HTTP 422: config: Invalid",
    ),
    "5xx retried to the end": Case(
        lambda api: api.get(SOURCES, json={"detail": f"Kafka Connect API call failed {ECHO}"}, status=503), static_client, get, "after 3 attempts",
    ),
    "5xx on create": Case(lambda api: api.post(SOURCES, json={"detail": ECHO}, status=502), static_client, post, "may or may not"),
    "html proxy page": Case(
        lambda api: api.get(SOURCES, body=f"<html>{LEAKY_TEXT}</html>", status=504, content_type="text/html"), static_client, get, "non-JSON body",
    ),
    "read timeout": Case(lambda api: api.get(SOURCES, body=requests.exceptions.ReadTimeout(LEAKY_TEXT)), static_client, get, "no answer from"),
    "read timeout on create": Case(lambda api: api.post(SOURCES, body=requests.exceptions.ReadTimeout(LEAKY_TEXT)), static_client, post, "may or may not"),
    "connect timeout": Case(lambda api: api.get(SOURCES, body=requests.exceptions.ConnectTimeout(LEAKY_TEXT)), static_client, get, "no answer from"),
    "connection refused": Case(lambda api: api.post(SOURCES, body=refused()), static_client, post, "could not connect"),
    "connection dropped": Case(lambda api: api.post(SOURCES, body=dropped()), static_client, post, "was lost"),
    "tls error": Case(lambda api: api.get(SOURCES, body=requests.exceptions.SSLError(LEAKY_TEXT)), static_client, get, "TLS error"),
    "proxy error": Case(lambda api: api.get(SOURCES, body=requests.exceptions.ProxyError(LEAKY_TEXT)), static_client, get, "through the proxy"),
    "other requests error": Case(lambda api: api.get(SOURCES, body=requests.exceptions.InvalidHeader(LEAKY_TEXT)), static_client, get, "InvalidHeader"),
    "static token rejected": Case(lambda api: api.get(SOURCES, json={"detail": f"bad token {TOKEN}"}, status=401), static_client, get, "check access_token"),
    "credentials rejected": Case(
        lambda api: api.post(EXCHANGE, json={"detail": f"bad secret {CLIENT_SECRET}"}, status=401), credentials_client, get, "rejected the client credentials",
    ),
    "exchange timeout": Case(lambda api: api.post(EXCHANGE, body=requests.exceptions.ReadTimeout(LEAKY_TEXT)), credentials_client, get, "/auth/access-token"),
    "second 401": Case(
        lambda api: (exchanged(api), api.get(SOURCES, json={"detail": f"expired {EXCHANGED}"}, status=401),
                     api.post(f"{API_URL}/auth/access-token/refresh", json={"detail": f"no {REFRESH}"}, status=401)),
        credentials_client, get, "even after re-authenticating",
    ),
    "exchanged token echoed by a 5xx": Case(
        lambda api: (exchanged(api), api.post(SOURCES, json={"detail": f"failed for {ECHO_EXCHANGED}"}, status=500)),
        credentials_client, post, "failed for secret=******** ******** ********",
    ),
    "exchanged token echoed by a retried 503": Case(
        lambda api: (exchanged(api), api.get(SOURCES, json={"detail": f"Kafka Connect API call failed {ECHO_EXCHANGED}"}, status=503)),
        credentials_client, get, "after 3 attempts",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_no_secret_in_any_message(api, case):
    register, build, call, expect = CASES[case]
    register(api)
    reported: list[str] = []
    client = build(reported)

    with pytest.raises(StreamkapApiError) as caught:
        call(client)

    error = caught.value
    # Everything a user could see: the message, the fields, the retry log, and a traceback of the error.
    visible = "\n".join([
        str(error), repr(error), str(error.detail), str(error.hint), repr(error.args), *reported, *client.retry_log,
        "".join(traceback.format_exception(type(error), error, error.__traceback__)),
    ])
    for secret in SECRETS:
        assert secret not in visible, f"{case}: a secret leaked"
    assert expect in str(error)
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


@pytest.mark.parametrize(
    ("body", "reason"),
    [({"config": {"port": float("nan"), "database.password": DB_PASSWORD}}, "NaN or infinite"),
     ({"config": {"when": object(), "database.password": DB_PASSWORD}}, "not JSON")],
)
def test_a_body_that_is_not_json_fails_before_sending_without_values(api, body, reason):
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN)

    with pytest.raises(StreamkapError) as caught:
        client.post("/sources", body=body)

    assert reason in str(caught.value)
    assert DB_PASSWORD not in str(caught.value)
    assert not api.calls
