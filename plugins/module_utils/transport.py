# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""One HTTP exchange on urllib3: TLS, proxies from the environment, pooled connections, and what a
failure was (TransportError.kind). It never retries and never follows a redirect: client.py decides both.

urllib3 alone, not requests on top of it: importing requests costs about 18 ms more on every task
(it brings cookies, charset detection and IDNA tables the client does not use), and the client
already owned everything requests adds (retries, redirects, JSON, auth).
"""

from __future__ import annotations

import http.client as http_client
import os
import typing as t
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

try:
    import urllib3
    from urllib3 import exceptions as _errors
    HAS_URLLIB3 = True
    URLLIB3_IMPORT_ERROR = None
except ImportError:
    import traceback

    urllib3 = _errors = None  # type: ignore[assignment]
    HAS_URLLIB3 = False
    URLLIB3_IMPORT_ERROR = traceback.format_exc()

# Where a CA bundle comes from when verify is on and ca_path is not set, first wins (as in requests).
CA_BUNDLE_ENV_VARS = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
# Connections kept per host: the fleet modules run at most this many threads.
POOL_SIZE = 10
ACCEPT_ENCODING = "gzip, deflate"
DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters IDNA 2003 (the standard library's codec) maps to another name than IDNA 2008 does:
# sharp s, final sigma, and the zero-width joiners.
IDNA_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")


class TransportError(Exception):
    """A request that got no answer, and why.

    `kind` is one of: "tls" (handshake or certificate), "proxy" (the proxy could not be reached
    or refused the tunnel), "connect_timeout", "refused" (connection or name lookup failed: nothing
    was sent), "read_timeout", "lost" (the connection broke after the request went out),
    "undecodable" (an answer came whose body does not decompress), "other".
    `cause` names the underlying exception class; its text is never kept (it can quote URLs
    verbatim, user:password included).
    """

    NEVER_SENT = frozenset({"proxy", "connect_timeout", "refused"})
    RETRYABLE = NEVER_SENT | {"read_timeout", "lost"}
    # The service may have acted on the request: a write's outcome is unknown.
    MAYBE_APPLIED = frozenset({"read_timeout", "lost", "undecodable"})

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
    """The proxy the environment names cannot be used; the text names the variable, never its value."""


class HttpAnswer:
    """An HTTP answer as it came: status, headers (names in any case), the URL asked, the body bytes."""

    __slots__ = ("status_code", "headers", "url", "content")

    def __init__(self, status_code: int, headers: t.Mapping[str, str], url: str, content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.url = url
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


def url_with_query(url: str, params: t.Mapping[str, t.Any] | None) -> str:
    """The URL with params as its query string; a None value leaves its parameter out."""
    if not params:
        return url
    query = urlencode([(key, value) for key, value in params.items() if value is not None], doseq=True)
    return f"{url}?{query}" if query else url


def url_is_usable(url: str) -> bool:
    """Whether urllib3 can send to the URL and its host can be looked up: IDNA-encodable, no empty or
    over-long label, no wildcard (a host such as "." is otherwise refused only when sending)."""
    if urllib3 is None:
        return True  # the module edge reports the missing library before any request
    try:
        host = urllib3.util.parse_url(ascii_url(url)).host or ""
    except (UnicodeError, ValueError):  # LocationParseError is a ValueError
        return False
    return not host.startswith(("*", "."))


def ascii_url(url: str) -> str:
    """The URL with an international host name in its ASCII form (IDNA), the form requests are sent and
    redirected with. Raises UnicodeError for a host that has none (an empty or over-long label)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host.isascii():
        host.encode("idna")  # refuses empty and over-long labels
        return url
    try:
        import idna  # IDNA 2008 where installed, as requests encoded hosts

        encoded = idna.encode(host, uts46=True).decode("ascii")
    except ImportError:
        if any(char in IDNA_DEVIATIONS for char in host):
            # The standard library's IDNA 2003 would turn "faß" into "fass": another domain, maybe someone else's.
            raise UnicodeError("this host needs the idna package") from None
        encoded = host.encode("idna").decode("ascii")
    return urlunsplit(parts._replace(netloc=encoded if parts.port is None else f"{encoded}:{parts.port}"))


def environment_ca_bundle(environ: t.Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(variable, path) of the CA bundle the environment names, if any."""
    environ = os.environ if environ is None else environ
    variable = next((name for name in CA_BUNDLE_ENV_VARS if environ.get(name)), None)
    return None if variable is None else (variable, environ[variable])


def default_ca_bundle() -> str | None:
    """certifi's bundle where certifi is installed, as requests used it; else the system's trust store."""
    try:
        import certifi
    except ImportError:
        return None
    return certifi.where()


class Urllib3Transport:
    """Sends one request at a time per thread over a pool shared by the threads of a task.

    `api_url` fixes the one origin this transport talks to (redirects never leave it), so
    the proxy decision is made once: HTTPS_PROXY / ALL_PROXY unless NO_PROXY names the host,
    and never for a loopback host (`use_proxy=False`).
    """

    def __init__(self, api_url: str, timeout: float, validate_certs: bool, ca_path: str | None = None,
                 use_proxy: bool = True) -> None:
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.ca_bundle = self._ca_bundle(ca_path) if validate_certs else None
        self.proxy_url = environment_proxy(api_url) if use_proxy else None
        self.pool = self._pool_manager()

    @staticmethod
    def _ca_bundle(ca_path: str | None) -> str | None:
        if ca_path:
            return ca_path
        from_environment = environment_ca_bundle()
        return from_environment[1] if from_environment else default_ca_bundle()

    def _pool_manager(self) -> t.Any:
        tls: dict[str, t.Any] = {"cert_reqs": "CERT_REQUIRED" if self.validate_certs else "CERT_NONE"}
        if self.ca_bundle:
            tls["ca_cert_dir" if os.path.isdir(self.ca_bundle) else "ca_certs"] = self.ca_bundle
        if not self.validate_certs:
            tls["assert_hostname"] = False
        options = dict(tls, maxsize=POOL_SIZE, retries=False, timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout))
        if self.proxy_url is None:
            return urllib3.PoolManager(**options)
        return urllib3.ProxyManager(self.proxy_url, proxy_headers=proxy_authorization(self.proxy_url), **options)

    def send(self, method: str, url: str, body: bytes | None, headers: t.Mapping[str, str]) -> HttpAnswer:
        """One exchange; raises TransportError when no answer arrives."""
        try:
            response = self.pool.request(method, url, body=body, headers=dict(headers, **{"Accept-Encoding": ACCEPT_ENCODING}),
                                         redirect=False, retries=False, preload_content=True)
        except _errors.HTTPError as exc:
            raise TransportError(failure_kind(exc), type(exc).__name__) from None
        except (OSError, ValueError) as exc:  # what urllib3 lets through (a CA file it cannot read, for one)
            raise TransportError("other", type(exc).__name__) from None
        return HttpAnswer(response.status, response.headers, url, response.data or b"")


# urllib3's exception classes and the kind each stands for, first match wins: a ProxyError wraps a TLS or
# connect failure on the way to the proxy, and NewConnectionError (a refusal or a failed name lookup)
# subclasses ConnectTimeoutError.
_FAILURE_KINDS = (
    ("ProxyError", "proxy"),
    ("SSLError", "tls"),
    ("NewConnectionError", "refused"),
    ("ConnectTimeoutError", "connect_timeout"),
    ("ReadTimeoutError", "read_timeout"),
    ("ProtocolError", "lost"),
    ("DecodeError", "undecodable"),
)


def failure_kind(exc: Exception) -> str:
    """TransportError.kind for a urllib3 exception raised with retries=False (so never wrapped in MaxRetryError)."""
    kind = next((kind for name, kind in _FAILURE_KINDS if isinstance(exc, getattr(_errors, name))), "other")
    return _proxy_failure_kind(getattr(exc, "original_error", None)) if kind == "proxy" else kind


def _proxy_failure_kind(cause: BaseException | None) -> str:
    """What a ProxyError stands for. urllib3 wraps any failure on a connection it believes is not through the
    proxy yet, and it believes so again once it has closed one: a connection reset or a broken answer
    there may come after the proxy forwarded the request, so only the other causes prove nothing was sent."""
    if isinstance(cause, _errors.ReadTimeoutError):
        return "read_timeout"
    if isinstance(cause, (_errors.ProtocolError, http_client.HTTPException)) or (
            isinstance(cause, ConnectionError) and not isinstance(cause, ConnectionRefusedError)):
        return "lost"
    return "proxy"  # the proxy unreachable or refusing the tunnel (or TLS to it failing)


def environment_proxy(api_url: str, environ: t.Mapping[str, str] | None = None) -> str | None:
    """The proxy the environment names for api_url (https_proxy, then all_proxy, either case), unless no_proxy covers it.

    Raises ProxySettingError for a proxy URL that cannot be used.
    """
    environ = os.environ if environ is None else environ
    scheme = urlsplit(api_url).scheme
    named = _variable(environ, f"{scheme}_proxy") or _variable(environ, "all_proxy")
    no_proxy = _variable(environ, "no_proxy")
    if named is None or _bypassed(urlsplit(api_url), no_proxy[1] if no_proxy else ""):
        return None
    return _usable_proxy_url(*named)


def proxy_authorization(proxy_url: str) -> dict[str, str] | None:
    """The Proxy-Authorization header for the user:password of a proxy URL, in UTF-8 as curl sends it."""
    parts = urlsplit(proxy_url)
    if parts.username is None:
        return None
    # Imported here: only a proxy with credentials needs it.
    import base64

    credentials = f"{unquote(parts.username, errors='strict')}:{unquote(parts.password or '', errors='strict')}"
    return {"Proxy-Authorization": f"Basic {base64.b64encode(credentials.encode('utf-8')).decode('ascii')}"}


def _variable(environ: t.Mapping[str, str], name: str) -> tuple[str, str] | None:
    """(spelling, value) of a variable; the lower-case spelling wins even when empty (empty turns it off), as in urllib."""
    for spelling in (name, name.upper()):
        if spelling in environ:
            return (spelling, environ[spelling]) if environ[spelling] else None
    return None


def _usable_proxy_url(variable: str, value: str) -> str:
    # "proxy:3128" means http://proxy:3128, as in curl and requests.
    url = value if "://" in value else f"http://{value}"
    try:
        parts = urlsplit(url)
        usable = (parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and parts.port != 0
                  and url.isprintable() and " " not in url and url_is_usable(url))
        proxy_authorization(url)
    except ValueError:  # a bad port or bracket (urlsplit); UnicodeError is one too
        usable = False
    if not usable:
        raise ProxySettingError(
            f"The proxy named by the {variable} environment variable cannot be used: it must be "
            "http://[user:password@]host[:port] or https://..., with a port from 1 to 65535 "
            "(its value is not shown, as it may hold a password)."
        )
    return url


def _bypassed(url: t.Any, no_proxy: str) -> bool:
    """Whether a NO_PROXY list covers the URL's host: "*", a domain suffix, host:port, or an IP network (CIDR)."""
    host = (url.hostname or "").lower()
    entries = [entry.strip().lower() for entry in no_proxy.replace(" ", ",").split(",") if entry.strip()]
    for entry in entries:
        if entry == "*":
            return True
        if "/" in entry:
            if _in_network(host, entry):
                return True
            continue
        name, port = entry, ""
        if entry.startswith("["):  # [IPv6]:port
            name, rest = entry[1:].split("]", 1) if "]" in entry else (entry[1:], "")
            port = rest.lstrip(":")
        elif entry.count(":") == 1:  # host:port (a bare IPv6 address has more colons)
            name, port = entry.split(":")
        if port and str(url.port or DEFAULT_PORTS.get(url.scheme)) != port:
            continue
        name = name.lstrip(".")
        if host == name or host.endswith(f".{name}"):
            return True
    return False


def _in_network(host: str, cidr: str) -> bool:
    # Imported here: only a NO_PROXY with an address range needs it.
    import ipaddress

    try:
        return ipaddress.ip_address(host) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False
