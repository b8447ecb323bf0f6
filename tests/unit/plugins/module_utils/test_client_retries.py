# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Retries, backoff and Retry-After; writes that must never be duplicated."""

from __future__ import annotations

import email.utils
import http.client

import pytest
import requests
from responses import matchers
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.failures import parse_retry_after
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, TOKEN, calls_to

NOW = 1_800_000_000.0
SOURCES = f"{API_URL}/sources"
CREATED = {"id": "new-id", "name": "orders"}


class Waits:
    """Injected sleep/uniform/clock: records every wait; jitter always picks the upper bound."""

    def __init__(self) -> None:
        self.slept: list[float] = []
        self.jitter_bounds: list[tuple[float, float]] = []
        self.reported: list[str] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def uniform(self, low: float, high: float) -> float:
        self.jitter_bounds.append((low, high))
        return high

    def client(self, **kwargs) -> StreamkapClient:
        kwargs.setdefault("access_token", TOKEN)
        return StreamkapClient(
            api_url=API_URL, sleep=self.sleep, uniform=self.uniform, clock=lambda: NOW,
            on_retry=self.reported.append, **kwargs,
        )


@pytest.fixture
def waits() -> Waits:
    return Waits()


def refused() -> requests.exceptions.ConnectionError:
    """What requests raises for ECONNREFUSED: the request was never sent."""
    reason = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(MaxRetryError(None, SOURCES, reason=reason))


def dropped_after_sending() -> requests.exceptions.ConnectionError:
    """What requests raises when the server closes the connection after reading the request."""
    cause = http.client.RemoteDisconnected("Remote end closed connection without response")
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", cause))


# --- every retryable failure recovers ---

@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retryable_status_recovers(api, waits, status):
    api.get(SOURCES, json={"detail": "try later"}, status=status)
    api.get(SOURCES, json={"result": []})

    assert waits.client().get("/sources") == {"result": []}
    assert len(api.calls) == 2
    assert waits.slept == [1.0]


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (500, {"json": {"detail": "Kafka Connect API call failed: 409 rebalance in progress"}}),
        (502, {"body": "Kafka Connect API call failed", "content_type": "text/plain"}),
        (599, {"json": {"detail": "kafka connect api call failed"}}),
    ],
)
def test_kafka_connect_failure_5xx_recovers(api, waits, status, answer):
    api.get(SOURCES, status=status, **answer)
    api.get(SOURCES, json={"result": []})

    assert waits.client().get("/sources") == {"result": []}
    assert len(api.calls) == 2


def test_other_5xx_is_not_retried(api, waits):
    api.get(SOURCES, json={"detail": "Internal error"}, status=500)

    with pytest.raises(StreamkapApiError) as caught:
        waits.client().get("/sources")

    assert caught.value.status == 500
    assert len(api.calls) == 1
    assert waits.slept == []


@pytest.mark.parametrize(
    "failure",
    [requests.exceptions.ReadTimeout("read timed out"), requests.exceptions.ConnectTimeout("connect timed out"), refused(), dropped_after_sending()],
    ids=["read-timeout", "connect-timeout", "refused", "dropped"],
)
def test_transport_failures_of_a_read_recover(api, waits, failure):
    api.get(SOURCES, body=failure)
    api.get(SOURCES, json={"result": []})

    assert waits.client().get("/sources") == {"result": []}
    assert len(api.calls) == 2


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_put_and_delete_are_idempotent_and_retried(api, waits, method):
    api.add(method, f"{SOURCES}/abc", json={"detail": "busy"}, status=503)
    api.add(method, f"{SOURCES}/abc", json={"id": "abc"})

    assert waits.client().request(method, "/sources/abc", body={"name": "x"}) == {"id": "abc"}
    assert len(api.calls) == 2


def test_tls_errors_are_not_retried(api, waits):
    api.get(SOURCES, body=requests.exceptions.SSLError("certificate verify failed"))

    with pytest.raises(StreamkapApiError, match="ca_path"):
        waits.client().get("/sources")

    assert len(api.calls) == 1


# --- Retry-After and backoff ---

def test_retry_after_seconds_is_honoured(api, waits):
    api.get(SOURCES, status=429, json={"detail": "rate limited"}, headers={"Retry-After": "7"})
    api.get(SOURCES, json={"result": []})

    waits.client().get("/sources")

    assert waits.slept == [7.0]
    assert waits.jitter_bounds == []  # no random backoff on top of the server's wish


def test_retry_after_http_date_is_honoured(api, waits):
    when = email.utils.formatdate(NOW + 12, usegmt=True)
    api.get(SOURCES, status=503, json={"detail": "maintenance"}, headers={"Retry-After": when})
    api.get(SOURCES, json={"result": []})

    waits.client().get("/sources")

    assert waits.slept == [12.0]


def test_retry_after_is_capped_by_retry_max_delay(api, waits):
    api.get(SOURCES, status=429, json={"detail": "rate limited"}, headers={"Retry-After": "3600"})
    api.get(SOURCES, json={"result": []})

    waits.client(retry_max_delay=5).get("/sources")

    assert waits.slept == [5.0]


def test_unusable_retry_after_falls_back_to_backoff(api, waits):
    api.get(SOURCES, status=429, json={"detail": "rate limited"}, headers={"Retry-After": "soon"})
    api.get(SOURCES, json={"result": []})

    waits.client().get("/sources")

    assert waits.slept == [1.0]
    assert waits.jitter_bounds == [(0.0, 1.0)]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("0", 0.0), (" 2.5 ", 2.5), ("-1", None), ("nan", None), ("", None), (None, None), ("garbage", None),
     (email.utils.formatdate(NOW - 30, usegmt=True), 0.0), ("Wed, 21 Oct 2015 07:28:00", 0.0)],
)
def test_parse_retry_after(header, expected):
    assert parse_retry_after(header, NOW) == expected


def test_backoff_is_exponential_full_jitter_and_capped(api, waits):
    api.get(SOURCES, status=503, json={"detail": "busy"})

    with pytest.raises(StreamkapApiError):
        waits.client(retries=6, retry_max_delay=10).get("/sources")

    assert waits.jitter_bounds == [(0.0, 1.0), (0.0, 2.0), (0.0, 4.0), (0.0, 8.0), (0.0, 10.0), (0.0, 10.0)]
    assert waits.slept == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_retries_exhausted_report_the_last_answer(api, waits):
    api.get(SOURCES, status=503, json={"detail": "first"}, headers={"X-Request-Id": "req-1"})
    api.get(SOURCES, status=502, json={"detail": "Kafka Connect API call failed"}, headers={"X-Request-Id": "req-2"})
    api.get(SOURCES, status=504, json={"detail": "Gateway timeout"}, headers={"X-Request-Id": "req-3"})

    with pytest.raises(StreamkapApiError) as caught:
        waits.client(retries=2).get("/sources")

    error = caught.value
    assert len(api.calls) == 3
    assert (error.status, error.detail, error.request_id, error.attempts) == (504, "Gateway timeout", "req-3", 3)
    assert str(error) == "GET /sources failed with HTTP 504 after 3 attempts: Gateway timeout (X-Request-Id: req-3)"


def test_default_is_five_retries(api, waits):
    api.get(SOURCES, status=429, json={"detail": "rate limited"})

    with pytest.raises(StreamkapApiError) as caught:
        waits.client().get("/sources")

    assert len(api.calls) == 6
    assert caught.value.attempts == 6


def test_zero_retries_means_one_attempt(api, waits):
    api.get(SOURCES, status=503, json={"detail": "busy"})

    with pytest.raises(StreamkapApiError):
        waits.client(retries=0).get("/sources")

    assert len(api.calls) == 1
    assert waits.slept == []


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_other_4xx_are_never_retried(api, waits, status, method):
    api.add(method, SOURCES, json={"detail": f"no ({status})"}, status=status, headers={"Retry-After": "1"})

    with pytest.raises(StreamkapApiError) as caught:
        waits.client().request(method, "/sources", body={"name": "x"} if method in ("POST", "PUT") else None)

    assert len(api.calls) == 1
    assert caught.value.status == status
    assert not isinstance(caught.value, StreamkapAmbiguousWriteError)
    assert waits.slept == []


# --- retry reports ---

def test_each_retry_is_reported_without_secrets(api, waits):
    api.get(SOURCES, status=429, json={"detail": "rate limited"}, headers={"Retry-After": "2"})
    api.get(SOURCES, body=requests.exceptions.ReadTimeout(f"read timed out {TOKEN}"))
    api.get(SOURCES, json={"result": []})

    client = waits.client()
    client.get("/sources", params={"partial_name": "orders"})

    assert waits.reported == [
        "Streamkap API GET /sources: HTTP 429 (rate limited); retry 1 of 5 in 2.00 s",
        "Streamkap API GET /sources: read timeout; retry 2 of 5 in 2.00 s",
    ]
    assert client.retry_log == waits.reported


# --- writes that must never duplicate ---

@pytest.mark.parametrize(
    ("status", "detail"),
    [(500, "Internal error"), (502, "Bad gateway"), (503, "Unavailable"), (504, "Gateway timeout"), (500, "Kafka Connect API call failed")],
)
def test_post_after_a_5xx_is_ambiguous_and_not_repeated(api, waits, status, detail):
    api.post(SOURCES, json={"detail": detail}, status=status, headers={"X-Request-Id": "req-9"})

    with pytest.raises(StreamkapAmbiguousWriteError) as caught:
        waits.client().post("/sources", body={"name": "orders"})

    error = caught.value
    assert len(api.calls) == 1
    assert (error.status, error.detail, error.request_id) == (status, detail, "req-9")
    assert "may or may not have been applied" in str(error)
    assert isinstance(error, StreamkapApiError)


@pytest.mark.parametrize(
    "failure",
    [requests.exceptions.ReadTimeout("read timed out"), dropped_after_sending(), requests.exceptions.ChunkedEncodingError("broken")],
    ids=["read-timeout", "dropped", "chunked"],
)
def test_post_after_a_failure_past_sending_is_ambiguous(api, waits, failure):
    api.post(SOURCES, body=failure)

    with pytest.raises(StreamkapAmbiguousWriteError) as caught:
        waits.client().post("/sources", body={"name": "orders"})

    assert len(api.calls) == 1
    assert caught.value.status is None


def test_post_is_retried_after_429(api, waits):
    api.post(SOURCES, json={"detail": "rate limited"}, status=429, headers={"Retry-After": "3"})
    api.post(SOURCES, json=CREATED)

    assert waits.client().post("/sources", body={"name": "orders"}) == CREATED
    assert len(api.calls) == 2
    assert waits.slept == [3.0]


@pytest.mark.parametrize(
    "failure",
    [refused(), requests.exceptions.ConnectTimeout("connect timed out"), requests.exceptions.ProxyError("proxy refused")],
    ids=["refused", "connect-timeout", "proxy"],
)
def test_post_is_retried_when_the_request_was_never_sent(api, waits, failure):
    api.post(SOURCES, body=failure)
    api.post(SOURCES, json=CREATED)

    assert waits.client().post("/sources", body={"name": "orders"}) == CREATED
    assert len(api.calls) == 2


def test_post_rate_limited_to_the_end_is_not_ambiguous(api, waits):
    api.post(SOURCES, json={"detail": "rate limited"}, status=429)

    with pytest.raises(StreamkapApiError) as caught:
        waits.client(retries=1).post("/sources", body={"name": "orders"})

    assert not isinstance(caught.value, StreamkapAmbiguousWriteError)
    assert caught.value.attempts == 2


def test_post_with_a_429_then_a_5xx_is_ambiguous(api, waits):
    api.post(SOURCES, json={"detail": "rate limited"}, status=429)
    api.post(SOURCES, json={"detail": "Bad gateway"}, status=502)

    with pytest.raises(StreamkapAmbiguousWriteError) as caught:
        waits.client().post("/sources", body={"name": "orders"})

    assert len(api.calls) == 2
    assert caught.value.attempts == 2


def test_a_post_declared_idempotent_is_retried(api, waits):
    api.post(f"{SOURCES}/abc/actions/pause", json={"detail": "busy"}, status=503)
    api.post(f"{SOURCES}/abc/actions/pause", json={})

    assert waits.client().post("/sources/abc/actions/pause", idempotent=True) == {}
    assert len(api.calls) == 2


def test_a_put_declared_not_idempotent_is_ambiguous(api, waits):
    api.put(f"{SOURCES}/abc", json={"detail": "busy"}, status=503)

    with pytest.raises(StreamkapAmbiguousWriteError):
        waits.client().request("PUT", "/sources/abc", body={}, idempotent=False)

    assert len(api.calls) == 1


def test_token_exchange_is_retried_like_a_read(api, waits):
    api.post(f"{API_URL}/auth/access-token", json={"detail": "busy"}, status=503)
    api.post(f"{API_URL}/auth/access-token", json={"accessToken": "fresh", "refreshToken": "r"},
             match=[matchers.json_params_matcher({"client_id": CLIENT_ID, "secret": CLIENT_SECRET})])
    api.post(SOURCES, json=CREATED)

    client = waits.client(access_token=None, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)

    assert client.post("/sources", body={"name": "orders"}) == CREATED
    assert len(calls_to(api, "POST", "/auth/access-token")) == 2
    assert calls_to(api, "POST", "/sources")[0].request.headers["Authorization"] == "Bearer fresh"
