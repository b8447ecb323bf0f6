"""Token exchange, refresh, bearer checks, token expiry and request ids."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone

import requests

from .conftest import Api

CREDENTIALS = {"client_id": "demo-client-id", "secret": "demo-client-secret"}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_access_token_answers_the_documented_shape(api: Api) -> None:
    before = datetime.now(timezone.utc)
    answer = requests.post(f"{api.url}/auth/access-token", json=CREDENTIALS, timeout=5)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"accessToken", "refreshToken", "expires", "expiresIn"}
    assert body["expiresIn"] == 3600
    expires = datetime.fromisoformat(body["expires"])
    assert 3590 <= (expires - before).total_seconds() <= 3610
    listed = requests.get(f"{api.url}/sources", headers=_bearer(body["accessToken"]), timeout=5)
    assert listed.status_code == 200


def test_bad_credentials_answer_401_with_detail(api: Api) -> None:
    answer = requests.post(
        f"{api.url}/auth/access-token", json={"client_id": "demo-client-id", "secret": "wrong"}, timeout=5
    )
    assert answer.status_code == 401
    assert isinstance(answer.json()["detail"], str)


def test_refresh_gives_a_new_working_token(api: Api) -> None:
    first = requests.post(f"{api.url}/auth/access-token", json=CREDENTIALS, timeout=5).json()
    answer = requests.post(
        f"{api.url}/auth/access-token/refresh", json={"refresh_token": first["refreshToken"]}, timeout=5
    )
    assert answer.status_code == 200
    second = answer.json()
    assert set(second) == {"accessToken", "refreshToken", "expires", "expiresIn"}
    assert second["accessToken"] != first["accessToken"]
    assert (
        requests.get(f"{api.url}/sources", headers=_bearer(second["accessToken"]), timeout=5).status_code
        == 200
    )


def test_unknown_refresh_token_answers_401(api: Api) -> None:
    answer = requests.post(f"{api.url}/auth/access-token/refresh", json={"refresh_token": "nope"}, timeout=5)
    assert answer.status_code == 401
    assert "detail" in answer.json()


def test_endpoints_require_a_bearer_token(api: Api) -> None:
    for method, path in [
        ("GET", "/sources"),
        ("POST", "/sources"),
        ("GET", "/sources/abc"),
        ("PUT", "/sources/abc"),
        ("DELETE", "/sources/abc"),
        ("GET", "/sources/connectors?connector_code=postgresql"),
        ("POST", "/sources/abc/actions/pause"),
    ]:
        missing = requests.request(method, f"{api.url}{path}", timeout=5)
        wrong = requests.request(method, f"{api.url}{path}", headers=_bearer("not-a-token"), timeout=5)
        assert missing.status_code == 401, (method, path)
        assert wrong.status_code == 401, (method, path)
        assert isinstance(wrong.json()["detail"], str)


def test_tokens_expire_after_the_ttl(api: Api) -> None:
    api.settings(token_ttl=0.3)
    token = requests.post(f"{api.url}/auth/access-token", json=CREDENTIALS, timeout=5).json()["accessToken"]
    assert requests.get(f"{api.url}/sources", headers=_bearer(token), timeout=5).status_code == 200
    time.sleep(0.4)
    expired = requests.get(f"{api.url}/sources", headers=_bearer(token), timeout=5)
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]


def test_static_token_never_expires(api: Api) -> None:
    api.settings(token_ttl=0)
    assert api.get("/sources").status_code == 200


def test_every_answer_carries_a_random_hex_request_id(api: Api) -> None:
    answers = [
        api.get("/sources"),
        requests.get(f"{api.url}/sources", timeout=5),
        api.post("/sources", json={}),
        api.hook("GET", "/stats"),
        requests.post(f"{api.url}/auth/access-token", json=CREDENTIALS, timeout=5),
    ]
    ids = [answer.headers.get("X-Request-Id") for answer in answers]
    assert all(request_id and re.fullmatch(r"[0-9a-f]{32}", request_id) for request_id in ids), ids
    assert len(set(ids)) == len(ids)
