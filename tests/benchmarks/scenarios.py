"""Module-level benchmarks: HTTP requests per run, CPU, peak memory, imports, and lookups at scale.

Each run is one module process (see modrun.py) against the simulator process; the requests it made
are read back from the simulator's request log (/_sim/requests), cleared before every run.
"""
from __future__ import annotations

import statistics
import typing as t
from dataclasses import dataclass, field

from tests.benchmarks.modrun import ProcessRun, run_module, run_python
from tests.benchmarks.sim import CLIENT_ID, CLIENT_SECRET, STATIC_TOKEN, BenchSimulator, LoggedRequest
from tests.simulator.connectors import SAMPLE_CONFIGS

CONNECTOR = "postgresql"
# What the simulator's seed hook gives every postgresql source.
SEEDED_CONFIG: dict[str, t.Any] = dict(SAMPLE_CONFIGS[CONNECTOR])
# A no-op task states the keys it manages, the password included (withheld by the API: not compared).
NOOP_CONFIG = dict(SEEDED_CONFIG)
# Shared by the 10,000 sources of the worst case: every one of them contains the looked-up name.
LONG_COMMON_NAME = "eu-west-1-production-orders-postgresql-cdc-replica"


@dataclass
class Sample:
    """Repeated measurements of one scenario."""

    label: str
    runs: list[ProcessRun] = field(default_factory=list)
    requests: list[list[LoggedRequest]] = field(default_factory=list)
    note: str = ""

    def add(self, run: ProcessRun, logged: list[LoggedRequest]) -> None:
        self.runs.append(run)
        self.requests.append(logged)

    @property
    def wall_s(self) -> float:
        return statistics.median(run.wall_s for run in self.runs)

    @property
    def cpu_s(self) -> float:
        return statistics.median(run.cpu_s for run in self.runs)

    @property
    def max_rss_mib(self) -> float:
        return statistics.median(run.max_rss_mib for run in self.runs)

    @property
    def request_counts(self) -> list[int]:
        return [len(logged) for logged in self.requests]

    @property
    def typical_requests(self) -> list[LoggedRequest]:
        """The request list of the median run (they are identical run to run unless something is off)."""
        counts = self.request_counts
        median = sorted(counts)[len(counts) // 2]
        return self.requests[counts.index(median)]


@dataclass(frozen=True)
class Target:
    """A request-count target: at most `api` API calls plus at most `auth` token calls."""

    label: str
    api: int
    auth: int

    def met_by(self, logged: list[LoggedRequest]) -> bool:
        auth = sum(1 for request in logged if request.is_auth)
        return auth <= self.auth and len(logged) - auth <= self.api


def auth_args(sim: BenchSimulator, auth: str) -> dict[str, t.Any]:
    if auth == "token":
        return {"api_url": sim.url, "access_token": STATIC_TOKEN}
    return {"api_url": sim.url, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}


def measured_run(sim: BenchSimulator, sample: Sample, args: dict[str, t.Any], check_changed: bool | None = None) -> ProcessRun:
    sim.clear_log()
    run = run_module(args)
    result = run.check_ok(sample.label)
    if check_changed is not None and bool(result.get("changed")) != check_changed:
        calls = ", ".join(request.describe() for request in sim.logged_requests())
        raise RuntimeError(f"{sample.label}: expected changed={check_changed}, got {result.get('changed')} (requests: {calls})")
    sample.add(run, sim.logged_requests())
    return run


# --- 1. requests per module run ---

REQUEST_TARGETS = {
    "no-op, access token": Target("1", api=1, auth=0),
    "no-op, client credentials": Target("2 (1 + auth)", api=1, auth=1),
    "create, validate_config: true": Target("at most 3 + auth", api=3, auth=1),
    "update, one key drifted": Target("at most 3 + auth", api=3, auth=1),
}


def request_counts(sim: BenchSimulator, repetitions: int) -> list[Sample]:
    """The four cases of the request-count targets, `repetitions` runs each, interleaved."""
    sim.reset()
    existing, drifting = "bench-req-1", "bench-req-2"
    sim.seed(2, "bench-req-")
    samples = {label: Sample(label) for label in REQUEST_TARGETS}
    noop = {"name": existing, "connector": CONNECTOR, "config": NOOP_CONFIG}
    for rep in range(repetitions):
        measured_run(sim, samples["no-op, access token"], {**noop, **auth_args(sim, "token")}, check_changed=False)
        measured_run(sim, samples["no-op, client credentials"], {**noop, **auth_args(sim, "client")}, check_changed=False)
        create = {"name": f"bench-req-new-{rep}", "connector": CONNECTOR, "config": SEEDED_CONFIG, **auth_args(sim, "client")}
        measured_run(sim, samples["create, validate_config: true"], create, check_changed=True)
        drift = {"name": drifting, "config": {"database.port.user.defined": 6000 + rep}, **auth_args(sim, "client")}
        measured_run(sim, samples["update, one key drifted"], drift, check_changed=True)
    return list(samples.values())


# --- 3. lookups at scale ---

@dataclass
class ScaleCase:
    sample: Sample
    sources: int
    matching: int
    correct: bool


def scale_lookups(sim: BenchSimulator, sizes: t.Sequence[int], repetitions: int) -> list[ScaleCase]:
    """A no-op lookup of `scale-1` among `scale-1..N`: partial_name also hits scale-10.., scale-100.., ..."""
    sim.reset()
    cases = []
    seeded: list[str] = []
    for size in sizes:
        seeded += sim.seed(size - len(seeded), "scale-")
        target_id = seeded[0]  # scale-1
        matching = sum(1 for number in range(1, size + 1) if "scale-1" in f"scale-{number}")
        sample = Sample(f"{size:,} sources, {matching:,} match partial_name")
        correct = _repeat_lookup(sim, sample, "scale-1", target_id, repetitions)
        cases.append(ScaleCase(sample, size, matching, correct))
    return cases


def worst_case_lookup(sim: BenchSimulator, size: int, repetitions: int) -> tuple[ScaleCase, bool]:
    """`size` sources named <long name>-1.. plus the one named <long name>: every source matches partial_name.

    Also checks that a name matching every source by substring, but none exactly, is reported absent.
    """
    sim.reset()
    sim.seed(size, f"{LONG_COMMON_NAME}-")
    target = sim.create_source(LONG_COMMON_NAME, SEEDED_CONFIG)
    sample = Sample(f"{size + 1:,} sources, all match partial_name (worst case)")
    correct = _repeat_lookup(sim, sample, LONG_COMMON_NAME, target["id"], repetitions)
    near_miss = run_module({"name": LONG_COMMON_NAME[:-1], "connector": CONNECTOR, "config": SEEDED_CONFIG,
                            "_ansible_check_mode": True, **auth_args(sim, "token")})
    result = near_miss.check_ok("near-miss lookup")
    absent_reported = bool(result.get("changed")) and (result.get("source") or {}).get("id") is None
    return ScaleCase(sample, size + 1, size + 1, correct), absent_reported


def _repeat_lookup(sim: BenchSimulator, sample: Sample, name: str, expected_id: str, repetitions: int) -> bool:
    correct = True
    args = {"name": name, "connector": CONNECTOR, "config": NOOP_CONFIG, **auth_args(sim, "token")}
    for _repetition in range(repetitions):
        run = measured_run(sim, sample, args, check_changed=False)
        source = run.result.get("source") or {}
        correct = correct and source.get("id") == expected_id and source.get("name") == name
    return correct


# --- 4. memory floors ---

def interpreter_floors(repetitions: int) -> list[Sample]:
    """Peak RSS and CPU of a bare interpreter, and of one importing what every module run needs."""
    floors = {
        "python -c pass": "pass",
        "python importing AnsibleModule + requests": "import ansible.module_utils.basic, requests",
    }
    samples = []
    for label, code in floors.items():
        sample = Sample(label)
        for _repetition in range(repetitions):
            sample.add(run_python(code), [])
        samples.append(sample)
    return samples
