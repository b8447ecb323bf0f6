# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Credentials stay with the API (proxies, redirects) and bad transport input never raises a traceback.

The proxy and redirect tests run real HTTP servers on loopback: one plays the API, the
other a proxy or a foreign origin, and every byte the second one receives is recorded.
"""

from __future__ import annotations

import base64
import json
import math
import socket
import typing as t

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
    check_api_url,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.failures import render_error_detail
from ansible_collections.streamkap.cloud.plugins.module_utils.common import client_from_params
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, TOKEN, transport_params
from tests.unit.loopback import LoopbackServer, read_head

EXCHANGED_TOKEN = "tok-exchanged-51c2"
PROXY_VARS = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
ENV_VARS = PROXY_VARS + ("NO_PROXY", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


@pytest.fixture(autouse=True)
def clean_transport_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)


class Answer(t.NamedTuple):
    status: int
    body: t.Any = None
    headers: dict[str, str] = {}


def recording(route: t.Callable[[str, str], Answer]) -> t.Callable[[LoopbackServer, socket.socket], None]:
    """A handler for LoopbackServer that records every raw request and answers with `route(method, target)`."""

    def handle(server: LoopbackServer, conn: socket.socket) -> None:
        raw = read_head(conn)
        if b"\r\n\r\n" not in raw:
            return
        head, _sep, body = raw.partition(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += conn.recv(65536)
        server.requests.append(head + b"\r\n\r\n" + body)
        method, target = head.split(b" ", 2)[:2]
        answer = route(method.decode(), target.decode())
        payload = b"" if answer.body is None else json.dumps(answer.body).encode()
        headers = dict(answer.headers, **{"Content-Length": str(len(payload)), "Connection": "close"})
        if payload:
            headers["Content-Type"] = "application/json"
        lines = [f"HTTP/1.1 {answer.status} X"] + [f"{name}: {value}" for name, value in headers.items()]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)

    return handle


def streamkap_api(method: str, target: str) -> Answer:
    """The API as the client needs it: a token exchange and an empty source list."""
    if method == "POST" and target == "/auth/access-token":
        return Answer(200, {"accessToken": EXCHANGED_TOKEN, "refreshToken": "refresh-3e1d"})
    if method == "GET" and target.startswith("/sources"):
        return Answer(200, {"result": [], "page": 1, "page_size": 100, "has_next": False})
    return Answer(404, {"detail": "Not Found"})


@pytest.fixture
def serve():
    servers: list[LoopbackServer] = []

    def start(route: t.Callable[[str, str], Answer]) -> LoopbackServer:
        server = LoopbackServer(recording(route))
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def credentials_client(api_url: str, **kwargs: t.Any) -> StreamkapClient:
    return StreamkapClient(api_url=api_url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, retries=0,
                           request_timeout=5, sleep=lambda _s: None, **kwargs)


# --- plain http never goes through a proxy ---

@pytest.mark.parametrize("proxy_var", PROXY_VARS)
def test_a_proxy_in_the_environment_never_sees_a_loopback_call(serve, monkeypatch, proxy_var):
    api = serve(streamkap_api)
    proxy = serve(lambda _method, _target: Answer(502, {"detail": "proxy"}))
    monkeypatch.setenv(proxy_var, proxy.origin)

    assert credentials_client(api.origin).get("/sources")["result"] == []

    assert proxy.requests == []
    # The API itself got the exchange and the call: the test would see a leak if there were one.
    assert CLIENT_SECRET.encode() in api.received
    assert f"Bearer {EXCHANGED_TOKEN}".encode() in api.received


@pytest.mark.parametrize(
    ("userinfo", "decoded"),
    [("proxy-user:p%40ss", "proxy-user:p@ss"), ("us%C3%A9r:p%E2%82%AC%40ss", "us\u00e9r:p\u20ac@ss")],
    ids=["ascii", "utf-8"],
)
def test_a_remote_https_api_still_uses_the_proxy(serve, monkeypatch, userinfo, decoded):
    # The proxy refuses the tunnel: what it received shows the client asked it, with its credentials
    # (in UTF-8, as curl sends them), and that the bearer token never travels outside the tunnel.
    proxy = serve(lambda _method, _target: Answer(403, {"detail": "tunnel refused"}))
    monkeypatch.setenv("HTTPS_PROXY", f"http://{userinfo}@127.0.0.1:{proxy.port}")

    with pytest.raises(StreamkapApiError) as caught:
        StreamkapClient(api_url=API_URL, access_token=TOKEN, retries=0, sleep=lambda _s: None).get("/sources")

    assert proxy.received.startswith(b"CONNECT api.streamkap.test:443 HTTP/1.")
    credentials = base64.b64encode(decoded.encode("utf-8"))  # percent-decoded from the proxy URL
    assert b"\r\nproxy-authorization: basic " + credentials.lower() in proxy.received.lower()
    assert credentials in proxy.received
    assert TOKEN.encode() not in proxy.received
    assert str(caught.value) == (
        "GET /sources failed: could not connect to https://api.streamkap.test through the proxy (check HTTPS_PROXY and NO_PROXY)"
    )


# --- no credential follows a redirect to another origin ---

def test_a_token_exchange_redirected_to_another_origin_is_not_reposted(serve):
    elsewhere = serve(streamkap_api)
    api = serve(lambda _m, _t: Answer(307, {"detail": "moved"}, {"Location": f"{elsewhere.origin}/auth/access-token"}))

    with pytest.raises(StreamkapApiError) as caught:
        credentials_client(api.origin).get("/sources")

    assert elsewhere.requests == []
    assert len(api.requests) == 1
    assert caught.value.status == 307
    assert str(caught.value).startswith(f"POST /auth/access-token failed with HTTP 307: the answer redirects to {elsewhere.origin}")
    assert "another origin" in str(caught.value)
    assert CLIENT_SECRET not in str(caught.value)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_call_redirected_to_another_origin_keeps_the_bearer_token_home(serve, status):
    elsewhere = serve(streamkap_api)

    def api_route(method: str, target: str) -> Answer:
        if target.startswith("/sources"):
            return Answer(status, None, {"Location": f"{elsewhere.origin}/sources?page=1"})
        return streamkap_api(method, target)

    api = serve(api_route)

    with pytest.raises(StreamkapApiError, match="another origin"):
        credentials_client(api.origin).get("/sources")

    assert elsewhere.requests == []
    assert len(api.requests) == 2  # the exchange and the redirected call, nothing more


def test_a_redirect_from_https_to_http_on_the_same_host_is_refused(api):
    api.get(f"{API_URL}/sources", status=301, headers={"Location": "http://api.streamkap.test/sources"})

    with pytest.raises(StreamkapApiError, match="redirects to http://api.streamkap.test, another origin than https://api.streamkap.test"):
        StreamkapClient(api_url=API_URL, access_token=TOKEN).get("/sources")

    assert len(api.calls) == 1


def test_a_same_origin_redirect_of_a_get_is_followed_with_the_token(serve):
    def api_route(method: str, target: str) -> Answer:
        if target.startswith("/sources?"):
            return Answer(307, None, {"Location": "/v2/sources?page=1"})
        if target.startswith("/v2/sources"):
            return streamkap_api(method, "/sources")
        return streamkap_api(method, target)

    api = serve(api_route)

    assert credentials_client(api.origin).get("/sources", params={"page": 1})["result"] == []

    follow = api.requests[-1]
    assert follow.startswith(b"GET /v2/sources?page=1 ")
    assert f"Bearer {EXCHANGED_TOKEN}".encode() in follow


def test_a_same_origin_307_of_a_post_is_followed_with_its_body(serve):
    def api_route(method: str, target: str) -> Answer:
        if target == "/auth/access-token":
            return Answer(307, None, {"Location": "/v1/auth/access-token"})
        return streamkap_api(method, target.replace("/v1", "", 1))

    api = serve(api_route)

    credentials_client(api.origin).get("/sources")

    assert api.requests[1].startswith(b"POST /v1/auth/access-token ")
    assert CLIENT_SECRET.encode() in api.requests[1]


@pytest.mark.parametrize("status", [301, 302, 303])
def test_a_post_redirected_in_a_way_that_drops_its_body_is_refused(api, status):
    api.post(f"{API_URL}/sources", status=status, headers={"Location": f"{API_URL}/sources/new"})

    with pytest.raises(StreamkapApiError, match=f"redirects the POST with HTTP {status}, which would drop its body"):
        StreamkapClient(api_url=API_URL, access_token=TOKEN).post("/sources", body={"name": "orders"})

    assert len(api.calls) == 1


def test_a_redirect_loop_ends_with_a_clear_error(api):
    api.get(f"{API_URL}/sources", status=302, headers={"Location": "/sources"})

    with pytest.raises(StreamkapApiError, match="more than 5 redirects"):
        StreamkapClient(api_url=API_URL, access_token=TOKEN, retries=0).get("/sources")

    assert len(api.calls) == 6


@pytest.mark.parametrize("location", ["https://[evil/sources", "https://api.streamkap.test:99999/sources"])
def test_a_redirect_to_an_unparsable_url_is_refused(api, location):
    api.get(f"{API_URL}/sources", status=302, headers={"Location": location})

    with pytest.raises(StreamkapApiError, match="redirects to an invalid URL"):
        StreamkapClient(api_url=API_URL, access_token=TOKEN, retries=0).get("/sources")


# --- no tracebacks, no request for bad input ---

@pytest.mark.parametrize(
    "url",
    ["http://[::1", "http://[not-an-ip]/", "https://[1:2:3]:99999", "https://[::1", "https://]::1[", "https://[[::1]]",
     "https://[::1]x", "https://[v1.x]/"],
)
def test_malformed_bracketed_hosts_are_refused_naming_api_url(api, url):
    with pytest.raises(StreamkapError) as caught:
        StreamkapClient(api_url=url, access_token=TOKEN)

    assert "api_url" in str(caught.value)
    assert len(api.calls) == 0


def test_a_bracketed_host_with_userinfo_is_refused_without_quoting_it():
    with pytest.raises(StreamkapError, match="^api_url must not contain a user name or password") as caught:
        check_api_url("https://user:hunter2@[::1")

    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("url", ["https://api.streamkap.test?", "https://api.streamkap.test#", "https://0?/"])
def test_an_empty_query_or_fragment_is_refused(url):
    # Otherwise "https://host?" + "/sources" would send the path as a query string.
    with pytest.raises(StreamkapError, match="^api_url must not contain a query or fragment"):
        check_api_url(url)


@pytest.mark.parametrize("url", ["https://.", "https://.example.com", "https://*.example.com"])
def test_a_host_requests_cannot_use_is_refused_up_front(api, url):
    with pytest.raises(StreamkapError, match=r"^api_url does not name a usable host"):
        StreamkapClient(api_url=url, access_token=TOKEN)

    assert len(api.calls) == 0


@pytest.mark.parametrize("url", ["https://[::1]:99999", "https://api.streamkap.test:0x50", "https://[::1]:-1"])
def test_invalid_ports_are_refused_naming_the_range(url):
    with pytest.raises(StreamkapError, match="api_url has an invalid port") as caught:
        check_api_url(url)

    assert "a port is a number from 1 to 65535" in str(caught.value)


@pytest.mark.parametrize("value", [1e308, math.inf, -math.inf, math.nan, 86400.5, 0.0, -1.0])
def test_request_timeout_out_of_range_is_refused(api, value):
    with pytest.raises(StreamkapError, match=r"^request_timeout must be a positive number of seconds, at most 86400"):
        StreamkapClient(api_url=API_URL, access_token=TOKEN, request_timeout=value)

    assert len(api.calls) == 0


@pytest.mark.parametrize("value", [1e308, math.inf, math.nan, -0.1])
def test_retry_max_delay_out_of_range_is_refused(value):
    with pytest.raises(StreamkapError, match=r"^retry_max_delay must be between 0 and 3600 seconds"):
        StreamkapClient(api_url=API_URL, access_token=TOKEN, retry_max_delay=value)


def test_the_largest_accepted_timeout_works_on_a_real_socket(serve):
    api = serve(streamkap_api)

    assert StreamkapClient(api_url=api.origin, access_token=TOKEN, request_timeout=86400).get("/sources")["result"] == []


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_missing_ca_bundle_named_by_the_environment_is_a_clear_error(api, monkeypatch, tmp_path, variable):
    monkeypatch.setenv(variable, str(tmp_path / "gone.pem"))

    with pytest.raises(StreamkapError) as caught:
        StreamkapClient(api_url=API_URL, access_token=TOKEN)

    assert str(caught.value) == (
        f"The CA bundle named by the {variable} environment variable does not exist ({tmp_path / 'gone.pem'}): "
        "fix or unset it, or set ca_path."
    )
    assert len(api.calls) == 0


def test_requests_ca_bundle_is_read_before_curl_ca_bundle(monkeypatch, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(tmp_path / "gone.pem"))

    assert StreamkapClient(api_url=API_URL, access_token=TOKEN).verify is True


@pytest.mark.parametrize(
    "settings",
    [{"ca_path": "CA"}, {"validate_certs": False}, {"api_url": "http://127.0.0.1:8000"}],
    ids=["ca_path wins", "not verifying", "plain http on loopback"],
)
def test_the_environment_bundle_is_not_checked_where_requests_ignores_it(monkeypatch, tmp_path, settings):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "gone.pem"))
    options = {"api_url": API_URL, **settings}
    if options.get("ca_path") == "CA":
        options["ca_path"] = str(bundle)

    assert StreamkapClient(access_token=TOKEN, **options).api_url == options["api_url"]


def test_client_from_params_names_the_environment_bundle(monkeypatch, tmp_path):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "gone.pem"))

    with pytest.raises(StreamkapError, match="REQUESTS_CA_BUNDLE environment variable"):
        client_from_params(transport_params(access_token=TOKEN))


def test_client_from_params_refuses_a_malformed_api_url_before_any_request(api):
    with pytest.raises(StreamkapError, match=r"^api_url is not a valid URL"):
        client_from_params(transport_params(api_url="https://[::1", access_token=TOKEN))

    assert len(api.calls) == 0


# --- an error body of any shape gives a readable message ---

ODD_DETAILS = [
    ([1, 2.5, True], "1; 2.5; True"),
    ([[{"loc": ["body", "name"], "msg": "too long"}], [["deep"]]], "name: too long; deep"),
    ([{"foo": "bar"}, {"loc": None}], "invalid; invalid"),
    ([None, {"msg": "bad"}, None], "bad"),
    ([{"loc": 5, "msg": "not an int"}], "5: not an int"),
    ([{"loc": {"a": 1}, "msg": {"nested": "msg"}}], "invalid"),
    ([{"loc": ["body", ["x"], {"y": 1}, "port"], "msg": "out of range"}], "port: out of range"),
    ([None], "HTTP 422 (empty detail)"),
    ([[[[["too deep"]]]]], "HTTP 422 (empty detail)"),
]


@pytest.mark.parametrize(("detail", "expected"), ODD_DETAILS)
def test_detail_items_of_any_type_render_as_one_line(detail, expected):
    assert render_error_detail(422, {"detail": detail}, True) == expected


def test_odd_detail_items_never_echo_the_input(api):
    body = {"detail": [{"loc": ["body", "config"], "msg": "bad", "input": "pw-echoed"},
                       [{"loc": 7, "input": {"database.password": "pw-echoed"}}], None, 3]}
    api.post(f"{API_URL}/sources", json=body, status=422)

    with pytest.raises(StreamkapApiError) as caught:
        StreamkapClient(api_url=API_URL, access_token=TOKEN).post("/sources", body={"name": "orders"})

    assert str(caught.value) == "POST /sources failed with HTTP 422: config: bad; 7: invalid; 3"
