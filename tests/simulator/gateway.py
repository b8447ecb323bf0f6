"""The outermost ASGI layer: request ids, the request log and fault injection.

It wraps the whole FastAPI application (outside Starlette's own error middleware), so that it
sees uvicorn's own ``send`` callable: "commit_then_drop" needs the connection's transport to
close it without answering.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl

from starlette.responses import HTMLResponse, JSONResponse, Response

from .sourceconfig import SECRET_MASK
from .state import CATALOGS, FaultRule, SimState

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SIM_PREFIX = "/_sim"
RAW_BODY_SCOPE_KEY = "sim.raw_body"
# Top-level body fields that carry credentials.
AUTH_SECRET_FIELDS = {
    "secret",
    "client_secret",
    "refresh_token",
    "access_token",
    "accessToken",
    "refreshToken",
}
PROXY_PAGES = {
    502: "502 Bad Gateway",
    503: "503 Service Temporarily Unavailable",
    504: "504 Gateway Time-out",
}
PROXY_PAGE_TEMPLATE = (
    "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
    "<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def masked_body(raw: bytes, path: str = "/sources") -> Any:
    """The JSON body with credentials and secret config values (of the path's connector kind:
    /destinations..., otherwise sources) replaced by the mask."""
    if not raw:
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return {"unparsed_length": len(raw)}
    if not isinstance(body, dict):
        return body
    masked = {key: SECRET_MASK if key in AUTH_SECRET_FIELDS else value for key, value in body.items()}
    config = body.get("config")
    if isinstance(config, dict):
        catalog = CATALOGS["destinations" if path.startswith("/destinations") else "sources"]
        secret = catalog.secret_keys(body.get("connector") if isinstance(body.get("connector"), str) else None)
        masked["config"] = {key: SECRET_MASK if key in secret else value for key, value in config.items()}
    return masked


def fault_response(rule: FaultRule) -> Response:
    """The answer of a "status" fault: HTML for proxy errors, JSON otherwise; 429 has Retry-After."""
    headers = {"Retry-After": f"{rule.retry_after:g}"} if rule.status == 429 else None
    if rule.body is not None:
        content = rule.body if isinstance(rule.body, dict) else {"detail": rule.body}
        return JSONResponse(content, status_code=rule.status, headers=headers)
    if rule.status in PROXY_PAGES:
        return HTMLResponse(
            PROXY_PAGE_TEMPLATE.format(title=PROXY_PAGES[rule.status]), status_code=rule.status
        )
    detail = "Too Many Requests" if rule.status == 429 else "Internal Server Error"
    return JSONResponse({"detail": detail}, status_code=rule.status, headers=headers)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A receive callable that hands out the buffered body once, then defers to the server."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _with_request_id(send: Send, request_id: str, seen: dict[str, Any],
                     before_last_body: Callable[[], None] | None = None) -> Send:
    async def send_with_id(message: Message) -> None:
        if message["type"] == "http.response.start":
            seen["status"] = message["status"]
            headers = list(message.get("headers", [])) + [(b"x-request-id", request_id.encode())]
            message = {**message, "headers": headers}
        elif message["type"] == "http.response.body" and not message.get("more_body") and before_last_body:
            before_last_body()
        await send(message)

    return send_with_id


async def _close_connection(send: Send) -> None:
    """Close the client connection without an answer (uvicorn: send is bound to its cycle)."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise RuntimeError("commit_then_drop needs uvicorn's h11 or httptools protocol")
    transport.close()
    # Let connection_lost run so uvicorn knows the client is gone and sends no error answer.
    for _attempt in range(100):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0.001)


class Gateway:
    """Wraps the application: X-Request-Id on every answer, request log, faults."""

    def __init__(self, state: SimState) -> None:
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_id = secrets.token_hex(16)
        seen: dict[str, Any] = {"status": None}
        if scope["path"].startswith(SIM_PREFIX):
            await app(scope, receive, _with_request_id(send, request_id, seen))
            return
        body = await _read_body(receive)
        scope[RAW_BODY_SCOPE_KEY] = body
        replay = _replaying(body, receive)
        entry = {
            "time": time.time(),
            "request_id": request_id,
            "method": scope["method"],
            "path": scope["path"],
            "query": dict(
                parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            ),
            "status": None,
            "body": masked_body(body, scope["path"]),
        }
        logged = False

        def log_entry() -> None:
            # Logged before the last byte of the answer leaves, so a client that has its answer
            # (and then resets or reads the log) never races this request's own log entry.
            nonlocal logged
            if not logged:
                logged = True
                if seen["status"] is not None:
                    entry["status"] = seen["status"]
                self.state.log_request(entry)

        try:
            await self._serve(scope, replay, _with_request_id(send, request_id, seen, log_entry), send, app, entry)
        finally:
            log_entry()

    async def _serve(self, scope: Scope, receive: Receive, send: Send, raw_send: Send, app: ASGIApp,
                     entry: dict[str, Any]) -> None:
        """Run faults, then the app. `send` adds the request id and logs the entry; `raw_send` is
        uvicorn's own, needed to close the connection."""
        answering: FaultRule | None = None
        for rule in self.state.take_faults(scope["method"], scope["path"]):
            if rule.kind == "latency":
                await asyncio.sleep(rule.seconds)
            else:
                answering = rule
        if answering is None:
            await app(scope, receive, send)
            return
        entry["fault"] = answering.kind
        if answering.kind == "status":
            await fault_response(answering)(scope, receive, send)
            return

        async def swallow(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]

        await app(scope, receive, swallow)
        entry["dropped"] = True
        await _close_connection(raw_send)
