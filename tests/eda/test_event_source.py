"""The event source streamkap.cloud.streamkap_events against the simulator: its main(queue, args) as ansible-rulebook
runs it, the exact events of each transition and no repeats; API faults (5xx, 429, timeouts, an expired or rejected
token) make no false event, are retried with backoff and logged without credentials."""

from __future__ import annotations

import asyncio
import logging
import typing as t

import pytest

from tests.eda.conftest import Api, Source
from tests.simulator.connectors import SAMPLE_CONFIGS
from tests.simulator.harness import running_simulator

TRACE = "org.apache.kafka.connect.errors.ConnectException: replication slot is gone"
BROKEN_PROBLEM = f"its connector_status is Broken, not Active (task 0: FAILED ({TRACE}))"
Event = t.Dict[str, t.Any]


def args(api: Api, **more: t.Any) -> dict[str, t.Any]:
    return dict({"api_url": api.url, "access_token": api.sim.settings.access_token, "interval": 1, "retries": 0}, **more)


def event(type_: str, kind: str, entity: dict[str, t.Any], status: t.Any, previous: t.Any, problems: t.Sequence[str] = (),
          lag: t.Any = None, latency: t.Any = None) -> Event:
    return {"streamkap": {"type": type_, "kind": kind, "id": entity["id"], "name": entity["name"], "status": status,
                          "previous_status": previous, "lag": lag, "latency_ms": latency, "problems": list(problems)}}


def broken(api: Api, kind: str, entity: dict[str, t.Any], **body: t.Any) -> None:
    api.hook("POST", f"{kind}/{entity['id']}/broken", json=dict({"trace": TRACE}, **body))


def lag(api: Api, pipeline: dict[str, t.Any], records: int) -> None:
    api.hook("POST", f"metrics/pipelines/{pipeline['id']}", json={"lag": records, "latency": 50})


# --- main(queue, args), polling every second ---

def test_each_transition_is_one_event_and_a_state_that_lasts_is_not_repeated(plugin, api):
    orders, billing = api.source("orders"), api.source("billing")
    warehouse = api.destination("warehouse")
    pipeline = api.pipeline("orders-to-warehouse", orders, warehouse)
    lag(api, pipeline, 10)
    router = api.running_transform("router")
    broken(api, "sources", billing)

    async def scenario() -> list[Event]:
        source = Source(api, plugin["main"], args(api, max_lag=1000))
        try:
            # Already broken at start: announced (emit_initial), with no previous status.
            assert await source.polls() == [event("unhealthy", "source", billing, "Broken", None, [BROKEN_PROBLEM])]
            broken(api, "sources", orders)
            assert await source.polls() == [event("unhealthy", "source", orders, "Broken", "Active", [BROKEN_PROBLEM])]
            assert await source.polls(2) == []
            broken(api, "sources", orders, broken=False)
            assert await source.polls() == [event("recovered", "source", orders, "Active", "Broken")]
            lag(api, pipeline, 5000)
            assert await source.polls() == [event("unhealthy", "pipeline", pipeline, "Active", "Active",
                                                  ["records lag is 5000 records, over max_lag 1000"], lag=5000, latency=50)]
            lag(api, pipeline, 10)
            assert await source.polls() == [event("recovered", "pipeline", pipeline, "Active", "Active", lag=10, latency=50)]
            api.hook("POST", f"transforms/{router['id']}/fail")
            assert await source.polls() == [event("unhealthy", "transform", router, "FAILED", "RUNNING",
                                                  ["its job is FAILED, not RUNNING"])]
            api.call("DELETE", f"/sources/{billing['id']}")
            assert await source.polls() == [event("deleted", "source", billing, None, "Broken")]
            return source.events
        finally:
            await source.stop()

    events = asyncio.run(scenario())
    assert [(item["streamkap"]["type"], item["streamkap"]["name"]) for item in events] == [
        ("unhealthy", "billing"), ("unhealthy", "orders"), ("recovered", "orders"), ("unhealthy", "orders-to-warehouse"),
        ("recovered", "orders-to-warehouse"), ("unhealthy", "router"), ("deleted", "billing")]


def test_a_redeploy_that_leaves_broken_again_is_a_new_unhealthy_event_and_emit_initial_false_is_silent_at_start(plugin, api):
    orders, billing = api.source("orders"), api.source("billing")
    broken(api, "sources", billing)
    broken(api, "sources", orders, stays_broken=True)
    api.hook("POST", "settings", json={"deploy_polls": 3})

    async def scenario() -> None:
        source = Stepped(plugin, args(api, kinds=["sources"], emit_initial=False))
        try:
            assert await source.first() == []
            api.call("POST", f"/sources/{orders['id']}/deploy")
            # Starting is neither failing nor healthy: no event; then Broken again, a new episode.
            assert [await source.poll() for _poll in range(4)] == [
                [], [], [], [event("unhealthy", "source", orders, "Broken", "Starting", [BROKEN_PROBLEM])]]
            broken(api, "sources", billing, broken=False)
            # Broken at start, never announced: its recovery still is one.
            assert await source.poll() == [event("recovered", "source", billing, "Active", "Broken")]
        finally:
            await source.stop()

    asyncio.run(scenario())


def test_scope_keeps_to_the_name_prefix_and_the_tag(plugin, api):
    tag = api.call("POST", "/tags", json={"name": "critical", "description": "d", "type": ["sources"]})
    watched = api.call("POST", "/sources", json={"name": "prod-orders", "connector": "postgresql", "tags": [tag["id"]],
                                                 "config": SAMPLE_CONFIGS["postgresql"]})
    untagged = api.source("prod-billing")
    other = api.source("test-orders")
    for entity in (watched, untagged, other):
        broken(api, "sources", entity)

    async def scenario() -> None:
        source = Source(api, plugin["main"], args(api, scope={"name_prefix": "prod-", "tag": "critical"}))
        try:
            assert await source.polls() == [event("unhealthy", "source", watched, "Broken", None, [BROKEN_PROBLEM])]
        finally:
            await source.stop()

    asyncio.run(scenario())
    sources_reads = [entry for entry in api.sim.state.requests() if entry["path"] == "/sources" and entry["method"] == "GET"]
    assert all(entry["query"].get("partial_name") == "prod-" for entry in sources_reads)


def test_one_poll_is_one_list_read_per_kind_and_one_metrics_read_per_pipeline_in_scope(plugin, api):
    orders = api.source("orders")
    warehouse = api.destination("warehouse")
    for name in ("orders-a", "orders-b"):
        lag(api, api.pipeline(name, orders, warehouse), 0)
    api.hook("DELETE", "requests")

    async def scenario() -> None:
        source = Source(api, plugin["main"], args(api))
        try:
            await source.polls(1)
        finally:
            await source.stop()

    asyncio.run(scenario())
    calls = [(entry["method"], entry["path"]) for entry in api.sim.state.requests()]
    starts = [number for number, call in enumerate(calls) if call == ("GET", "/sources")]
    first_poll = calls[starts[0]:starts[1]]
    metrics = {("GET", f"/pipelines/{item['id']}/metrics") for item in api.call("GET", "/pipelines")["result"]}
    assert first_poll[:3] == [("GET", "/sources"), ("GET", "/destinations"), ("GET", "/pipelines")]
    assert set(first_poll[3:5]) == metrics and first_poll[5:] == [("GET", "/transforms")]


def test_bad_arguments_end_the_source_with_every_problem_named_and_no_credential(plugin):
    async def start(given: dict[str, t.Any]) -> str:
        with pytest.raises(Exception) as failure:
            await plugin["main"](asyncio.Queue(), given)
        return str(failure.value)

    message = asyncio.run(start({"access_token": "tok-Secret-1", "interval": "often", "kinds": ["sources", "tables"],
                                 "colour": "red"}))
    assert "colour" in message and "interval" in message and "tables" in message
    assert "tok-Secret-1" not in message
    assert "interval must be between 1 and 300 seconds (got 0.1)" in asyncio.run(start({"access_token": "t", "interval": 0.1}))
    assert "No Streamkap credentials" in asyncio.run(start({}))


# --- faults: the plugin's run() with a sleep the test steps, so that each poll is one step ---

class Stepper:
    """The source's sleep: it records each delay asked for and returns when the test lets the next poll run."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self._permits: asyncio.Queue = asyncio.Queue()
        self._slept: asyncio.Queue = asyncio.Queue()

    async def sleep(self, delay: float) -> None:
        self.delays.append(delay)
        await self._slept.put(None)
        await self._permits.get()

    async def done(self) -> None:
        """Wait until the poll under way is over (the source sleeps)."""
        await asyncio.wait_for(self._slept.get(), 60)

    async def poll(self) -> None:
        """Let one poll run, and wait until it is over."""
        await self._permits.put(None)
        await self.done()


class Stepped:
    """The plugin's run(queue, watcher) with the watcher main() builds, one poll per step."""

    def __init__(self, plugin: dict[str, t.Any], given: dict[str, t.Any]) -> None:
        watcher = plugin["watch_module"]().watcher_from_args(given, on_retry=logging.getLogger(
            "streamkap.cloud.streamkap_events").info)
        self.queue: asyncio.Queue = asyncio.Queue()
        self.stepper = Stepper()
        self.task = asyncio.ensure_future(plugin["run"](self.queue, watcher, sleep=self.stepper.sleep))

    def drain(self) -> list[Event]:
        fresh = []
        while not self.queue.empty():
            fresh.append(self.queue.get_nowait())
        return fresh

    async def first(self) -> list[Event]:
        await self.stepper.done()
        return self.drain()

    async def poll(self) -> list[Event]:
        await self.stepper.poll()
        return self.drain()

    async def stop(self) -> None:
        self.task.cancel()
        try:
            await self.task
        except asyncio.CancelledError:
            pass


def fault(api: Api, **rule: t.Any) -> None:
    api.hook("POST", "faults", json=rule)


def clear_faults(api: Api) -> None:
    api.hook("DELETE", "faults")


def test_5xx_429_and_timeouts_make_no_false_recovered_or_deleted_and_polls_back_off(plugin, api, caplog):
    caplog.set_level(logging.INFO, logger="streamkap.cloud.streamkap_events")
    orders, billing = api.source("orders"), api.source("billing")
    warehouse, spare = api.destination("warehouse"), api.destination("spare")
    pipeline = api.pipeline("orders-to-warehouse", orders, warehouse)
    lag(api, pipeline, 5000)
    broken(api, "sources", orders)
    given = args(api, max_lag=1000, retries=1, retry_max_delay=0.05, request_timeout=1, kinds=["sources", "destinations", "pipelines"])

    async def scenario() -> list[float]:
        source = Stepped(plugin, given)
        try:
            assert await source.first() == [
                event("unhealthy", "source", orders, "Broken", None, [BROKEN_PROBLEM]),
                event("unhealthy", "pipeline", pipeline, "Active", None, ["records lag is 5000 records, over max_lag 1000"],
                      lag=5000, latency=50)]
            # 5xx on the sources list: the source mended and the other one deleted meanwhile are not seen yet.
            fault(api, kind="status", status=503, method="GET", path="/sources")
            broken(api, "sources", orders, broken=False)
            api.call("DELETE", f"/sources/{billing['id']}")
            assert await source.poll() == []
            assert await source.poll() == []
            # 429 on the pipeline's metrics: the sources are read again, the pipeline is left as it was.
            clear_faults(api)
            fault(api, kind="status", status=429, retry_after=0.05, method="GET", path=f"/pipelines/{pipeline['id']}/metrics")
            lag(api, pipeline, 10)
            assert await source.poll() == [event("recovered", "source", orders, "Active", "Broken"),
                                           event("deleted", "source", billing, None, "Active")]
            # The destinations list times out: the deleted spare is not seen yet; the pipeline's metrics are read again.
            clear_faults(api)
            fault(api, kind="latency", seconds=1.5, method="GET", path="/destinations")
            api.call("DELETE", f"/destinations/{spare['id']}")
            assert await source.poll() == [event("recovered", "pipeline", pipeline, "Active", "Active", lag=10, latency=50)]
            clear_faults(api)
            assert await source.poll() == [event("deleted", "destination", spare, None, "Active")]
            assert await source.poll() == []
            return source.stepper.delays
        finally:
            await source.stop()

    delays = asyncio.run(scenario())
    # A failed poll doubles the wait before the next; a good one goes back to the interval.
    assert delays == [1, 2, 4, 8, 16, 1, 1]
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any("reading the sources failed" in line and "503" in line for line in warnings)
    assert any("metrics of 1 pipeline(s) could not be read" in line for line in warnings)
    assert any("reading the destinations failed" in line for line in warnings)
    retries = [record.getMessage() for record in caplog.records if record.levelno == logging.INFO]
    assert any("HTTP 429" in line and "retry 1 of 1" in line for line in retries)
    assert all(api.sim.settings.access_token not in record.getMessage() for record in caplog.records)


def test_an_expiring_token_is_renewed_and_a_rejected_one_makes_no_event_and_is_never_logged(plugin, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="streamkap.cloud.streamkap_events")
    with running_simulator(token_ttl=1) as sim:
        api = Api(sim)
        orders = api.source("orders")

        async def renewed() -> None:
            # The credentials from the environment, as the modules take them.
            monkeypatch.setenv("STREAMKAP_CLIENT_ID", sim.settings.client_id)
            monkeypatch.setenv("STREAMKAP_CLIENT_SECRET", sim.settings.client_secret)
            source = Stepped(plugin, {"api_url": sim.url, "interval": 1, "retries": 0, "kinds": ["sources"]})
            try:
                assert await source.first() == []
                await asyncio.sleep(1.2)  # the access token expires
                broken(api, "sources", orders)
                assert await source.poll() == [event("unhealthy", "source", orders, "Broken", "Active", [BROKEN_PROBLEM])]
                assert source.stepper.delays == [1, 1]
            finally:
                await source.stop()

        async def rejected() -> None:
            source = Stepped(plugin, {"api_url": sim.url, "access_token": "tok-Rev0ked-77", "interval": 1, "retries": 0})
            try:
                assert await source.first() == []
                broken(api, "sources", orders, broken=False)
                assert await source.poll() == []
                assert source.stepper.delays == [2, 4]
            finally:
                await source.stop()

        asyncio.run(renewed())
        assert any(entry["path"] == "/auth/access-token/refresh" for entry in sim.state.requests())
        asyncio.run(rejected())
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings and all("401" in line for line in warnings)
    for record in caplog.records:
        for secret in ("tok-Rev0ked-77", "demo-client-secret"):
            assert secret not in record.getMessage()


def test_the_plugin_runs_from_an_installed_collection_outside_ansible(tmp_path):
    """ansible-rulebook runs the file with runpy, without Ansible's collection loader: the plugin finds its own
    collection's module_utils from where it is installed."""
    import subprocess
    import sys

    from tests.eda.conftest import ROOT

    installed = ROOT / "build" / "collections" / "ansible_collections" / "streamkap" / "cloud"
    plugin = installed / "extensions" / "eda" / "plugins" / "event_source" / "streamkap_events.py"
    assert plugin.is_file(), "run `make install` first"
    code = ("import runpy, sys; plugin = runpy.run_path(sys.argv[1]); watch = plugin['watch_module'](); "
            "print(watch.__file__); print(watch.watcher_from_args({'access_token': 't'}).describe())")
    done = subprocess.run([sys.executable, "-c", code, str(plugin)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env={"PATH": "/usr/bin:/bin"}, check=False)
    assert done.returncode == 0, done.stderr
    where, described = done.stdout.splitlines()
    assert where == str(installed / "plugins" / "module_utils" / "watch.py")
    assert described == "watching the sources, destinations, pipelines, transforms of https://api.streamkap.com every 30 s"


def test_run_survives_an_unexpected_error_of_a_poll(plugin, caplog):
    class Exploding:
        spec = plugin["watch_module"]().WatchSpec(("sources",), plugin["watch_module"]().Scope(), None, 1.0, True)

        class client:  # noqa: N801  # the attribute the plugin reads
            @staticmethod
            def redact(text: str) -> str:
                return text.replace("s3cret", "********")

        @staticmethod
        def poll() -> t.Any:
            raise RuntimeError("token s3cret was refused")

    async def scenario() -> list[float]:
        stepper = Stepper()
        task = asyncio.ensure_future(plugin["run"](asyncio.Queue(), Exploding(), sleep=stepper.sleep))
        await stepper.done()
        await stepper.poll()
        task.cancel()
        return stepper.delays

    assert asyncio.run(scenario()) == [2, 4]
    messages = [record.getMessage() for record in caplog.records]
    assert any("the poll failed unexpectedly: RuntimeError: token ******** was refused" in line for line in messages)
    assert not any("s3cret" in line for line in messages)
