"""The /_sim/ test hooks: request log, stats, reset, seed, settings, internal records."""

from __future__ import annotations

import requests

from .conftest import Api, source_body


def test_request_log_records_every_api_call_with_secrets_masked(api: Api) -> None:
    requests.post(
        f"{api.url}/auth/access-token",
        json={"client_id": "demo-client-id", "secret": "demo-client-secret"},
        timeout=5,
    )
    source = api.create("orders")
    api.get("/sources", params={"partial_name": "ord", "page": "1"})
    api.get(f"/sources/{source['id']}")
    api.hook("GET", "/stats")
    log = api.hook("GET", "/requests").json()
    assert [(entry["method"], entry["path"], entry["status"]) for entry in log] == [
        ("POST", "/auth/access-token", 200),
        ("POST", "/sources", 200),
        ("GET", "/sources", 200),
        ("GET", f"/sources/{source['id']}", 200),
    ]
    assert log[0]["body"] == {"client_id": "demo-client-id", "secret": "********"}
    config = log[1]["body"]["config"]
    assert config["database.password"] == "********"
    assert config["database.user"] == "streamkap"
    assert log[2]["query"] == {"partial_name": "ord", "page": "1"}
    assert "sample-password" not in str(log) and "demo-client-secret" not in str(log)


def test_refresh_token_is_masked_in_the_log(api: Api) -> None:
    requests.post(f"{api.url}/auth/access-token/refresh", json={"refresh_token": "abc"}, timeout=5)
    entry = api.hook("GET", "/requests").json()[0]
    assert (entry["status"], entry["body"]) == (401, {"refresh_token": "********"})


def test_stats_count_by_method_and_writes(api: Api) -> None:
    requests.post(f"{api.url}/auth/access-token", json={"client_id": "x", "secret": "y"}, timeout=5)
    source = api.create("orders")
    api.get("/sources")
    api.put(f"/sources/{source['id']}", json=source_body("orders"))
    api.delete(f"/sources/{source['id']}")
    stats = api.hook("GET", "/stats").json()
    assert stats["total"] == 5
    assert stats["by_method"] == {"POST": 2, "GET": 1, "PUT": 1, "DELETE": 1}
    assert stats["writes"] == 3
    assert stats["auth"] == 1


def test_clearing_the_log_keeps_sources(api: Api) -> None:
    api.create("kept")
    assert api.hook("DELETE", "/requests").status_code == 200
    assert api.hook("GET", "/requests").json() == []
    api.create("kept-too")
    assert api.hook("POST", "/reset", params={"keep_sources": "true"}).status_code == 200
    assert api.hook("GET", "/stats").json()["total"] == 0
    assert api.get("/sources").json()["total"] == 2


def test_reset_clears_sources_faults_and_settings(api: Api) -> None:
    api.create("gone")
    api.hook("POST", "/faults", json={"kind": "latency", "seconds": 0.01})
    api.settings(status_delay=5, secret_style="mask")
    api.hook("POST", "/reset")
    assert api.get("/sources").json()["total"] == 0
    assert api.hook("GET", "/faults").json() == []
    assert api.hook("GET", "/settings").json()["status_delay"] == 0
    assert api.hook("GET", "/settings").json()["secret_style"] == "omit"


def test_seed_creates_valid_named_sources(api: Api) -> None:
    api.create("s-2")
    answer = api.hook("POST", "/seed", json={"count": 3, "prefix": "s-", "connector": "dynamodb"})
    assert answer.json()["created"] == 3
    listed = api.get("/sources", params={"connector": "dynamodb"}).json()["result"]
    assert [source["name"] for source in listed] == ["s-1", "s-3", "s-4"]
    assert listed[0]["topics"] == [f"source_{listed[0]['id']}.orders"]
    bad = api.hook("POST", "/seed", json={"count": 1, "connector": "nope"})
    assert bad.status_code == 422 and "nope" in bad.json()["detail"]


def test_settings_change_at_run_time_and_are_validated(api: Api) -> None:
    assert api.settings(delete_delay=1.5)["delete_delay"] == 1.5
    assert api.hook("POST", "/settings", json={"secret_style": "shout"}).status_code == 422
    assert api.hook("POST", "/settings", json={"client_secret": "x"}).status_code == 422
    assert api.hook("POST", "/settings", json={"status_delay": -1}).status_code == 422


def test_internal_record_of_unknown_source_is_404(api: Api) -> None:
    assert api.hook("GET", "/sources/0123456789abcdef01234567").status_code == 404
    assert api.hook("POST", "/sources/0123456789abcdef01234567/broken").status_code == 404


def test_hooks_need_no_auth_and_sources_are_shared_with_the_state_object(api: Api) -> None:
    source = api.create("visible")
    with api.sim.app_state.lock:
        assert api.sim.app_state.sources[source["id"]]["name"] == "visible"
