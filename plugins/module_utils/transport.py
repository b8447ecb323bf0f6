# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""One HTTP exchange on a requests.Session, and what a failure was (TransportError.kind).

requests does the HTTP: pooled connections, TLS (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, certifi), proxies
(HTTPS_PROXY, ALL_PROXY, NO_PROXY), international hosts, compressed answers. What it cannot know is
here: which failures prove that nothing was sent, that a loopback api_url never uses a proxy, that the
bearer token is the only credential sent (never ~/.netrc's), and that a proxy setting it cannot use is
a clean error before any request. It never retries and never follows a redirect: client.py decides both.
"""

from __future__ import annotations

import http.client as http_client
import http.cookiejar
import os
import socket
import threading
import time
import typing as t
from urllib.parse import urlsplit, urlunsplit

try:
    import requests
    from urllib3 import exceptions as _urllib3_errors
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    import traceback

    requests = _urllib3_errors = None  # type: ignore[assignment]
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

# Where requests takes a CA bundle from when verifying without ca_path, first wins.
CA_BUNDLE_ENV_VARS = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
# Connections kept per host: the fleet modules run at most this many threads.
POOL_SIZE = 10
# The largest answer read, decompressed: a page of 100 entities is a few MiB; more is a broken or hostile server
# (a compressed answer of a few MiB can unpack to GiBs).
MAX_ANSWER_BYTES = 64 * 1024 * 1024
# Bytes read at a time; read1 returns what has come so far, so a server sending a byte at a time is seen by the clock.
READ_CHUNK = 64 * 1024
# Per-request proxies that remove what requests would take from the environment (it looks up the scheme and "all").
NO_PROXIES: dict[str, None] = {"http": None, "https": None, "all": None}


class TransportError(Exception):
    """A request that got no answer, and why.

    `kind` is one of: "tls" (handshake or certificate), "proxy" (the proxy could not be reached
    or refused the tunnel), "connect_timeout", "refused" (connection or name lookup failed: nothing
    was sent), "read_timeout", "lost" (the connection broke after the request went out),
    "undecodable" (an answer came whose body does not decompress), "oversized" (an answer larger than
    MAX_ANSWER_BYTES once decompressed), "other". "read_timeout" also stands for an answer that did not
    come whole within the timeout, however steadily it trickled.
    `cause` names the underlying exception class; its text is never kept (it can quote URLs
    verbatim, a proxy's user:password included).
    """

    NEVER_SENT = frozenset({"proxy", "connect_timeout", "refused"})
    RETRYABLE = NEVER_SENT | {"read_timeout", "lost"}
    # The service may have acted on the request: a write's outcome is unknown.
    MAYBE_APPLIED = frozenset({"read_timeout", "lost", "undecodable", "oversized"})

    def __init__(self, kind: str, cause: str = "") -> None:
        self.kind = kind
        self.cause = cause
        super().__init__(f"{kind} ({cause})" if cause else kind)

    @property
    def never_sent(self) -> bool:
        """True when no byte of the request can have reached the service."""
        return self.kind in self.NEVER_SENT

    @property
    def retryable(self) -> bool:
        """Whether waiting and trying again can help (a certificate problem does not heal by waiting)."""
        return self.kind in self.RETRYABLE

    @property
    def maybe_applied(self) -> bool:
        """True when the request went out and the service may have acted on it."""
        return self.kind in self.MAYBE_APPLIED


class ProxySettingError(Exception):
    """The proxy the environment names cannot be used; the text names the variables, never the value."""


def url_is_usable(url: str) -> bool:
    """Whether requests can send to the URL and its host can be looked up (no wildcard, no empty or over-long label)."""
    if requests is None:
        return True  # the module edge reports the missing library before any request
    try:
        ascii_url(url)
    except ValueError:
        return False
    return True


def ascii_url(url: str) -> str:
    """The URL with an international host in the ASCII form requests sends it with (IDNA 2008), the form
    redirects come back with. Raises ValueError for a URL requests cannot send to (its InvalidURL is one)."""
    prepared = requests.models.PreparedRequest()
    prepared.prepare_url(url, None)  # refuses wildcards, leading dots and names IDNA cannot encode
    host = urlsplit(prepared.url).hostname or ""
    host.encode("idna")  # refuses the empty and over-long labels requests leaves to the name lookup
    parts = urlsplit(url)
    if (parts.hostname or "").isascii():
        return url
    return urlunsplit(parts._replace(netloc=host if parts.port is None else f"{host}:{parts.port}"))


def environment_ca_bundle(environ: t.Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(variable, path) of the CA bundle requests takes from the environment, if any (checked before sending)."""
    environ = os.environ if environ is None else environ
    variable = next((name for name in CA_BUNDLE_ENV_VARS if environ.get(name)), None)
    return None if variable is None else (variable, environ[variable])


class Transport:
    """A requests.Session whose pool the threads of a task share, sending what the client asks as it is.

    `verify` is what requests verifies with: ca_path, True (requests' choice: REQUESTS_CA_BUNDLE,
    CURL_CA_BUNDLE, certifi) or False. Without `use_proxy` (a loopback api_url), no proxy is used
    whatever the environment says.
    """

    def __init__(self, api_url: str, timeout: float, verify: bool | str, use_proxy: bool = True) -> None:
        self.timeout = timeout
        self.verify = verify
        self.proxies = None if use_proxy else NO_PROXIES
        self.session = requests.Session()
        # No cookie is kept: the API authenticates by bearer token, and threads would share the jar.
        self.session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=POOL_SIZE)
        adapter.proxy_headers = _utf8_proxy_headers  # type: ignore[method-assign]
        for prefix in ("https://", "http://"):
            self.session.mount(prefix, adapter)
        if use_proxy:
            _check_environment_proxy(api_url, adapter)

    def send(self, method: str, url: str, params: t.Any, body: bytes | None, headers: t.Mapping[str, str]) -> t.Any:
        """One exchange, its answer as it came (a requests.Response, its body read); raises TransportError when
        none arrives, or when the whole answer does not within the timeout or is larger than MAX_ANSWER_BYTES."""
        deadline = time.monotonic() + self.timeout
        try:
            response = self._exchange(method, url, params, body, headers)
        # Not a plain ValueError: requests raises one for a redirect's Location it cannot parse (even when following
        # none), which the client reports as a redirect refused.
        except (requests.RequestException, _urllib3_errors.HTTPError, OSError) as exc:
            raise TransportError(failure_kind(exc), type(exc).__name__) from None
        watch = _BodyWatch(response.raw, deadline)
        try:
            response._content = _read_body(response.raw, deadline, watch)  # pylint: disable=protected-access
            response._content_consumed = True  # pylint: disable=protected-access
        finally:
            watch.stop()
            response.close()  # the connection back to the pool once read whole, else closed
        return response

    def _exchange(self, method: str, url: str, params: t.Any, body: bytes | None, headers: t.Mapping[str, str]) -> t.Any:
        """The request sent and its answer's head, as Session.request does it, without Session.send: even when
        following no redirect, that reads a redirect's whole body, unbounded, to prepare a next request."""
        prepared = self.session.prepare_request(requests.Request(
            method, url, params=params, data=body, headers=headers,
            # An auth of its own keeps requests from replacing the bearer token with ~/.netrc credentials.
            auth=_leave_headers_alone,
        ))
        # A copy: requests adds the environment's proxies to the dict it is given.
        settings = self.session.merge_environment_settings(prepared.url, dict(self.proxies or {}), True, self.verify, None)
        return self.session.get_adapter(prepared.url).send(prepared, timeout=self.timeout, **settings)


class _BodyWatch:
    """Shuts the answer's socket down at the deadline, unless the body was read by then.

    The clock between reads cannot see a wait inside one read: http.client reads a chunked body's trailer lines,
    and urllib3 2 a gzip header, in loops of their own, each step within the socket timeout.
    """

    def __init__(self, raw: t.Any, deadline: float) -> None:
        self.fired = False
        self._done = False
        self._lock = threading.Lock()
        self._raw = raw
        self._timer = None
        if _answer_socket(raw) is not None:  # None when mocked
            self._timer = threading.Timer(max(deadline - time.monotonic(), 0.0), self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            sock = _answer_socket(self._raw)  # looked up now: a connection back in the pool is another request's
            if self._done or sock is None:
                return
            self.fired = True
            try:
                # socket.socket's own shutdown: an SSLSocket's would unwrap TLS under the thread still reading.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass  # closed already

    def stop(self) -> None:
        """The body is read (or failed): the socket is left alone from now on, whatever the timer does."""
        with self._lock:
            self._done = True
        if self._timer is not None:
            self._timer.cancel()


def _read_body(raw: t.Any, deadline: float, watch: _BodyWatch | None = None) -> bytes:
    """The answer's body, decompressed, read by chunks against the clock and MAX_ANSWER_BYTES.

    The socket timeout bounds each read only: a server trickling a byte at a time, or a small compressed
    body unpacking to GiBs, would otherwise hold or fill the module without end.
    """
    read = _chunk_reader(raw)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            _bound_next_read(raw, deadline)
            chunk = read(READ_CHUNK)
            if chunk is None:  # bytes came, none decoded yet (a compressed body's first bytes)
                continue
            if not chunk:
                if watch is not None and watch.fired:  # an end the watch made, not the server
                    raise _late()
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise TransportError("oversized", f"more than {MAX_ANSWER_BYTES} bytes")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise _late()
    except (_urllib3_errors.HTTPError, OSError, http_client.HTTPException) as exc:
        if watch is not None and watch.fired:  # the socket was shut down at the deadline, whatever the read saw
            raise _late() from None
        kind = _body_failure_kind(exc)
        # Named as requests names it when it reads a body itself.
        raise TransportError(kind, "ContentDecodingError" if kind == "undecodable" else type(exc).__name__) from None


def _late() -> TransportError:
    return TransportError("read_timeout", "answer not whole in time")


def _answer_socket(raw: t.Any) -> t.Any:
    """The socket an answer is read from; None once its connection is back in the pool (urllib3 1.26 and 2), or mocked."""
    return getattr(getattr(raw, "_connection", None), "sock", None)


def _bound_next_read(raw: t.Any, deadline: float) -> None:
    """Let the next read wait no longer than the time left: the socket timeout bounds each read, not their sum."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _late()
    sock = _answer_socket(raw)
    if sock is not None:
        sock.settimeout(remaining)  # urllib3 sets the timeout again before the connection's next request


def _chunk_reader(raw: t.Any) -> t.Callable[[int], bytes | None]:
    """A read of what has arrived (up to a size), decompressed: b"" at the end, None when bytes came but none
    decoded yet.

    urllib3 2 has read1. urllib3 1.26 has not, and its read(amt) waits for amt bytes whatever the clock says,
    so there the same is done with http.client's read1 and urllib3's own decoder (1.26 is frozen: these
    internals no longer change).
    """
    if hasattr(raw, "read1"):
        return lambda size: raw.read1(size, decode_content=True)
    raw._init_decoder()  # pylint: disable=protected-access

    def read(size: int) -> bytes | None:
        body = raw._fp  # pylint: disable=protected-access
        data = b"" if body is None or getattr(body, "closed", False) else body.read1(size)
        if not data and getattr(body, "length", None):  # the connection ended short of the Content-Length
            raise http_client.IncompleteRead(b"", body.length)
        if not data and body is not None:
            # As urllib3 1.26's read() does at the end: http.client's read1 leaves the response open, and the
            # connection could not send its next request (ResponseNotReady).
            body.close()
        decoded = raw._decode(data, True, not data)  # pylint: disable=protected-access
        return None if data and not decoded else decoded

    return read


def _body_failure_kind(exc: BaseException) -> str:
    """TransportError.kind for a failure while the body was read (urllib3's own exceptions, not requests')."""
    if isinstance(exc, (_urllib3_errors.ReadTimeoutError, TimeoutError)):
        return "read_timeout"
    if isinstance(exc, _urllib3_errors.DecodeError):
        return "undecodable"
    return "lost"  # the connection broke, or the body came short of its length


def _leave_headers_alone(request: t.Any) -> t.Any:
    """A requests auth that sends the request with the headers the client gave it."""
    return request


def _utf8_proxy_headers(proxy: str) -> dict[str, str]:
    """Proxy-Authorization for the user:password of a proxy URL in UTF-8, as curl sends it (requests: Latin-1)."""
    username, password = requests.utils.get_auth_from_url(proxy)
    if not username:
        return {}
    # Imported here: only a proxy with credentials needs it.
    import base64

    return {"Proxy-Authorization": f"Basic {base64.b64encode(f'{username}:{password}'.encode('utf-8')).decode('ascii')}"}


def _check_environment_proxy(api_url: str, adapter: t.Any) -> None:
    """Refuse, before any request, a proxy the environment names for api_url that requests cannot use."""
    proxy = requests.utils.select_proxy(api_url, requests.utils.get_environ_proxies(api_url))
    if not proxy:
        return
    try:
        proxy = requests.utils.prepend_scheme_if_needed(proxy, "http")  # "proxy:3128" means http://proxy:3128
        adapter.proxy_manager_for(proxy)  # requests' own reading of it: scheme, host, port, credentials
        parts = urlsplit(proxy)
        usable = (bool(parts.hostname) and parts.port != 0 and proxy.isprintable() and " " not in proxy
                  and url_is_usable(f"http://{parts.netloc.rpartition('@')[2]}"))
    except (requests.RequestException, _urllib3_errors.HTTPError, ValueError):
        usable = False
    if not usable:
        raise ProxySettingError(
            "The proxy named by the HTTPS_PROXY (or ALL_PROXY) environment variable cannot be used: it must be "
            "http://[user:password@]host[:port] or https://..., with a port from 1 to 65535 "
            "(its value is not shown, as it may hold a password)."
        )


# requests' exception classes and the kind each stands for, first match wins: SSLError and ProxyError are
# ConnectionErrors, ConnectTimeout is a ConnectionError and a Timeout.
_FAILURE_KINDS = (
    ("SSLError", "tls"),
    ("ProxyError", "proxy"),
    ("ConnectTimeout", "connect_timeout"),
    ("Timeout", "read_timeout"),
    ("ChunkedEncodingError", "lost"),
    ("ContentDecodingError", "undecodable"),
    ("ConnectionError", "lost"),
)


def failure_kind(exc: Exception) -> str:
    """TransportError.kind for what requests raised."""
    kind = next((kind for name, kind in _FAILURE_KINDS if isinstance(exc, getattr(requests.exceptions, name))), "other")
    cause = _urllib3_cause(exc)
    if kind == "proxy":
        return _proxy_failure_kind(getattr(cause, "original_error", None))
    if kind == "lost" and isinstance(cause, (_urllib3_errors.NewConnectionError, ConnectionRefusedError)):
        return "refused"  # a refused connection or a failed name lookup: nothing was sent
    return kind


def _urllib3_cause(exc: Exception) -> t.Any:
    """The urllib3 failure a requests exception wraps (requests passes on urllib3's MaxRetryError, whose reason it is)."""
    wrapped = exc.args[0] if exc.args else None
    return getattr(wrapped, "reason", wrapped)


def _proxy_failure_kind(cause: BaseException | None) -> str:
    """What a ProxyError stands for. urllib3 wraps any failure on a connection it believes is not through the
    proxy yet, and it believes so again once it has closed one: a connection reset or a broken answer
    there may come after the proxy forwarded the request, so only the other causes prove nothing was sent."""
    if isinstance(cause, _urllib3_errors.ReadTimeoutError):
        return "read_timeout"
    if isinstance(cause, (_urllib3_errors.ProtocolError, http_client.HTTPException)) or (
            isinstance(cause, ConnectionError) and not isinstance(cause, ConnectionRefusedError)):
        return "lost"
    return "proxy"  # the proxy unreachable or refusing the tunnel (or TLS to it failing)
