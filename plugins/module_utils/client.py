# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client for the Streamkap REST API.

Knows about transport only: base URL, TLS, tokens, JSON, errors, retries and pagination.
It knows nothing about sources; the services in other module_utils do.

Retry rule (see StreamkapClient.request):

- Retried with jittered exponential backoff, honouring Retry-After: 429, 502, 503, 504,
  5xx answers saying "Kafka Connect API call failed", and connection failures.
- Never retried: any other 4xx, other 5xx, TLS errors.
- A non-idempotent call (POST by default) is retried only when the service cannot have
  acted on it: a 429, or a connection that was never established. After any other
  failure (5xx, read timeout, connection dropped after sending) its outcome is unknown,
  and StreamkapAmbiguousWriteError is raised after that single attempt, so the caller
  can look up what exists instead of creating it twice.

Credentials stay with the API's origin: a redirect is followed only to the same
scheme, host and port (see StreamkapClient._follow_redirects), and a loopback api_url
never goes through a proxy from the environment.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
import typing as t
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit

# The one mask and the one shortening rule: config.py is pure (no HTTP, nothing imported back from here).
from ansible_collections.streamkap.cloud.plugins.module_utils.config import SECRET_MASK, json_type, shorten
from ansible_collections.streamkap.cloud.plugins.module_utils.transport import (
    ProxySettingError,
    Transport,
    TransportError,
    ascii_url,
    environment_ca_bundle,
    url_is_usable,
)


DEFAULT_API_URL = "https://api.streamkap.com"
DEFAULT_REQUEST_TIMEOUT = 30.0
DEFAULT_RETRIES = 5
DEFAULT_RETRY_MAX_DELAY = 60.0
# First backoff step in seconds; attempt n waits up to base * 2**n (full jitter).
DEFAULT_RETRY_BASE_DELAY = 1.0
# Characters of an API error detail, and of a number, quoted in a message.
_SHOWN_NUMBER_LIMIT = 20
# [sure] The API's collections sit at the root of the base URL (no path prefix): a base URL whose
# path names one would address a wrong path that may still answer 200 (GET /sources/sources).
API_COLLECTIONS = frozenset({"auth", "destinations", "pipelines", "sources", "tags", "topics"})
TOKEN_EXCHANGE_PATH = "/auth/access-token"
TOKEN_REFRESH_PATH = "/auth/access-token/refresh"
# The list endpoints accept at most 100 items per page.
MAX_PAGE_SIZE = 100
# A safety net against a server that keeps answering has_next forever.
MAX_PAGES = 10000
USER_AGENT = "ansible-collection-streamkap.cloud"
BASE_HEADERS = {"Accept": "application/json", "Content-Type": "application/json", "User-Agent": USER_AGENT}

# Statuses that mean "try again later": the service did not (fully) act on the call.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
# 429 is the only status that proves a write was not applied.
RETRYABLE_WRITE_STATUSES = frozenset({429})
# Seen during connector-cluster rebalances, with any 5xx status.
KAFKA_CONNECT_FAILURE = "kafka connect api call failed"
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
LOOPBACK_NAMES = frozenset({"localhost"})
# Bounds that keep a typo from turning into an endless run or an overflow in the socket layer.
MAX_RETRIES = 100
MAX_RETRY_MAX_DELAY = 3600.0
MAX_REQUEST_TIMEOUT = 86400.0
# Same-origin redirects followed per call (a redirect to another origin is never followed).
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Redirects that keep the method and body; the others turn a write into a GET.
METHOD_KEEPING_REDIRECTS = frozenset({307, 308})
# The payload of an answer whose JSON is nested too deeply for Python's parser (a RecursionError).
TOO_DEEP = object()


def is_success_status(status: int) -> bool:
    """[guess] Which HTTP statuses count as success.

    The reference pages document 200 for create; whether the service ever answers
    201 or 204 is not public, so any 2xx is accepted.
    """
    return 200 <= status < 300


def is_idempotent_method(method: str) -> bool:
    """Default idempotence of an HTTP method: GET, PUT and DELETE yes, POST (create) no."""
    return method.upper() in IDEMPOTENT_METHODS


class StreamkapError(Exception):
    """Base of every error the collection raises; its text is safe to show (no secrets)."""

    def to_result(self) -> dict[str, t.Any]:
        """Extra keys for fail_json (a partial result); none by default."""
        return {}


class StreamkapApiError(StreamkapError):
    """An HTTP call failed: an error status, an unreadable answer, or no answer at all.

    Carries the HTTP status (None when the server was not reached), the API's detail
    rendered as text, the method and path, the X-Request-Id header and how many attempts
    were made. It never carries the request body or any credential.
    """

    def __init__(
        self,
        detail: str,
        status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
        attempts: int = 1,
        hint: str | None = None,
    ) -> None:
        self.detail = detail
        self.status = status
        self.method = method
        self.path = path
        self.request_id = request_id
        self.attempts = attempts
        self.hint = hint if hint is not None else self.default_hint
        super().__init__(self._compose())

    # What the message adds after the API's detail; subclasses explain themselves here.
    default_hint: str | None = None

    def _compose(self) -> str:
        call = f"{self.method} {self.path}" if self.method and self.path else "Streamkap API call"
        outcome = f"failed with HTTP {self.status}" if self.status is not None else "failed"
        if self.attempts > 1:
            outcome += f" after {self.attempts} attempts"
        message = f"{call} {outcome}: {self.detail}"
        if self.hint:
            message += f". {self.hint}"
        if self.request_id:
            message += f" (X-Request-Id: {self.request_id})"
        return message

    def to_result(self) -> dict[str, t.Any]:
        """Extra keys for fail_json, so playbooks can branch on the status."""
        return {"status": self.status, "request_id": self.request_id}


class StreamkapAmbiguousWriteError(StreamkapApiError):
    """A non-idempotent call failed in a way that leaves its outcome unknown.

    Raised after a 5xx, a read timeout or a connection dropped after the request was
    sent: the service may or may not have applied it. It is never retried blindly; the
    caller should look up the object (by name) and adopt what it finds.
    """

    default_hint = "The request may or may not have been applied"


class StreamkapAuthError(StreamkapApiError):
    """The API rejected the credential (HTTP 401), after re-authenticating when possible.

    The message names where the credential came from, never its value.
    """


def public_url(url: str, path: bool = True) -> str:
    """The URL without any user:password part, query or fragment (and path unless asked), for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an invalid URL)"
    return urlunsplit((parts.scheme, _public_host(parts), parts.path if path else "", "", ""))


def _public_host(parts: SplitResult) -> str:
    """host[:port] of a split URL, IPv6 in brackets, a port only when it is valid."""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def is_loopback_host(host: str | None) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    if not host:
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    # Imported here: only a plain-http api_url needs the check.
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_api_url(api_url: str) -> str:
    """Return api_url without trailing slashes (an international host in its ASCII form), or raise StreamkapError naming api_url.

    Plain http would send the token in clear text, so it is accepted only for a
    loopback host (a local simulator or an SSH tunnel).
    """
    if not api_url or not api_url.strip():
        raise StreamkapError(
            f"api_url must start with http:// or https:// and name a host; it is empty (leave the option out for {DEFAULT_API_URL})."
        )
    if not api_url.isprintable() or any(char.isspace() for char in api_url):
        # Anywhere, at the ends too (a newline read from a file): urlsplit silently drops some of
        # them, others would fail mid-run, and a value quietly trimmed is not the value given.
        raise StreamkapError("api_url must not contain spaces, line breaks, control characters or invalid Unicode.")
    if "@" in api_url:
        # A user:password part: refused before parsing, because a "/", "?" or "#" in the password would make
        # the parser read part of it as a port or a path, and a message quoting those would show it.
        raise StreamkapError("api_url must not contain a user name or password (an \"@\"): give credentials "
                             "with access_token, or client_id and client_secret.")
    url = api_url.rstrip("/")
    try:
        parts = urlsplit(url)
        _check_bracketed_host(parts)
    except ValueError:
        # An unclosed "[" or a bracketed host that is no IPv6 address; the URL is not quoted
        # back because it cannot be parsed to drop a user:password part.
        raise StreamkapError(
            "api_url is not a valid URL: a host in brackets must be an IPv6 address with a closing bracket, "
            "for example https://[2001:db8::1]:8443."
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise StreamkapError("api_url must start with http:// or https:// and name a host.")
    if parts.username is not None or parts.password is not None:
        # They would be taken for credentials of their own, next to the bearer token.
        raise StreamkapError(f"api_url must not contain a user name or password (got {public_url(url)}).")
    if "?" in url or "#" in url:  # an empty "?" too: the paths appended to api_url would become a query
        raise StreamkapError(f"api_url must not contain a query or fragment (got {public_url(url)}).")
    _check_port(parts)
    _check_base_path(parts.path)
    if not url_is_usable(url):
        raise StreamkapError(f"api_url does not name a usable host (got {public_url(url)}).")
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise StreamkapError(
            f"api_url must use https:// (got {public_url(url)}): plain http is only accepted for a "
            "loopback host (localhost, 127.0.0.0/8, ::1), because it would expose the credentials."
        )
    # An international host in its ASCII form: the form requests go out with and redirects come back with.
    return ascii_url(url)


def _check_port(parts: SplitResult) -> None:
    """Refuse a port that is not a number from 1 to 65535: urlsplit lets 0 (":0", ":000") and an empty one (":") through."""
    written = parts.netloc.rpartition("@")[2].rpartition("]")[2].partition(":")
    try:
        port = parts.port
    except ValueError:
        port = None
    if written[1] and (port is None or port == 0):
        bad_port = shorten(written[2], _SHOWN_NUMBER_LIMIT)
        raise StreamkapError(
            f"api_url has an invalid port {bad_port!r} (host {_public_host(parts)}): a port is a number from 1 to 65535."
        )


def _check_base_path(path: str) -> None:
    """Refuse a base path that names an API collection: the API's paths are appended to it."""
    collections = [segment for segment in path.lower().split("/") if segment in API_COLLECTIONS]
    if collections:
        raise StreamkapError(
            f"api_url must be the API's base URL, without /{collections[0]} or another API path "
            f"(got path {shorten(path, 60)!r}): the collection paths are appended to it, for example {DEFAULT_API_URL}."
        )


def _check_bracketed_host(parts: SplitResult) -> None:
    """Raise ValueError unless a bracketed host is exactly [IPv6 address] with an optional :port after it.

    urlsplit lets "[::1]x" and "[v1.x]" through; they would fail mid-run.
    """
    host_and_port = parts.netloc.rpartition("@")[2]
    if "[" not in host_and_port:
        return
    # Imported here: only an IPv6 literal needs them.
    import ipaddress
    import re

    match = re.fullmatch(r"\[([^\[\]]+)\](:[^:]*)?", host_and_port)
    if match is None:
        raise ValueError("not a bracketed host")
    ipaddress.IPv6Address(match.group(1))


def check_ca_path(ca_path: str | None, api_url: str, validate_certs: bool, environ: t.Mapping[str, str] | None = None) -> None:
    """Raise StreamkapError when the CA bundle the client would verify with does not exist.

    That is ca_path when set; otherwise, for an https api_url with validate_certs on, the
    bundle named by REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE (the first call would fail on it instead).
    """
    if ca_path:
        if not os.path.exists(ca_path):
            raise StreamkapError(f"ca_path {ca_path} does not exist.")
        return
    if not validate_certs or urlsplit(api_url).scheme.lower() != "https":
        return
    named = environment_ca_bundle(environ)
    if named is not None and not os.path.exists(named[1]):
        variable, path = named
        raise StreamkapError(
            f"The CA bundle named by the {variable} environment variable does not exist ({path}): "
            "fix or unset it, or set ca_path."
        )


def check_numbers(request_timeout: float, retries: int, retry_max_delay: float) -> None:
    """Raise StreamkapError naming the option when a timeout or retry setting is out of range."""
    if not 0 <= retries <= MAX_RETRIES:
        raise StreamkapError(f"retries must be between 0 and {MAX_RETRIES} (got {_shown_number(retries)}).")
    if not (math.isfinite(retry_max_delay) and 0 <= retry_max_delay <= MAX_RETRY_MAX_DELAY):
        raise StreamkapError(f"retry_max_delay must be between 0 and {MAX_RETRY_MAX_DELAY:g} seconds (got {retry_max_delay}).")
    if not (math.isfinite(request_timeout) and 0 < request_timeout <= MAX_REQUEST_TIMEOUT):
        raise StreamkapError(
            f"request_timeout must be a positive number of seconds, at most {MAX_REQUEST_TIMEOUT:g} (got {request_timeout})."
        )


def _shown_number(value: t.Any) -> str:
    """A number for a message, shortened."""
    try:
        return shorten(str(value), _SHOWN_NUMBER_LIMIT)
    except ValueError:  # an int of more digits than Python turns into text
        return "a number too long to show"


def api_path(*segments: t.Any) -> str:
    """Build an API path from raw segments, each URL-encoded: api_path("sources", id) -> "/sources/<id>".

    Use it whenever a value (an id, a name) goes into a path. "." and ".." are refused
    because URL normalisation would turn them into a different path.
    """
    encoded = []
    for segment in segments:
        text = str(segment)
        if text in ("", ".", ".."):
            raise StreamkapError(f"invalid path segment {text!r}")
        encoded.append(quote(text, safe=""))
    return "/" + "/".join(encoded)


class _Attempt(t.NamedTuple):
    """The outcome of one HTTP exchange: a payload, or an error and whether to retry it."""

    payload: t.Any = None
    error: StreamkapApiError | None = None
    retryable: bool = False
    retry_after: float | None = None
    reason: str = ""


class StreamkapClient:
    """A Streamkap API client on one transport (transport.py: a requests.Session).

    Authenticates with a static access token, or exchanges client credentials for one
    lazily on the first request. With client credentials, a 401 triggers one
    re-authentication (refresh token first, then a new exchange) and one repeat of the
    call. Every method raises StreamkapApiError (or a subclass) on failure.

    `sleep`, `uniform` and `clock` (default time.sleep, random.uniform, time.time) are
    injectable so tests never wait. `on_retry` receives one line per retry (method,
    path, reason, attempt, delay; never a secret); the lines are also kept in
    `retry_log`. `credential_source` is a phrase naming where the credential came
    from, used in 401 messages (for example "access_token from the access_token option").
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        access_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        validate_certs: bool = True,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        *,
        ca_path: str | None = None,
        retries: int = DEFAULT_RETRIES,
        retry_max_delay: float = DEFAULT_RETRY_MAX_DELAY,
        retry_base_delay: float = DEFAULT_RETRY_BASE_DELAY,
        on_retry: t.Callable[[str], t.Any] | None = None,
        credential_source: str | None = None,
        sleep: t.Callable[[float], t.Any] | None = None,
        uniform: t.Callable[[float, float], float] | None = None,
        clock: t.Callable[[], float] | None = None,
    ) -> None:
        if not access_token and not (client_id and client_secret):
            raise StreamkapError("StreamkapClient needs an access token or a client id and secret")
        # The one place the transport settings are checked, before anything is sent.
        check_numbers(request_timeout, retries, retry_max_delay)
        self.api_url = check_api_url(api_url)
        check_ca_path(ca_path, self.api_url, validate_certs)
        self.request_timeout = request_timeout
        # What is verified against: a private CA bundle only matters when verifying.
        self.verify: bool | str = (ca_path or True) if validate_certs else False
        self.retries = int(retries)
        self.retry_max_delay = float(retry_max_delay)
        self.retry_base_delay = retry_base_delay
        self.retry_log: list[str] = []
        self._on_retry = on_retry
        # Looked up now, not at import: tests may patch time.sleep before building a client.
        self._sleep = sleep or time.sleep
        self._uniform = uniform or _random_uniform
        self._clock = clock or time.time
        self._static_token = bool(access_token)
        # Threads of one task share this client: one token exchange or refresh at a time, and
        # one 429 backoff (until when, set by which thread) that every thread honours.
        self._token_lock = threading.Lock()
        self._shared_backoff: tuple[float, int | None] = (0.0, None)
        self._access_token = access_token or None
        self._refresh_token: str | None = None
        self._client_id = client_id
        self._client_secret = client_secret
        self._secrets = {value for value in (access_token, client_secret) if value}
        self._also_redacted: t.Callable[[], t.Iterable[t.Any]] = tuple
        self.credential_source = credential_source or ("access_token" if access_token else "client_id/client_secret")
        # HTTPS_PROXY, NO_PROXY and REQUESTS_CA_BUNDLE work as in requests; a proxy cannot reach this
        # host's loopback, and plain http (loopback only) must not leave it.
        try:
            self.transport = Transport(self.api_url, request_timeout, self.verify,
                                       use_proxy=not is_loopback_host(urlsplit(self.api_url).hostname))
        except ProxySettingError as exc:
            raise StreamkapError(str(exc)) from None

    # --- public API -------------------------------------------------------

    def get(self, path: str, params: dict[str, t.Any] | None = None) -> t.Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: t.Any = None, params: dict[str, t.Any] | None = None, idempotent: bool | None = None) -> t.Any:
        """POST; not idempotent unless told so (see request)."""
        return self.request("POST", path, params=params, body=body, idempotent=idempotent)

    def put(self, path: str, body: t.Any = None, params: dict[str, t.Any] | None = None) -> t.Any:
        return self.request("PUT", path, params=params, body=body)

    def delete(self, path: str, params: dict[str, t.Any] | None = None) -> t.Any:
        return self.request("DELETE", path, params=params)

    def request(
        self,
        method: str,
        path: str,
        params: dict[str, t.Any] | None = None,
        body: t.Any = None,
        idempotent: bool | None = None,
    ) -> t.Any:
        """Send one authenticated call, with retries; return the decoded JSON answer (None when empty).

        `idempotent` defaults to True for GET, PUT and DELETE and False for POST.
        An idempotent call is retried on 429, 502, 503, 504, "Kafka Connect API call
        failed" 5xx answers, timeouts and connection failures. A non-idempotent call is
        retried only on 429 and on connections never established; any 5xx, timeout or
        connection lost after sending raises StreamkapAmbiguousWriteError at once.
        The refresh and exchange calls of the token count as idempotent.
        Other 4xx answers are never retried. A 401 with client credentials leads to one
        re-authentication and one repeat; a second 401 raises StreamkapAuthError.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = is_idempotent_method(method)
        rejected_token = self._token()
        try:
            return self._send_authenticated(method, path, params, body, idempotent, rejected_token)
        except StreamkapApiError as exc:
            if exc.status != 401 or isinstance(exc, StreamkapAuthError):
                raise
            if self._static_token:
                raise self._rejected_token_error(exc, after_refresh=False) from None
        # A 401 proves the call was not applied, so repeating a POST is safe here.
        self._reauthenticate(rejected_token)
        try:
            return self._send_authenticated(method, path, params, body, idempotent)
        except StreamkapApiError as exc:
            if exc.status == 401 and not isinstance(exc, StreamkapAuthError):
                raise self._rejected_token_error(exc, after_refresh=True) from None
            raise

    def paginate(self, path: str, params: dict[str, t.Any] | None = None, page_size: int = MAX_PAGE_SIZE) -> t.Iterator[dict[str, t.Any]]:
        """Yield every item of a list endpoint answering {"result", "page", "page_size", "has_next"}.

        Follows `page` while `has_next` is true and stops on a short page; `total` is
        not trusted because concurrent deletes make it stale.
        """
        for page in range(1, MAX_PAGES + 1):
            query = dict(params or {}, page=page, page_size=page_size)
            answer = self.get(path, params=query)
            if not isinstance(answer, dict) or not isinstance(answer.get("result"), list):
                raise StreamkapApiError("the list answer has no 'result' list", method="GET", path=path)
            items = answer["result"]
            for position, item in enumerate(items, start=1):
                if not isinstance(item, dict):
                    raise StreamkapApiError(f"item {position} of page {page} of the list answer is {json_type(item)}, "
                                            "not an object", method="GET", path=path)
            yield from items
            # The server may cap page_size below what was asked: compare with what it used.
            served = answer.get("page_size")
            served_page_size = served if isinstance(served, int) and not isinstance(served, bool) and served > 0 else page_size
            if not answer.get("has_next") or len(items) < served_page_size or not items:
                return
        raise StreamkapApiError(f"more than {MAX_PAGES} pages; giving up", method="GET", path=path)

    def backoff(self, method: str, path: str, reason: str, attempt: int) -> None:
        """Wait before attempt `attempt + 1` of a call its caller repeats itself.

        For retries decided above the transport, such as a create repeated once a lookup
        proved the earlier attempt was not applied. Jittered like any retry, and reported
        the same way (retry_log, on_retry).
        """
        delay = self._retry_delay(attempt - 1, None)
        self._report_retry(method, path, reason, attempt, delay)
        self._sleep(delay)

    def secret_values(self) -> set[str]:
        """Every credential this client has held, exchanged and replaced tokens included (for no_log_values)."""
        return set(self._secrets)

    # --- authentication ---------------------------------------------------

    def _send_authenticated(self, method: str, path: str, params: t.Any, body: t.Any, idempotent: bool,
                            token: str | None = None) -> t.Any:
        headers = {"Authorization": f"Bearer {token or self._token()}"}
        return self._send(method, path, params=params, body=body, headers=headers, idempotent=idempotent)

    def _token(self) -> str:
        token = self._access_token
        if token is not None:
            return token
        with self._token_lock:
            # Another thread may have exchanged the credentials while this one waited.
            if self._access_token is None:
                self._exchange_client_credentials()
            return t.cast(str, self._access_token)

    def _reauthenticate(self, rejected_token: str | None = None) -> None:
        """Replace the rejected token, once for every thread it was rejected for."""
        with self._token_lock:
            if rejected_token is not None and self._access_token not in (None, rejected_token):
                return  # another thread has replaced it already
            self._renew_token()

    def _renew_token(self) -> None:
        """Get a new access token: refresh token first, a new client-credential exchange on failure."""
        if self._refresh_token:
            try:
                answer = self._send("POST", TOKEN_REFRESH_PATH, body={"refresh_token": self._refresh_token}, idempotent=True)
                self._store_tokens(answer, TOKEN_REFRESH_PATH)
                return
            except StreamkapApiError:
                pass  # an expired or revoked refresh token: the client credentials still work
        self._access_token = None
        self._exchange_client_credentials()

    def _exchange_client_credentials(self) -> None:
        body = {"client_id": self._client_id, "secret": self._client_secret}
        try:
            answer = self._send("POST", TOKEN_EXCHANGE_PATH, body=body, idempotent=True)
        except StreamkapApiError as exc:
            if exc.status in (401, 403):
                raise StreamkapAuthError(
                    exc.detail, hint=f"The API rejected the client credentials; check {self.credential_source}",
                    status=exc.status, method=exc.method, path=exc.path, request_id=exc.request_id,
                ) from None
            raise
        self._store_tokens(answer, TOKEN_EXCHANGE_PATH)

    def _store_tokens(self, answer: t.Any, path: str) -> None:
        token = answer.get("accessToken") if isinstance(answer, dict) else None
        if not token or not isinstance(token, str):
            raise StreamkapApiError("the token answer has no accessToken", method="POST", path=path)
        self._access_token = token
        self._secrets.add(token)
        # Kept for a later refresh on 401 (POST /auth/access-token/refresh).
        refresh = answer.get("refreshToken")
        if isinstance(refresh, str) and refresh:
            self._refresh_token = refresh
            self._secrets.add(refresh)

    def _rejected_token_error(self, exc: StreamkapApiError, after_refresh: bool) -> StreamkapAuthError:
        if after_refresh:
            hint = f"The API rejected the access token even after re-authenticating; check {self.credential_source}"
        else:
            hint = f"The API rejected the access token; check {self.credential_source} (expired or revoked?)"
        return StreamkapAuthError(
            exc.detail, hint=hint, status=exc.status, method=exc.method, path=exc.path, request_id=exc.request_id,
        )

    # --- one call with retries ----------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        params: dict[str, t.Any] | None = None,
        body: t.Any = None,
        headers: dict[str, str] | None = None,
        idempotent: bool = True,
    ) -> t.Any:
        attempt_number = 1
        while True:
            self._honour_shared_backoff()
            outcome = self._attempt(method, path, params, body, headers, idempotent)
            if outcome.error is None:
                return outcome.payload
            if not outcome.retryable or attempt_number > self.retries:
                raise self._finalise(outcome.error, attempt_number)
            delay = self._retry_delay(attempt_number - 1, outcome.retry_after)
            if outcome.error.status == 429:
                self._share_backoff(delay)
            self._report_retry(method, path, outcome.reason, attempt_number, delay)
            self._sleep(delay)
            attempt_number += 1

    def _share_backoff(self, delay: float) -> None:
        """A 429 slows every thread of the task down, not only the one that got it."""
        until = self._clock() + delay
        if until > self._shared_backoff[0]:
            self._shared_backoff = (until, threading.get_ident())

    def _honour_shared_backoff(self) -> None:
        """Wait out a 429 backoff another thread got (its own thread sleeps it already)."""
        until, owner = self._shared_backoff
        if owner is None or owner == threading.get_ident():
            return
        remaining = until - self._clock()
        if remaining > 0:
            self._sleep(remaining)

    def _attempt(self, method: str, path: str, params: t.Any, body: t.Any, headers: t.Any, idempotent: bool) -> _Attempt:
        url = f"{self.api_url}{path}"
        data = None if body is None else _encode_body(body, method, path)
        try:
            response = self._exchange(method, url, params, data, headers)
            answer = self._follow_redirects(response, method, path, data, headers)
        except TransportError as exc:
            from ansible_collections.streamkap.cloud.plugins.module_utils import failures  # see failures.py

            return failures.transport_failure(self, exc, method, path, idempotent)
        except ValueError:
            # A Location that is no URL (requests, urljoin or urlsplit refuse it).
            return _Attempt(error=StreamkapApiError("the answer redirects to an invalid URL; not followed", method=method, path=path))
        if isinstance(answer, StreamkapApiError):
            return _Attempt(error=answer)
        return self._answer(answer, method, path, idempotent)

    def _exchange(self, method: str, url: str, params: t.Any, data: bytes | None, headers: t.Any) -> t.Any:
        """One HTTP request and its answer as it is; the transport follows no redirect itself."""
        return self.transport.send(method, url, params, data, dict(BASE_HEADERS, **(headers or {})))

    def _follow_redirects(self, response: t.Any, method: str, path: str, data: bytes | None, headers: t.Any) -> t.Any:
        """The final answer after same-origin redirects, or a StreamkapApiError for one not followed.

        Followed: a redirect to the api_url's scheme, host and port that keeps the method
        (307, 308, or any redirect of a GET). Anything else, a redirect to another origin
        above all, is an error: the request, its body and its credentials go nowhere else.
        """
        hops = 0
        while response.status_code in REDIRECT_STATUSES and response.headers.get("Location"):
            location = response.headers["Location"]
            from ansible_collections.streamkap.cloud.plugins.module_utils import failures  # see failures.py

            refusal = failures.redirect_refusal(response.status_code, method, response.url, location, self.api_url)
            if refusal is None and hops == MAX_REDIRECTS:
                refusal = f"more than {MAX_REDIRECTS} redirects; not followed further (check api_url)"
            if refusal is not None:
                return StreamkapApiError(refusal, status=response.status_code, method=method, path=path,
                                         request_id=response.headers.get("X-Request-Id"))
            # The Location carries the query string, so params are not sent again.
            response = self._exchange(method, urljoin(response.url, location), None, data, headers)
            hops += 1
        return response

    def _answer(self, response: t.Any, method: str, path: str, idempotent: bool) -> _Attempt:
        is_json, payload = self._decode(response)
        if is_success_status(response.status_code) and is_json:
            return _Attempt(payload=payload)
        from ansible_collections.streamkap.cloud.plugins.module_utils import failures  # see failures.py

        return failures.failed_answer(self, response, is_json, payload, method, path, idempotent)

    def _finalise(self, error: StreamkapApiError, attempts: int) -> StreamkapApiError:
        if attempts == 1:
            return error
        return type(error)(
            error.detail, status=error.status, method=error.method, path=error.path,
            request_id=error.request_id, attempts=attempts, hint=error.hint,
        )

    def _retry_delay(self, retry_index: int, retry_after: float | None) -> float:
        """Full jitter: uniform(0, min(max, base * 2**n)); a Retry-After wins, capped by max."""
        if retry_after is not None:
            return min(retry_after, self.retry_max_delay)
        ceiling = min(self.retry_max_delay, self.retry_base_delay * (2 ** min(retry_index, 32)))
        return self._uniform(0.0, ceiling)

    def _report_retry(self, method: str, path: str, reason: str, attempt: int, delay: float) -> None:
        message = (
            f"Streamkap API {method} {path}: {reason}; retry {attempt} of {self.retries} in {delay:.2f} s"
        )
        self.retry_log.append(message)
        if self._on_retry is not None:
            self._on_retry(message)

    def redact_also(self, values: t.Callable[[], t.Iterable[t.Any]]) -> None:
        """Have redact() mask these values too (the module's hidden values, as they are when a message is made)."""
        self._also_redacted = values

    def redact(self, text: str) -> str:
        """Defence in depth: an API that echoes a credential or a secret it was sent must not put it in a
        message, whole or cut short. The longest first: a secret inside another would leave the rest of it."""
        hidden = self.secret_values() | {value for value in self._also_redacted() if isinstance(value, str) and value}
        for secret in sorted(hidden, key=len, reverse=True):
            text = text.replace(secret, SECRET_MASK)
        return text

    def now(self) -> float:
        """The client's clock (injectable, see the class docstring)."""
        return self._clock()

    @staticmethod
    def _decode(response: t.Any) -> tuple[bool, t.Any]:
        """(is_json, payload); an empty body counts as JSON null, one nested too deeply to parse is
        not JSON (its payload TOO_DEEP, see failures.failed_answer)."""
        if not response.content:
            return True, None
        try:
            return True, json.loads(response.content)
        except ValueError:  # UnicodeDecodeError included
            return False, None
        except RecursionError:
            return False, TOO_DEEP


def _random_uniform(low: float, high: float) -> float:
    """random.uniform, imported on the first retry: most runs never wait."""
    import random

    return random.uniform(low, high)


def _encode_body(body: t.Any, method: str, path: str) -> bytes:
    """The JSON body as bytes; strict JSON only (no NaN or Infinity), and no value in the error."""
    try:
        return json.dumps(body, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        reason = "a number that is NaN or infinite" if isinstance(exc, ValueError) else "a value that is not JSON"
        raise StreamkapError(f"{method} {path}: the request body holds {reason}.") from None
