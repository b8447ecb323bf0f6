"""The Streamkap API straight over HTTP: what the live suite reads to check a playbook's work, and
what its cleanup lists and deletes.

Deliberately not the collection's own client: the checks and the cleanup must tell the truth, and
work, even when the code under test does not.
"""
from __future__ import annotations

import time
import typing as t

import requests

from tests.live.settings import LiveSettings

# Every kind the suite creates, in the order they can be deleted (a pipeline uses a source and a
# destination; any of them may carry a tag).
KINDS = ("pipelines", "destinations", "sources", "tags")
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
MAX_PAGES = 1000


class ApiError(Exception):
    """A call failed: method, path, status and the API's detail (never a credential or a body sent)."""

    def __init__(self, method: str, path: str, status: int | None, detail: str) -> None:
        super().__init__(f"{method} {path}: {status or 'no answer'} {detail}".strip())
        self.status = status


class LiveApi:
    def __init__(self, api_url: str, *, access_token: str | None = None, client_id: str | None = None,
                 client_secret: str | None = None, timeout: float = 30.0, attempts: int = 4,
                 sleep: t.Callable[[float], t.Any] = time.sleep) -> None:
        self.url = api_url.rstrip("/")
        self.timeout = timeout
        self.attempts = attempts
        self.sleep = sleep
        self._client_id = client_id
        self._client_secret = client_secret
        self._token = access_token
        self.session = requests.Session()

    @classmethod
    def from_settings(cls, settings: LiveSettings, **options: t.Any) -> LiveApi:
        return cls(settings.api_url, access_token=settings.access_token, client_id=settings.client_id,
                   client_secret=settings.client_secret, **options)

    def entities(self, kind: str, partial_name: str | None = None) -> list[dict[str, t.Any]]:
        """Every entity of `kind` (optionally those whose name holds `partial_name`), every page."""
        if kind == "tags":
            return list(self._call("GET", "/tags")["tags"])
        items: list[dict[str, t.Any]] = []
        params: dict[str, t.Any] = {"page_size": 100, **({"partial_name": partial_name} if partial_name else {})}
        for page in range(1, MAX_PAGES + 1):
            answer = self._call("GET", f"/{kind}", params={**params, "page": page})
            batch = answer["result"]
            items.extend(batch)
            if not answer.get("has_next") or not batch or len(batch) < (answer.get("page_size") or 100):
                return items
        raise ApiError("GET", f"/{kind}", None, f"more than {MAX_PAGES} pages")

    def named(self, kind: str, prefix: str) -> list[dict[str, t.Any]]:
        """The entities of `kind` whose name starts with `prefix` (the API only filters by substring)."""
        return [item for item in self.entities(kind, partial_name=prefix)
                if str(item.get("name") or "").startswith(prefix) and not item.get("system")]

    def delete(self, kind: str, entity_id: str) -> bool:
        """Delete one entity; False when it was already gone."""
        params = None if kind == "tags" else {"wait": "false"}
        try:
            self._call("DELETE", f"/{kind}/{entity_id}", params=params)
        except ApiError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    @property
    def _has_client_credentials(self) -> bool:
        return bool(self._client_id and self._client_secret)

    # --- HTTP ---------------------------------------------------------------------------------

    def _call(self, method: str, path: str, params: dict[str, t.Any] | None = None) -> t.Any:
        response = self._send(method, path, params)
        if response.status_code == 401 and self._has_client_credentials:
            self._token = None
            response = self._send(method, path, params)
        if response.status_code >= 400:
            raise ApiError(method, path, response.status_code, _detail(response))
        return response.json() if response.content else None

    def _send(self, method: str, path: str, params: t.Any, body: t.Any = None, auth: bool = True) -> requests.Response:
        """One call, repeated on 429/502/503/504 and lost connections (every call made here is idempotent)."""
        for attempt in range(1, self.attempts + 1):
            headers = {"Accept": "application/json"}
            if auth:
                headers["Authorization"] = f"Bearer {self._access_token()}"
            try:
                response = self.session.request(method, f"{self.url}{path}", params=params, json=body,
                                                headers=headers, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt == self.attempts:
                    raise ApiError(method, path, None, type(exc).__name__) from None
                self.sleep(2 ** attempt)
                continue
            if response.status_code not in RETRYABLE_STATUSES or attempt == self.attempts:
                return response
            self.sleep(_retry_after(response) or 2 ** attempt)
        raise AssertionError("unreachable")

    def _access_token(self) -> str:
        if self._token:
            return self._token
        if not self._has_client_credentials:
            raise ApiError("POST", "/auth/access-token", None, "no access token, and no client id and secret")
        body = {"client_id": self._client_id, "secret": self._client_secret}
        response = self._send("POST", "/auth/access-token", None, body, auth=False)
        if response.status_code >= 400:
            raise ApiError("POST", "/auth/access-token", response.status_code, _detail(response))
        self._token = response.json()["accessToken"]
        return self._token


def _detail(response: requests.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return response.reason or ""
    return str(detail)[:300]


def _retry_after(response: requests.Response) -> float | None:
    try:
        return min(float(response.headers["Retry-After"]), 30.0)
    except (KeyError, ValueError):
        return None
