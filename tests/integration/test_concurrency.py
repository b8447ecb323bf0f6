"""Many forks at once under faults: 25 hosts (forks=25) create 20 distinct sources and race 5 times
on one name, while the simulator answers 10% of requests 503, 10% 429 and drops 3 committed creates.
Every host converges, each name exists exactly once, and a second pass changes and writes nothing.
"""
from __future__ import annotations

import json
import re
import subprocess
import time
from collections import Counter
from pathlib import Path

from tests.integration.conftest import PLAYBOOKS, POSTGRES_CONFIG, _ansible_env
from tests.support import VENV_BIN

DISTINCT_HOSTS = [f"h{number:02d}" for number in range(1, 21)]
RACING_HOSTS = [f"race{number}" for number in range(1, 6)]
SHARED_NAME = "conc-shared"
PASSWORD = "pg-Concurrent-4b7e19"
CONFIG = POSTGRES_CONFIG
HOST_RECAP = re.compile(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)
FAULTS = [
    # Listed first, so the first three creates to arrive are applied and their answers lost.
    {"kind": "commit_then_drop", "method": "POST", "path": "/sources", "count": 3},
    {"kind": "status", "status": 503, "probability": 0.1},
    {"kind": "status", "status": 429, "retry_after": 0.2, "probability": 0.1},
]


def source_name(host: str) -> str:
    return SHARED_NAME if host in RACING_HOSTS else f"conc-{host}"


def write_inventory(directory: Path) -> Path:
    hosts = {
        host: {"steps": [{"name": source_name(host), "connector": "postgresql", "config": CONFIG}]}
        for host in DISTINCT_HOSTS + RACING_HOSTS
    }
    inventory = directory / "inventory.json"
    inventory.write_text(json.dumps({"all": {"hosts": hosts, "vars": {"ansible_connection": "local"}}}), encoding="utf-8")
    return inventory


def run_all_hosts(sim, inventory: Path) -> tuple[str, dict[str, tuple[int, int]]]:
    """One ansible-playbook run over every host at once; (output, {host: (changed, failed)})."""
    variables = {"secret_config": {"database.password": PASSWORD}, "retries": 10, "retry_max_delay": 0.5}
    command = [str(VENV_BIN / "ansible-playbook"), str(PLAYBOOKS / "resilient.yml"), "-i", str(inventory),
               "-f", str(len(DISTINCT_HOSTS + RACING_HOSTS)), "-e", json.dumps(variables)]
    env = _ansible_env(sim.url, "client", None)
    completed = subprocess.run(command, env=env, cwd=inventory.parent, capture_output=True, text=True,
                               timeout=120, check=False)
    output = completed.stdout + completed.stderr
    recap = {match[0]: (int(match[2]), int(match[4])) for match in HOST_RECAP.findall(output)}
    return output, recap


def live_names(sim) -> Counter:
    with sim.state.lock:
        return Counter(record["name"] for record in sim.state.sources.values() if not record.get("deleted_at"))


def test_parallel_runs_under_faults_converge_without_duplicates(sim, tmp_path):
    inventory = write_inventory(tmp_path)
    for rule in FAULTS:
        sim.hook("POST", "faults", json=rule)

    started = time.monotonic()
    output, recap = run_all_hosts(sim, inventory)
    first_pass_seconds = time.monotonic() - started

    assert set(recap) == set(DISTINCT_HOSTS + RACING_HOSTS), output
    assert all(failed == 0 for _changed, failed in recap.values()), output
    assert all(recap[host][0] == 1 for host in DISTINCT_HOSTS), output
    # Exactly one source per name, whatever was dropped, refused or raced.
    assert live_names(sim) == Counter({source_name(host): 1 for host in DISTINCT_HOSTS} | {SHARED_NAME: 1})
    log = sim.requests_log()
    seen = Counter(entry.get("fault") if entry.get("fault") != "status" else entry["status"] for entry in log if "fault" in entry)
    assert seen["commit_then_drop"] == 3
    assert seen[503] > 0 and seen[429] > 0
    losers = [entry for entry in log if entry["method"] == "POST" and entry["status"] == 422]
    print(f"\nconcurrency first pass: {first_pass_seconds:.1f} s, {len(log)} requests, faults {dict(seen)}, "
          f"{len(losers)} creates answered 422 already exists")

    sim.clear_log()
    output, recap = run_all_hosts(sim, inventory)

    assert set(recap) == set(DISTINCT_HOSTS + RACING_HOSTS), output
    assert all(recap[host] == (0, 0) for host in recap), output
    assert sim.writes() == []
