# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""What a failed HTTP exchange means: the error's text, whether to retry it (and when), whether a
write's outcome is unknown, and why a redirect is not followed. The retry rule is in client.py's
docstring.

client.py imports this on the first failure or redirect only: AnsiballZ compiles every
module_utils file it imports on every run, and most runs meet neither.
"""

from __future__ import annotations

import math
import typing as t
from urllib.parse import urljoin, urlsplit

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    KAFKA_CONNECT_FAILURE,
    METHOD_KEEPING_REDIRECTS,
    RETRYABLE_STATUSES,
    RETRYABLE_WRITE_STATUSES,
    TOO_DEEP,
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
    _Attempt,
    is_success_status,
    public_url,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.config import shorten
from ansible_collections.streamkap.cloud.plugins.module_utils.transport import MAX_ANSWER_BYTES, TransportError

_DETAIL_LIMIT = 120
DEFAULT_PORTS = {"http": 80, "https": 443}


def render_error_detail(status: int, body: t.Any, is_json: bool, redact: t.Callable[[str], str] = str) -> str:
    """Turn an error answer into one readable line.

    Handles both FastAPI shapes of `detail` (a string, or the 422 list of
    {loc, msg, ...}) and non-JSON bodies such as a proxy's HTML page. The 422 `input`
    field is deliberately dropped: it echoes what was sent, secrets included. `redact` masks what
    an item echoes before the item is shortened: a cut would leave a secret's first part unmasked.
    """
    if not is_json:
        return f"HTTP {status} (non-JSON body)"
    if not isinstance(body, dict) or "detail" not in body:
        return f"HTTP {status} (JSON body without a detail)"
    detail = body["detail"]
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        return "; ".join(_render_validation_items(detail, redact)) or f"HTTP {status} (empty detail)"
    return f"HTTP {status} (unrecognised detail)"


def _render_validation_items(items: list[t.Any], redact: t.Callable[[str], str], depth: int = 0) -> t.Iterator[str]:
    """One text per item, whatever its type: nested lists are flattened (a few levels deep),
    dicts give only their loc and msg (never `input`), null items are skipped."""
    for item in items:
        if item is None:
            continue
        if isinstance(item, list):
            if depth < 3:
                yield from _render_validation_items(item, redact, depth + 1)
            continue
        yield shorten(redact(_render_validation_item(item)), _DETAIL_LIMIT)


def _render_validation_item(item: t.Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    raw_loc = item.get("loc")
    parts = raw_loc if isinstance(raw_loc, list) else [] if raw_loc is None else [raw_loc]
    loc = [str(part) for part in parts if isinstance(part, (str, int, float))]
    # FastAPI prefixes body fields with "body"; the user thinks in field names.
    if loc and loc[0] == "body":
        loc = loc[1:]
    msg = item.get("msg")
    msg = msg if isinstance(msg, str) and msg else "invalid"
    return f"{' -> '.join(loc)}: {msg}" if loc else msg


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in: what a redirect must keep."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme)


def redirect_refusal(status: int, method: str, url: str, location: str, api_url: str) -> str | None:
    """Why a redirect is not followed, or None when it stays on the API's origin and keeps the method.

    Raises ValueError for a Location that is no URL (see StreamkapClient._attempt).
    """
    target = urljoin(url, location)
    if origin(target) != origin(api_url):
        return (
            f"the answer redirects to {public_url(target, path=False)}, another origin than "
            f"{public_url(api_url, path=False)}; not followed, so that no credential leaves the API's "
            "origin (check api_url)"
        )
    if method != "GET" and status not in METHOD_KEEPING_REDIRECTS:
        return f"the answer redirects the {method} with HTTP {status}, which would drop its body; not followed (check api_url)"
    return None


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date), None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = None
    if seconds is not None:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    # Imported here: only a Retry-After holding an HTTP date needs them.
    import email.utils
    from datetime import timezone

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - now)


def transport_failure(client: StreamkapClient, exc: TransportError, method: str, path: str, idempotent: bool) -> _Attempt:
    """What a request that got no answer means: retry it, give up, or report an ambiguous write.

    A call that never reached the service is retried whatever its method; after a read
    timeout or a connection lost once the request went out, a write's outcome is unknown.
    """
    detail = describe_transport_error(client, exc)
    if not idempotent and exc.maybe_applied:
        return _Attempt(error=StreamkapAmbiguousWriteError(detail, method=method, path=path))
    error = StreamkapApiError(detail, method=method, path=path)
    retryable = exc.never_sent or (idempotent and exc.retryable)
    return _Attempt(error=error, retryable=retryable, reason=_SHORT_REASONS.get(exc.kind, "connection lost"))


def failed_answer(client: StreamkapClient, response: t.Any, is_json: bool, payload: t.Any, method: str, path: str,
                  idempotent: bool) -> _Attempt:
    """What an answer other than a JSON 2xx means: its error, and whether (and when) to retry."""
    status = response.status_code
    request_id = response.headers.get("X-Request-Id")
    if payload is TOO_DEEP:
        detail = f"HTTP {status} (a JSON body nested too deeply to read)"
    elif is_success_status(status):
        detail = f"HTTP {status} (non-JSON body)"
    else:
        detail = client.redact(render_error_detail(status, payload, is_json, client.redact))
    fields = {"status": status, "method": method, "path": path, "request_id": request_id}
    transient = status in RETRYABLE_STATUSES or (status >= 500 and says_kafka_connect_failed(response))
    if not idempotent and status >= 500:
        return _Attempt(error=StreamkapAmbiguousWriteError(detail, **fields))
    retryable = transient and (idempotent or status in RETRYABLE_WRITE_STATUSES)
    retry_after = parse_retry_after(response.headers.get("Retry-After"), client.now()) if retryable else None
    reason = f"HTTP {status} ({shorten(detail, _DETAIL_LIMIT)})"
    return _Attempt(error=StreamkapApiError(detail, **fields), retryable=retryable, retry_after=retry_after, reason=reason)


def says_kafka_connect_failed(response: t.Any) -> bool:
    # Read from the raw body: the phrase can come in a JSON detail or a plain-text page.
    try:
        return KAFKA_CONNECT_FAILURE in (response.text or "").lower()
    except (ValueError, TypeError):
        return False


def describe_transport_error(client: StreamkapClient, exc: TransportError) -> str:
    where = public_url(client.api_url)
    if exc.kind == "tls":
        return f"TLS error talking to {where} (certificate not trusted? see validate_certs and ca_path)"
    if exc.kind == "proxy":
        return f"could not connect to {where} through the proxy (check HTTPS_PROXY and NO_PROXY)"
    if exc.kind in ("connect_timeout", "read_timeout"):
        return f"no answer from {where} within {client.request_timeout} seconds (see request_timeout)"
    if exc.kind == "refused":
        return f"could not connect to {where} (check api_url and the network)"
    if exc.kind == "lost":
        return f"the connection to {where} was lost before an answer arrived"
    if exc.kind == "oversized":
        return f"the answer from {where} is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB; not read"
    return f"request to {where} failed ({exc.cause or 'unknown error'})"


# The reason a retry line gives, by TransportError.kind.
_SHORT_REASONS = {"connect_timeout": "connect timeout", "read_timeout": "read timeout", "refused": "connection failed",
                  "proxy": "connection failed"}
