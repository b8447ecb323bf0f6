# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The urllib3 transport: proxies from the environment, query strings, usable hosts, and real
exchanges on loopback (TLS failures, compressed answers, threads sharing one pool, ~/.netrc)."""

from __future__ import annotations

import base64
import gzip
import http.server
import json
import socket
import sys
import threading
import typing as t

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.transport import (
    ProxySettingError,
    TransportError,
    Urllib3Transport,
    environment_proxy,
    proxy_authorization,
    url_is_usable,
    url_with_query,
)
from tests.unit.helpers import TOKEN

PROXY = "http://proxy.internal:3128"
API = "https://api.streamkap.test"


# --- which proxy the environment names ---

@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"HTTPS_PROXY": PROXY}, PROXY),
        ({"https_proxy": PROXY, "HTTPS_PROXY": "http://other:1"}, PROXY),  # the lower-case spelling wins
        ({"ALL_PROXY": PROXY}, PROXY),
        ({"HTTPS_PROXY": PROXY, "ALL_PROXY": "http://other:1"}, PROXY),
        ({"HTTP_PROXY": PROXY}, None),  # the API is https: an http-only proxy is not for it
        ({"HTTPS_PROXY": "proxy.internal:3128"}, PROXY),  # no scheme means http://
    ],
)
def test_the_proxy_comes_from_the_environment(environ, expected):
    assert environment_proxy(API, environ) == expected


@pytest.mark.parametrize(
    "no_proxy",
    ["*", "api.streamkap.test", "streamkap.test", ".streamkap.test", "other.example, streamkap.test",
     "API.Streamkap.Test", "api.streamkap.test:443", "other.example api.streamkap.test"],
)
def test_no_proxy_covers_the_host(no_proxy):
    assert environment_proxy(API, {"HTTPS_PROXY": PROXY, "NO_PROXY": no_proxy}) is None


@pytest.mark.parametrize("no_proxy", ["streamkap.test.example", "pi.streamkap.test", "api.streamkap.test:8443", "10.0.0.0/8", ""])
def test_no_proxy_that_does_not_cover_the_host_keeps_the_proxy(no_proxy):
    assert environment_proxy(API, {"HTTPS_PROXY": PROXY, "NO_PROXY": no_proxy}) == PROXY


@pytest.mark.parametrize("no_proxy", ["10.1.0.0/16", "10.1.2.3", "[2001:db8::1]", "2001:db8::/32"])
def test_no_proxy_covers_addresses_and_networks(no_proxy):
    host = "[2001:db8::1]" if ":" in no_proxy else "10.1.2.3"
    assert environment_proxy(f"https://{host}", {"HTTPS_PROXY": PROXY, "NO_PROXY": no_proxy}) is None


def test_proxy_credentials_are_sent_in_utf_8():
    header = proxy_authorization("http://us%C3%A9r:p%E2%82%AC%40ss@proxy.internal:3128")

    assert header == {"Proxy-Authorization": f"Basic {base64.b64encode('usér:p€@ss'.encode()).decode()}"}
    assert proxy_authorization(PROXY) is None


def test_a_proxy_password_that_is_not_utf_8_is_a_clean_error_naming_the_variable():
    with pytest.raises(ProxySettingError, match="^The proxy named by the https_proxy environment variable cannot be used") as caught:
        environment_proxy(API, {"https_proxy": "http://user:s3cret%FF@proxy.internal:3128"})

    assert "s3cret" not in str(caught.value)


def test_an_international_host_that_needs_idna_names_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "idna", None)  # import idna now raises ImportError

    with pytest.raises(StreamkapError, match="needs the Python package idna"):
        StreamkapClient(api_url="https://faß.example", access_token=TOKEN)
    assert StreamkapClient(api_url="https://bücher.example", access_token=TOKEN).api_url == "https://xn--bcher-kva.example"


# --- query strings and hosts ---

def test_the_query_leaves_out_none_and_encodes_every_value():
    url = url_with_query(f"{API}/sources", {"name": "a&b=c d", "page": 2, "skip": None, "wait": "false"})

    assert url == f"{API}/sources?name=a%26b%3Dc+d&page=2&wait=false"


def test_no_parameters_leave_the_url_alone():
    assert url_with_query(f"{API}/sources", {"skip": None}) == f"{API}/sources"
    assert url_with_query(f"{API}/sources", None) == f"{API}/sources"


@pytest.mark.parametrize("url", ["https://.", "https://a..b", "https://*.example.com", f"https://{'x' * 64}.example.com", "https://%"])
def test_hosts_that_cannot_be_looked_up_are_not_usable(url):
    assert url_is_usable(url) is False


@pytest.mark.parametrize("url", [API, "http://127.0.0.1:8000", "http://[::1]:8000", "https://bücher.example"])
def test_ordinary_hosts_are_usable(url):
    assert url_is_usable(url) is True


# --- real exchanges on loopback ---

class Handler(http.server.BaseHTTPRequestHandler):
    """Answers GETs with what the test put in `server.answer`: (status, headers, body bytes)."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the http.server naming)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append(dict(self.headers, method=self.command))  # type: ignore[attr-defined]
        status, headers, body = self.server.answer  # type: ignore[attr-defined]
        self.send_response(status)
        for name, value in dict(headers, **{"Content-Length": str(len(body))}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815

    def log_message(self, *_args: t.Any) -> None:
        pass


@pytest.fixture
def loopback():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.seen = []  # type: ignore[attr-defined]
    server.answer = (200, {"Content-Type": "application/json"}, b'{"result": []}')  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def origin(server: t.Any, scheme: str = "http") -> str:
    return f"{scheme}://127.0.0.1:{server.server_address[1]}"


def test_a_tls_handshake_failure_is_a_tls_error_and_is_not_retried(loopback):
    # An https client talking to a plain http server: the handshake fails, as with an untrusted certificate.
    client = StreamkapClient(api_url=origin(loopback, "https"), access_token=TOKEN, retries=3, sleep=lambda _s: None)

    with pytest.raises(StreamkapApiError) as caught:
        client.get("/sources")

    assert caught.value.attempts == 1
    assert str(caught.value).startswith(f"GET /sources failed: TLS error talking to {origin(loopback, 'https')}")


def test_a_compressed_answer_is_decompressed(loopback):
    body = gzip.compress(json.dumps({"result": [{"name": "orders"}]}).encode())
    loopback.answer = (200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, body)

    answer = StreamkapClient(api_url=origin(loopback), access_token=TOKEN).get("/sources")

    assert answer == {"result": [{"name": "orders"}]}
    assert "gzip" in loopback.seen[0]["Accept-Encoding"]


def test_a_body_that_does_not_decompress_is_a_clear_error(loopback):
    loopback.answer = (200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, b"not gzip at all")
    client = StreamkapClient(api_url=origin(loopback), access_token=TOKEN, retries=2, sleep=lambda _s: None)

    with pytest.raises(StreamkapApiError) as caught:
        client.get("/sources")

    assert str(caught.value) == f"GET /sources failed: request to {origin(loopback)} failed (DecodeError)"
    assert caught.value.attempts == 1


def test_a_write_answered_with_a_body_that_does_not_decompress_may_have_been_applied(loopback):
    # The service answered, so it may have created the source: the caller must look it up, not fail or repeat.
    loopback.answer = (200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, b"not gzip at all")
    client = StreamkapClient(api_url=origin(loopback), access_token=TOKEN, retries=2, sleep=lambda _s: None)

    with pytest.raises(StreamkapAmbiguousWriteError):
        client.post("/sources", body={"name": "orders"})

    assert [seen["method"] for seen in loopback.seen] == ["POST"]


def test_an_international_host_is_kept_in_its_ascii_form():
    client = StreamkapClient(api_url="https://bücher.example:8443/", access_token=TOKEN)

    assert client.api_url == "https://xn--bcher-kva.example:8443"


def test_threads_share_one_client_and_its_pool(loopback):
    client = StreamkapClient(api_url=origin(loopback), access_token=TOKEN)
    answers: list[t.Any] = []
    threads = [threading.Thread(target=lambda: answers.append(client.get("/sources"))) for _thread in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert answers == [{"result": []}] * 20
    assert {seen["Authorization"] for seen in loopback.seen} == {f"Bearer {TOKEN}"}


def test_a_netrc_entry_for_the_api_host_does_not_replace_the_bearer_token(loopback, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password netrc-password\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))

    StreamkapClient(api_url=origin(loopback), access_token=TOKEN).get("/sources")

    assert loopback.seen[0]["Authorization"] == f"Bearer {TOKEN}"


def test_the_client_headers_reach_the_server(loopback):
    StreamkapClient(api_url=origin(loopback), access_token=TOKEN).get("/sources", params={"page": 1, "skip": None})

    seen = loopback.seen[0]
    assert seen["Accept"] == "application/json"
    assert seen["User-Agent"] == "ansible-collection-streamkap.cloud"


def test_a_refused_connection_says_nothing_was_sent():
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"

    with pytest.raises(TransportError) as caught:
        Urllib3Transport(url, timeout=2, validate_certs=True, use_proxy=False).send("POST", f"{url}/sources", b"{}", {})

    assert (caught.value.kind, caught.value.cause) == ("refused", "NewConnectionError")
    assert (caught.value.never_sent, caught.value.retryable) == (True, True)
