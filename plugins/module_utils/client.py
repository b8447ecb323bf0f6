# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client for the Streamkap REST API.

Knows about transport only: base URL, tokens, JSON, errors and pagination.
It knows nothing about sources; the services in other module_utils do.
"""

from __future__ import annotations

import traceback
import typing as t
from urllib.parse import urlsplit, urlunsplit

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()


DEFAULT_API_URL = "https://api.streamkap.com"
DEFAULT_REQUEST_TIMEOUT = 30.0
TOKEN_EXCHANGE_PATH = "/auth/access-token"
# The list endpoints accept at most 100 items per page.
MAX_PAGE_SIZE = 100
# A safety net against a server that keeps answering has_next forever.
MAX_PAGES = 10000
USER_AGENT = "ansible-collection-streamkap.cloud"


def is_success_status(status: int) -> bool:
    """[guess] Which HTTP statuses count as success.

    The reference pages document 200 for create; whether the service ever answers
    201 or 204 is not public, so any 2xx is accepted.
    """
    return 200 <= status < 300


class StreamkapError(Exception):
    """Base of every error the collection raises; its text is safe to show (no secrets)."""


class StreamkapApiError(StreamkapError):
    """An HTTP call failed: an error status, an unreadable answer, or no answer at all.

    Carries the HTTP status (None when the server was not reached), the API's detail
    rendered as text, the method and path, and the X-Request-Id header. It never carries
    the request body or any credential.
    """

    def __init__(
        self,
        detail: str,
        status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.detail = detail
        self.status = status
        self.method = method
        self.path = path
        self.request_id = request_id
        super().__init__(self._compose())

    def _compose(self) -> str:
        call = f"{self.method} {self.path}" if self.method and self.path else "Streamkap API call"
        outcome = f"failed with HTTP {self.status}" if self.status is not None else "failed"
        message = f"{call} {outcome}: {self.detail}"
        if self.request_id:
            message += f" (X-Request-Id: {self.request_id})"
        return message

    def to_result(self) -> dict[str, t.Any]:
        """Extra keys for fail_json, so playbooks can branch on the status."""
        return {"status": self.status, "request_id": self.request_id}


def render_error_detail(status: int, body: t.Any, is_json: bool) -> str:
    """Turn an error answer into one readable line.

    Handles both FastAPI shapes of `detail` (a string, or the 422 list of
    {loc, msg, ...}) and non-JSON bodies such as a proxy's HTML page. The 422 `input`
    field is deliberately dropped: it echoes what was sent, secrets included.
    """
    if not is_json:
        return f"HTTP {status} (non-JSON body)"
    if not isinstance(body, dict) or "detail" not in body:
        return f"HTTP {status} (JSON body without a detail)"
    detail = body["detail"]
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        return "; ".join(_render_validation_item(item) for item in detail) or f"HTTP {status} (empty detail)"
    return f"HTTP {status} (unrecognised detail)"


def _render_validation_item(item: t.Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    loc = [str(part) for part in item.get("loc") or []]
    # FastAPI prefixes body fields with "body"; the user thinks in field names.
    if loc and loc[0] == "body":
        loc = loc[1:]
    msg = item.get("msg") or "invalid"
    return f"{' -> '.join(loc)}: {msg}" if loc else str(msg)


def _public_url(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class StreamkapClient:
    """A Streamkap API client on a requests.Session.

    Authenticates with a static access token, or exchanges client credentials for one
    lazily on the first request (once per client). Every method raises StreamkapApiError
    on failure.
    """

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        access_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        validate_certs: bool = True,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        session: t.Any = None,
    ) -> None:
        if not access_token and not (client_id and client_secret):
            raise StreamkapError("StreamkapClient needs an access token or a client id and secret")
        self.api_url = api_url.rstrip("/")
        self.request_timeout = request_timeout
        self.validate_certs = validate_certs
        self._access_token = access_token or None
        self._refresh_token: str | None = None
        self._client_id = client_id
        self._client_secret = client_secret
        self.session = session if session is not None else requests.Session()
        self.session.verify = validate_certs
        self.session.headers.update({
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
        })

    # --- public API -------------------------------------------------------

    def get(self, path: str, params: dict[str, t.Any] | None = None) -> t.Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: t.Any = None, params: dict[str, t.Any] | None = None) -> t.Any:
        return self.request("POST", path, params=params, body=body)

    def put(self, path: str, body: t.Any = None, params: dict[str, t.Any] | None = None) -> t.Any:
        return self.request("PUT", path, params=params, body=body)

    def delete(self, path: str, params: dict[str, t.Any] | None = None) -> t.Any:
        return self.request("DELETE", path, params=params)

    def request(self, method: str, path: str, params: dict[str, t.Any] | None = None, body: t.Any = None) -> t.Any:
        """Send one authenticated call; return the decoded JSON answer (None when empty)."""
        headers = {"Authorization": f"Bearer {self._token()}"}
        return self._send(method, path, params=params, body=body, headers=headers)

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
            yield from items
            # The server may cap page_size below what was asked: compare with what it used.
            served_page_size = answer.get("page_size") or page_size
            if not answer.get("has_next") or len(items) < served_page_size or not items:
                return
        raise StreamkapApiError(f"more than {MAX_PAGES} pages; giving up", method="GET", path=path)

    # --- internals --------------------------------------------------------

    def _token(self) -> str:
        if self._access_token is None:
            self._exchange_client_credentials()
        return t.cast(str, self._access_token)

    def _exchange_client_credentials(self) -> None:
        body = {"client_id": self._client_id, "secret": self._client_secret}
        answer = self._send("POST", TOKEN_EXCHANGE_PATH, body=body)
        token = answer.get("accessToken") if isinstance(answer, dict) else None
        if not token:
            raise StreamkapApiError("the token answer has no accessToken", method="POST", path=TOKEN_EXCHANGE_PATH)
        self._access_token = token
        # Kept for a later refresh on 401 (POST /auth/access-token/refresh).
        self._refresh_token = answer.get("refreshToken")

    def _send(
        self,
        method: str,
        path: str,
        params: dict[str, t.Any] | None = None,
        body: t.Any = None,
        headers: dict[str, str] | None = None,
    ) -> t.Any:
        url = f"{self.api_url}{path}"
        try:
            response = self.session.request(
                method, url, params=params, json=body, headers=headers, timeout=self.request_timeout,
                # Per request too: requests lets REQUESTS_CA_BUNDLE override a session-level verify=False.
                verify=self.validate_certs,
            )
        except requests.exceptions.RequestException as exc:
            raise StreamkapApiError(self._describe_transport_error(exc), method=method, path=path) from None

        request_id = response.headers.get("X-Request-Id")
        is_json, payload = self._decode(response)
        if not is_success_status(response.status_code):
            detail = render_error_detail(response.status_code, payload, is_json)
            raise StreamkapApiError(detail, status=response.status_code, method=method, path=path, request_id=request_id)
        if not is_json:
            raise StreamkapApiError(
                f"HTTP {response.status_code} (non-JSON body)",
                status=response.status_code, method=method, path=path, request_id=request_id,
            )
        return payload

    @staticmethod
    def _decode(response: t.Any) -> tuple[bool, t.Any]:
        """(is_json, payload); an empty body counts as JSON null."""
        if not response.content:
            return True, None
        try:
            return True, response.json()
        except ValueError:
            return False, None

    def _describe_transport_error(self, exc: Exception) -> str:
        # The exception text is not used: it can quote URLs verbatim, user:password included.
        where = _public_url(self.api_url)
        if isinstance(exc, requests.exceptions.SSLError):
            return f"TLS error talking to {where} (certificate not trusted? see validate_certs)"
        if isinstance(exc, requests.exceptions.Timeout):
            return f"no answer from {where} within {self.request_timeout} seconds (see request_timeout)"
        if isinstance(exc, requests.exceptions.ConnectionError):
            return f"could not connect to {where} (check api_url and the network)"
        return f"request to {where} failed ({type(exc).__name__})"
