"""The direct API calls the checks and the cleanup rely on, against the simulator."""
from __future__ import annotations

import time

from tests.live.api import LiveApi
from tests.live.selftest.conftest import Sim

PREFIX = "ansible-live-0123abcd-"


def test_only_names_that_start_with_the_prefix_are_named(sim: Sim) -> None:
    # The API filters by substring: a name holding the prefix elsewhere is not the run's.
    for prefix in (PREFIX, f"keep-{PREFIX}", "ansible-live-0123abce-"):
        sim.hook("POST", "seed", json={"kind": "sources", "count": 1, "prefix": prefix})
    assert [source["name"] for source in sim.api.named("sources", PREFIX)] == [f"{PREFIX}1"]


def test_client_credentials_are_exchanged_and_exchanged_again_after_a_401(sim: Sim) -> None:
    sim.hook("POST", "settings", json={"token_ttl": 1})
    api = LiveApi(sim.url, client_id=sim.settings.client_id, client_secret=sim.settings.client_secret)
    assert "Development" in [tag["name"] for tag in api.entities("tags")]
    time.sleep(1.2)
    assert "Development" in [tag["name"] for tag in api.entities("tags")]
    calls = [(entry["method"], entry["path"], entry["status"]) for entry in sim.hook("GET", "requests")]
    assert calls == [("POST", "/auth/access-token", 200), ("GET", "/tags", 200),
                     ("GET", "/tags", 401), ("POST", "/auth/access-token", 200), ("GET", "/tags", 200)]
