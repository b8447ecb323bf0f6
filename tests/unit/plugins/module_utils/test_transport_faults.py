# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The urllib3 transport under hostile conditions: a connection lost after a proxy forwarded the
request, proxy settings the transport cannot use, and environments without the idna package."""

from __future__ import annotations

import datetime
import socket
import ssl
import sys
import threading
import typing as t

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapClient,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.transport import (
    TransportError,
    Urllib3Transport,
    environment_proxy,
    url_is_usable,
)
from tests.unit.helpers import TOKEN
from tests.unit.loopback import LoopbackServer, read_head

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
    transport = Urllib3Transport("http://api.streamkap.test", timeout=2, validate_certs=True, use_proxy=True)

    with pytest.raises(TransportError) as caught:
        transport.send("POST", "http://api.streamkap.test/sources", b'{"name": "orders"}', {"Content-Type": "application/json"})

    proxy.close()
    assert len(proxy.requests) == 1 and proxy.requests[0].startswith(b"POST http://api.streamkap.test/sources")
    assert caught.value.never_sent is False, f"classified {caught.value.kind!r} ({caught.value.cause})"


def _self_signed(tmp_path: t.Any, host: str) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp_path / "origin.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(path)


def test_a_create_lost_after_the_proxy_tunnel_opened_is_an_ambiguous_write_not_a_retry(monkeypatch, tmp_path):
    """HTTPS_PROXY with CONNECT: the origin takes the POST and the connection drops before an answer.

    Retrying such a POST can create the source twice: it must be an ambiguous write, sent once.
    """
    bundle = _self_signed(tmp_path, "api.streamkap.test")
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
        f"socks5://user:{PROXY_PASSWORD}@proxy.internal:1080",  # a scheme urllib3 has no support for here
        f"http://user:{PROXY_PASSWORD}@[::1:3128",
    ],
)
def test_an_unusable_proxy_setting_is_a_clean_error_without_the_password(monkeypatch, proxy):
    monkeypatch.setenv("HTTPS_PROXY", proxy)

    with pytest.raises(StreamkapError) as caught:  # not LocationParseError, ProxySchemeUnknown or ValueError
        StreamkapClient(api_url="https://api.streamkap.test", access_token=TOKEN, retries=0).get("/sources")

    assert PROXY_PASSWORD not in str(caught.value)
    assert "PROXY" in str(caught.value).upper()


# --- environment spellings as urllib and requests read them ---

def test_an_empty_lower_case_https_proxy_turns_the_upper_case_one_off():
    # urllib.request.getproxies_environment (and so requests in 1.0.0): an empty lower-case value removes the proxy.
    assert environment_proxy("https://api.streamkap.test", {"HTTPS_PROXY": "http://proxy.internal:3128", "https_proxy": ""}) is None


# --- hosts: urllib3 does not require the idna package, requests did ---

def test_an_idn_api_url_is_usable_without_the_idna_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "idna", None)  # import idna now raises ImportError

    assert url_is_usable("https://bücher.example") is True


# --- proxy credentials and hosts, international hosts without idna ---

@pytest.mark.parametrize("userinfo", [f"user:{PROXY_PASSWORD}%E2%82%AC", f"user:{PROXY_PASSWORD}\u20ac", f"us\u20acr:{PROXY_PASSWORD}"])
def test_a_proxy_credential_outside_latin_1_is_no_unicode_error_and_shows_no_character_of_it(monkeypatch, userinfo):
    # A percent-encoded UTF-8 password is the usual way to put a special character in HTTPS_PROXY.
    monkeypatch.setenv("HTTPS_PROXY", f"http://{userinfo}@127.0.0.1:9")

    with pytest.raises(StreamkapError) as caught:  # not UnicodeEncodeError from the Proxy-Authorization header
        StreamkapClient(api_url="https://api.streamkap.test", access_token=TOKEN, retries=0, request_timeout=2).get("/sources")

    assert PROXY_PASSWORD not in str(caught.value)
    assert "\u20ac" not in str(caught.value) and "\\u20ac" not in str(caught.value)


@pytest.mark.parametrize("host", ["a" * 64 + ".example", ".", ".."])
def test_a_proxy_host_urllib3_cannot_send_to_is_refused_before_sending_naming_the_variable(monkeypatch, host):
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:{PROXY_PASSWORD}@{host}:3128")

    with pytest.raises(StreamkapError) as caught:  # today: "request to ... failed (LocationParseError)" on the first call
        StreamkapClient(api_url="https://api.streamkap.test", access_token=TOKEN, retries=0)

    assert "HTTPS_PROXY" in str(caught.value)
    assert PROXY_PASSWORD not in str(caught.value)


def test_an_idn_host_is_not_sent_to_another_domain_without_the_idna_package(monkeypatch):
    # IDNA 2003 (the standard library) maps "faß" to "fass", another registrable domain; IDNA 2008 (idna, as requests
    # encoded hosts in 1.0.0) keeps the sharp s. The token must not go to fass.example: encode as 2008 or refuse.
    monkeypatch.setitem(sys.modules, "idna", None)  # import idna now raises ImportError
    try:
        outcome = StreamkapClient(api_url="https://fa\u00df.example", access_token=TOKEN).api_url
    except StreamkapError:
        outcome = "refused"

    assert outcome in ("https://xn--fa-hia.example", "refused")
