# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Transport security (https, CA, proxies), URL encoding, and real sockets on loopback."""

from __future__ import annotations

import socket

import pytest
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
    api_path,
    check_api_url,
)
from tests.unit.helpers import API_URL, TOKEN, sent_with
from tests.unit.loopback import LoopbackServer, free_port, read_head


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
                "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)


def make_client(api_url: str = API_URL, **kwargs) -> StreamkapClient:
    return StreamkapClient(api_url=api_url, access_token=TOKEN, sleep=lambda _s: None, **kwargs)


# --- https only, except loopback ---

@pytest.mark.parametrize(
    "url",
    ["http://example.com", "http://api.streamkap.com:80", "http://10.0.0.1:8000", "http://127.example.com",
     "http://localhost.example.com", "http://[::2]:8000", "HTTP://EXAMPLE.COM"],
)
def test_plain_http_to_a_remote_host_is_refused(url):
    with pytest.raises(StreamkapError) as caught:
        make_client(url)

    assert str(caught.value).startswith("api_url must use https://")
    assert "loopback" in str(caught.value)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://localhost", "http://LOCALHOST:8000", "http://127.5.6.7", "http://[::1]:8000",
     "https://example.com", "HTTPS://api.streamkap.com/"],
)
def test_https_and_loopback_http_are_accepted(url):
    assert make_client(url).api_url == url.rstrip("/")


@pytest.mark.parametrize("url", ["api.streamkap.com", "ftp://api.streamkap.com", "https://", "", "https:///path"])
def test_a_url_without_scheme_or_host_is_refused(url):
    with pytest.raises(StreamkapError, match="api_url must start with http:// or https://"):
        check_api_url(url)


def test_the_refusal_does_not_quote_userinfo():
    with pytest.raises(StreamkapError) as caught:
        check_api_url("http://user:hunter2@example.com/")

    assert "hunter2" not in str(caught.value)
    assert str(caught.value).startswith("api_url must not contain a user name or password")


@pytest.mark.parametrize("url", [
    "https://user:Zq7K/pq9w@api.example.com",      # a "/" would make "Zq7K" read as a port
    "https://user:Zq7K?pq9w@api.example.com",
    "https://user:Zq7K#pq9w@api.example.com",
    "https://user:Zq7Kpw@:%40/WbX9@api.example.com",
])
def test_a_password_holding_url_delimiters_is_refused_without_any_part_of_it(url):
    with pytest.raises(StreamkapError) as caught:
        check_api_url(url)

    message = str(caught.value)
    assert message.startswith("api_url must not contain a user name or password")
    assert "Zq7K" not in message and "pq9w" not in message and "WbX9" not in message


# --- certificates: what requests is asked to verify with (real handshakes: test_transport.py) ---

def test_validate_certs_is_on_by_default(api):
    api.get(f"{API_URL}/sources", json={})

    client = make_client()
    client.get("/sources")

    assert client.verify is True
    assert sent_with(api)["verify"] is True  # requests' own bundle (certifi)


def test_ca_path_is_used_to_verify(api, tmp_path):
    bundle = tmp_path / "private-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    api.get(f"{API_URL}/sources", json={})

    client = make_client(ca_path=str(bundle))
    client.get("/sources")

    assert client.verify == str(bundle)
    assert sent_with(api)["verify"] == str(bundle)


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_ca_bundle_named_by_the_environment_is_used_without_ca_path(api, tmp_path, monkeypatch, variable):
    bundle = tmp_path / "corporate-ca.pem"
    bundle.write_text("x")
    monkeypatch.setenv(variable, str(bundle))
    api.get(f"{API_URL}/sources", json={})

    make_client().get("/sources")

    assert sent_with(api)["verify"] == str(bundle)


def test_ca_path_beats_requests_ca_bundle(api, tmp_path, monkeypatch):
    bundle = tmp_path / "private-ca.pem"
    bundle.write_text("x")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "other.pem"))
    api.get(f"{API_URL}/sources", json={})

    make_client(ca_path=str(bundle)).get("/sources")

    assert sent_with(api)["verify"] == str(bundle)


def test_validate_certs_false_ignores_ca_path(api, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")
    api.get(f"{API_URL}/sources", json={})

    make_client(ca_path=str(bundle), validate_certs=False).get("/sources")

    assert sent_with(api)["verify"] is False


def test_a_missing_ca_path_is_a_clear_error(tmp_path):
    with pytest.raises(StreamkapError, match="ca_path .*missing.pem does not exist"):
        make_client(ca_path=str(tmp_path / "missing.pem"))


# --- proxies from the environment, as requests reads them ---

@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY"])
def test_a_proxy_from_the_environment_is_used(api, monkeypatch, variable):
    monkeypatch.setenv(variable, "http://proxy.internal:3128")
    api.get(f"{API_URL}/sources", json={})

    make_client().get("/sources")

    assert "http://proxy.internal:3128" in sent_with(api)["proxies"].values()


def test_no_proxy_is_honoured(api, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "api.streamkap.test")
    api.get(f"{API_URL}/sources", json={})

    make_client().get("/sources")

    assert "https" not in sent_with(api)["proxies"]


# --- URL encoding ---

def test_api_path_encodes_every_segment():
    assert api_path("sources", "a b/c?d=1&e#f") == "/sources/a%20b%2Fc%3Fd%3D1%26e%23f"
    assert api_path("sources", "ünï", "actions", "pause") == "/sources/%C3%BCn%C3%AF/actions/pause"
    assert api_path("sources", 42) == "/sources/42"


@pytest.mark.parametrize("segment", ["", ".", ".."])
def test_api_path_refuses_segments_that_change_the_path(segment):
    with pytest.raises(StreamkapError, match="invalid path segment"):
        api_path("sources", segment)


def test_encoded_ids_reach_the_server_as_one_segment(api):
    api.get(f"{API_URL}/sources/a%2F..%2Fb%3Fx", json={"result": []})

    assert make_client().get(api_path("sources", "a/../b?x")) == {"result": []}
    assert api.calls[0].request.path_url == "/sources/a%2F..%2Fb%3Fx"


def test_query_characters_in_a_name_stay_inside_its_parameter(api):
    name = "orders&page=9#x"
    api.get(f"{API_URL}/sources", json={"result": []},
            match=[matchers.query_param_matcher({"partial_name": name, "page": "1", "page_size": "100"})])

    assert list(make_client().paginate("/sources", params={"partial_name": name})) == []
    assert "partial_name=orders%26page%3D9%23x" in api.calls[0].request.url


# --- real sockets on loopback: how each failure is reported ---

def close_after_reading(_server: LoopbackServer, conn: socket.socket) -> None:
    read_head(conn)


def stay_silent(_server: LoopbackServer, conn: socket.socket) -> None:
    while conn.recv(65536):  # read everything, answer nothing, until the client gives up
        pass


@pytest.fixture
def server_factory():
    servers: list[LoopbackServer] = []

    def start(handle):
        server = LoopbackServer(handle)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def test_real_refused_connection_is_retried_even_for_a_post():
    port = free_port()
    slept: list[float] = []
    client = StreamkapClient(api_url=f"http://127.0.0.1:{port}", access_token=TOKEN, retries=2, sleep=slept.append)

    with pytest.raises(StreamkapApiError) as caught:
        client.post("/sources", body={"name": "orders"})

    assert not isinstance(caught.value, StreamkapAmbiguousWriteError)
    assert caught.value.attempts == 3
    assert len(slept) == 2
    assert f"could not connect to http://127.0.0.1:{port}" in str(caught.value)


def test_real_connection_dropped_after_sending_a_post_is_ambiguous(server_factory):
    server = server_factory(close_after_reading)
    client = StreamkapClient(api_url=f"http://127.0.0.1:{server.port}", access_token=TOKEN, sleep=lambda _s: None)

    with pytest.raises(StreamkapAmbiguousWriteError) as caught:
        client.post("/sources", body={"name": "orders"})

    assert server.connections == 1
    assert "connection to http://127.0.0.1" in str(caught.value)


def test_real_connection_dropped_on_a_get_is_retried(server_factory):
    server = server_factory(close_after_reading)
    client = StreamkapClient(api_url=f"http://127.0.0.1:{server.port}", access_token=TOKEN, retries=2, sleep=lambda _s: None)

    with pytest.raises(StreamkapApiError) as caught:
        client.get("/sources")

    assert not isinstance(caught.value, StreamkapAmbiguousWriteError)
    assert caught.value.attempts == 3
    assert server.connections == 3


def test_real_read_timeout_on_a_post_is_ambiguous(server_factory):
    server = server_factory(stay_silent)
    client = StreamkapClient(api_url=f"http://127.0.0.1:{server.port}", access_token=TOKEN, request_timeout=0.2, sleep=lambda _s: None)

    with pytest.raises(StreamkapAmbiguousWriteError) as caught:
        client.post("/sources", body={"name": "orders"})

    assert server.connections == 1
    assert "within 0.2 seconds" in str(caught.value)
