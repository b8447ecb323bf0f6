# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The transport (a requests.Session): usable hosts, query strings, and real exchanges on loopback
(TLS and where the trusted CAs come from, compressed answers, threads sharing one pool, ~/.netrc, cookies)."""

from __future__ import annotations

import gzip
import http.server
import json
import ssl
import threading
import typing as t

import certifi
import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.transport import (
    POOL_SIZE,
    Transport,
    TransportError,
    url_is_usable,
)
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, TOKEN
from tests.unit.loopback import LoopbackServer, free_port, read_head, self_signed

API = "https://api.streamkap.test"
ENV_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
            "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NETRC")


@pytest.fixture(autouse=True)
def clean_transport_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


# --- hosts and query strings ---

@pytest.mark.parametrize("url", ["https://.", "https://a..b", "https://*.example.com", f"https://{'x' * 64}.example.com", "https://%"])
def test_hosts_that_cannot_be_looked_up_are_not_usable(url):
    assert url_is_usable(url) is False


@pytest.mark.parametrize("url", [API, "http://127.0.0.1:8000", "http://[::1]:8000", "https://bücher.example"])
def test_ordinary_hosts_are_usable(url):
    assert url_is_usable(url) is True


def test_an_international_host_is_kept_in_its_ascii_form():
    client = StreamkapClient(api_url="https://bücher.example:8443/", access_token=TOKEN)

    assert client.api_url == "https://xn--bcher-kva.example:8443"


def test_an_international_host_keeps_its_idna_2008_form():
    # IDNA 2003 would map "faß" to "fass", another registrable domain: the token must not go there.
    assert StreamkapClient(api_url="https://fa\u00df.example", access_token=TOKEN).api_url == "https://xn--fa-hia.example"


def test_the_query_leaves_out_none_and_encodes_every_value(api):
    api.get(f"{API_URL}/sources", json={})

    StreamkapClient(api_url=API_URL, access_token=TOKEN).get("/sources", params={"name": "a&b=c d", "page": 2, "skip": None})

    assert api.calls[0].request.url == f"{API_URL}/sources?name=a%26b%3Dc+d&page=2"


# --- real exchanges on loopback ---

class Handler(http.server.BaseHTTPRequestHandler):
    """Answers with what the test put in `server.answer`: (status, headers, body bytes); records what it received."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the http.server naming)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        seen = dict(self.headers, method=self.command, path=self.path, client_port=self.client_address[1])
        self.server.seen.append(seen)  # type: ignore[attr-defined]
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

    assert str(caught.value) == f"GET /sources failed: request to {origin(loopback)} failed (ContentDecodingError)"
    assert caught.value.attempts == 1


def test_a_write_answered_with_a_body_that_does_not_decompress_may_have_been_applied(loopback):
    # The service answered, so it may have created the source: the caller must look it up, not fail or repeat.
    loopback.answer = (200, {"Content-Type": "application/json", "Content-Encoding": "gzip"}, b"not gzip at all")
    client = StreamkapClient(api_url=origin(loopback), access_token=TOKEN, retries=2, sleep=lambda _s: None)

    with pytest.raises(StreamkapAmbiguousWriteError):
        client.post("/sources", body={"name": "orders"})

    assert [seen["method"] for seen in loopback.seen] == ["POST"]


def test_threads_share_one_client_and_its_pool(loopback):
    # The plural modules' threads: twice as many calls as the pool holds connections, in two waves.
    client = StreamkapClient(api_url=origin(loopback), access_token=TOKEN)
    answers: list[t.Any] = []
    for _wave in range(2):
        threads = [threading.Thread(target=lambda: answers.append(client.get("/sources"))) for _thread in range(POOL_SIZE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)

    assert answers == [{"result": []}] * (2 * POOL_SIZE)
    assert {seen["Authorization"] for seen in loopback.seen} == {f"Bearer {TOKEN}"}
    # The second wave reused the first wave's connections.
    assert len({seen["client_port"] for seen in loopback.seen}) <= POOL_SIZE


@pytest.mark.parametrize("where", ["~/.netrc", "NETRC"])
def test_a_netrc_entry_for_the_api_host_never_replaces_the_credentials(loopback, tmp_path, monkeypatch, where):
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login someone password netrc-password\n", encoding="utf-8")
    netrc.chmod(0o600)
    if where == "NETRC":
        monkeypatch.setenv("NETRC", str(netrc))
    else:
        monkeypatch.setenv("HOME", str(tmp_path))
    loopback.answer = (200, {"Content-Type": "application/json"}, json.dumps({"accessToken": TOKEN, "result": []}).encode())

    StreamkapClient(api_url=origin(loopback), client_id=CLIENT_ID, client_secret=CLIENT_SECRET).get("/sources")

    exchange, call = loopback.seen
    assert exchange["path"] == "/auth/access-token" and "Authorization" not in exchange
    assert call["Authorization"] == f"Bearer {TOKEN}"


def test_a_cookie_the_api_sets_is_not_sent_back(loopback):
    # Threads share the session: a cookie jar would be state they race on, and the API authenticates by token.
    loopback.answer = (200, {"Content-Type": "application/json", "Set-Cookie": "affinity=node-1; Path=/"}, b'{"result": []}')
    client = StreamkapClient(api_url=origin(loopback), access_token=TOKEN)

    client.get("/sources")
    client.get("/sources")

    assert [seen.get("Cookie") for seen in loopback.seen] == [None, None]


def test_the_client_headers_reach_the_server(loopback):
    StreamkapClient(api_url=origin(loopback), access_token=TOKEN).get("/sources", params={"page": 1, "skip": None})

    seen = loopback.seen[0]
    assert seen["path"] == "/sources?page=1"
    assert seen["Accept"] == "application/json"
    assert seen["User-Agent"] == "ansible-collection-streamkap.cloud"


def test_a_refused_connection_says_nothing_was_sent():
    url = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(TransportError) as caught:
        Transport(url, timeout=2, verify=True, use_proxy=False).send("POST", f"{url}/sources", None, b"{}", {})

    assert (caught.value.kind, caught.value.cause) == ("refused", "ConnectionError")
    assert (caught.value.never_sent, caught.value.retryable) == (True, True)


# --- TLS on loopback: which certificate authorities are trusted ---

@pytest.fixture
def tls_api(tmp_path):
    """An https API on localhost whose certificate only its own bundle trusts: (api_url, bundle)."""
    bundle = self_signed(tmp_path, "localhost")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(bundle)

    def handle(_server: LoopbackServer, connection: t.Any) -> None:
        with context.wrap_socket(connection, server_side=True) as tls:
            read_head(tls)
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n"
                        b"Connection: close\r\n\r\n{\"result\": []}")

    server = LoopbackServer(handle)
    yield f"https://localhost:{server.port}", bundle
    server.close()


def tls_client(api_url: str, **options: t.Any) -> StreamkapClient:
    return StreamkapClient(api_url=api_url, access_token=TOKEN, retries=0, request_timeout=5, **options)


def test_ca_path_is_trusted(tls_api):
    api_url, bundle = tls_api

    assert tls_client(api_url, ca_path=bundle).get("/sources") == {"result": []}


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_the_bundle_the_environment_names_is_trusted_without_ca_path(tls_api, monkeypatch, variable):
    api_url, bundle = tls_api
    monkeypatch.setenv(variable, bundle)

    assert tls_client(api_url).get("/sources") == {"result": []}


def test_ca_path_comes_before_the_environment(tls_api, monkeypatch):
    api_url, bundle = tls_api
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())  # a real bundle, but not one that trusts this API

    assert tls_client(api_url, ca_path=bundle).get("/sources") == {"result": []}


def test_without_ca_path_or_environment_only_public_authorities_are_trusted(tls_api):
    api_url, _bundle = tls_api

    with pytest.raises(StreamkapApiError, match="TLS error talking to"):
        tls_client(api_url).get("/sources")


def test_validate_certs_false_trusts_any_certificate(tls_api):
    api_url, _bundle = tls_api

    assert tls_client(api_url, validate_certs=False).get("/sources") == {"result": []}
