# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The transport under hostile conditions: a connection lost after a proxy forwarded the request,
and proxy settings requests cannot use."""

from __future__ import annotations

import socket
import ssl
import threading
import typing as t

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapClient,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.transport import Transport, TransportError
from tests.unit.helpers import API_URL, TOKEN, sent_with
from tests.unit.loopback import LoopbackServer, read_head, self_signed

PROXY_PASSWORD = "pr0xy-S3cret"
PROXY_ENV_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
                  "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def take_request_then_drop(listener: LoopbackServer, connection: t.Any) -> None:
    """A server (or forwarding proxy) that reads the whole request, acts on it, and closes without answering."""
    listener.requests.append(read_head(connection))
    connection.close()


# --- a request lost after it went out through a proxy is not "never sent" ---

def test_a_post_dropped_after_a_forwarding_proxy_took_it_was_sent(monkeypatch):
    # The proxy received the whole POST (and may have forwarded it); only the answer is missing.
    proxy = LoopbackServer(take_request_then_drop)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
    transport = Transport("http://api.streamkap.test", timeout=2, verify=True, use_proxy=True)

    with pytest.raises(TransportError) as caught:
        transport.send("POST", "http://api.streamkap.test/sources", None, b'{"name": "orders"}', {"Content-Type": "application/json"})

    proxy.close()
    assert len(proxy.requests) == 1 and proxy.requests[0].startswith(b"POST http://api.streamkap.test/sources")
    assert caught.value.never_sent is False, f"classified {caught.value.kind!r} ({caught.value.cause})"


def test_a_create_lost_after_the_proxy_tunnel_opened_is_an_ambiguous_write_not_a_retry(monkeypatch, tmp_path):
    """HTTPS_PROXY with CONNECT: the origin takes the POST and the connection drops before an answer.

    Retrying such a POST can create the source twice: it must be an ambiguous write, sent once.
    """
    bundle = self_signed(tmp_path, "api.streamkap.test")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(bundle)

    def origin_handle(listener: LoopbackServer, connection: t.Any) -> None:
        with context.wrap_socket(connection, server_side=True) as tls:
            take_request_then_drop(listener, tls)

    def tunnel(listener: LoopbackServer, connection: t.Any) -> None:
        read_head(connection)
        upstream = socket.create_connection(("127.0.0.1", origin.port))
        connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")

        def pump(source: t.Any, sink: t.Any) -> None:
            try:
                while chunk := source.recv(65536):
                    sink.sendall(chunk)
            except OSError:
                pass
            for end in (source, sink):
                end.close()

        threading.Thread(target=pump, args=(upstream, connection), daemon=True).start()
        pump(connection, upstream)

    origin = LoopbackServer(origin_handle)
    proxy = LoopbackServer(tunnel)
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:{PROXY_PASSWORD}@127.0.0.1:{proxy.port}")
    client = StreamkapClient(api_url=f"https://api.streamkap.test:{origin.port}", access_token=TOKEN, ca_path=bundle,
                             retries=3, sleep=lambda _s: None, request_timeout=5)

    with pytest.raises(StreamkapError) as caught:
        client.post("/sources", {"name": "orders"})

    origin.close()
    proxy.close()
    assert len(origin.requests) == 1, f"the POST reached the origin {len(origin.requests)} times"
    assert isinstance(caught.value, StreamkapAmbiguousWriteError)
    assert PROXY_PASSWORD not in str(caught.value)


# --- proxy settings the transport cannot use: a clear error, never a traceback or the password ---

@pytest.mark.parametrize(
    "proxy",
    [
        f"http://user:{PROXY_PASSWORD}@proxy.internal:99999",  # port out of range
        f"http://user:{PROXY_PASSWORD}@proxy.internal:-1",
        f"http://user:{PROXY_PASSWORD}@proxy.internal:3128:1",
        f"http://user:{PROXY_PASSWORD}@proxy internal:3128",  # a space in the host
        f" http://user:{PROXY_PASSWORD}@proxy.internal:3128",  # a stray leading space
        f"socks5://user:{PROXY_PASSWORD}@proxy.internal:1080",  # SOCKS needs PySocks, which is not installed
        f"ftp://user:{PROXY_PASSWORD}@proxy.internal:21",
        f"http://user:{PROXY_PASSWORD}@proxy.internal:0",
        f"http://user:{PROXY_PASSWORD}@[::1:3128",
    ],
)
def test_an_unusable_proxy_setting_is_a_clean_error_without_the_password(monkeypatch, proxy):
    monkeypatch.setenv("HTTPS_PROXY", proxy)

    with pytest.raises(StreamkapError) as caught:  # not InvalidURL or InvalidSchema quoting the value
        StreamkapClient(api_url="https://api.streamkap.test", access_token=TOKEN, retries=0).get("/sources")

    assert PROXY_PASSWORD not in str(caught.value)
    assert "PROXY" in str(caught.value).upper()


# --- environment spellings as requests reads them ---

def test_an_empty_lower_case_https_proxy_turns_the_upper_case_one_off(api, monkeypatch):
    # urllib.request.getproxies_environment, which requests reads: an empty lower-case value removes the proxy.
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("https_proxy", "")
    api.get(f"{API_URL}/sources", json={})

    StreamkapClient(api_url=API_URL, access_token=TOKEN).get("/sources")

    assert "https" not in sent_with(api)["proxies"]


# --- proxy credentials and hosts ---

@pytest.mark.parametrize("userinfo", [f"user:{PROXY_PASSWORD}%E2%82%AC", f"user:{PROXY_PASSWORD}\u20ac", f"us\u20acr:{PROXY_PASSWORD}",
                                      f"user:{PROXY_PASSWORD}%FF"])  # the last is no UTF-8 at all
def test_a_proxy_credential_outside_latin_1_is_no_unicode_error_and_shows_no_character_of_it(monkeypatch, userinfo):
    # A percent-encoded UTF-8 password is the usual way to put a special character in HTTPS_PROXY.
    monkeypatch.setenv("HTTPS_PROXY", f"http://{userinfo}@127.0.0.1:9")

    with pytest.raises(StreamkapError) as caught:  # not UnicodeEncodeError from the Proxy-Authorization header
        StreamkapClient(api_url="https://api.streamkap.test", access_token=TOKEN, retries=0, request_timeout=2).get("/sources")

    assert PROXY_PASSWORD not in str(caught.value)
    assert "\u20ac" not in str(caught.value) and "\\u20ac" not in str(caught.value)


@pytest.mark.parametrize("host", ["a" * 64 + ".example", ".", ".."])
def test_a_proxy_host_that_cannot_be_looked_up_is_refused_before_sending_naming_the_variable(monkeypatch, host):
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:{PROXY_PASSWORD}@{host}:3128")

    with pytest.raises(StreamkapError) as caught:  # today: "request to ... failed (LocationParseError)" on the first call
        StreamkapClient(api_url="https://api.streamkap.test", access_token=TOKEN, retries=0)

    assert "HTTPS_PROXY" in str(caught.value)
    assert PROXY_PASSWORD not in str(caught.value)
