#!/usr/bin/env bash
# `make demo`: start the simulator on loopback, run playbooks/demo.yml twice (the first run
# creates a source, a destination and the pipeline between them: changed; the second finds them
# as asked: ok, no write), then stop the simulator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=${SIM_PORT:-8000}
vpy=${VPY:-$root/.venv/bin/python}
mkdir -p build

"$vpy" -m tests.simulator --port "$port" >build/demo-simulator.log 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true' EXIT

"$vpy" -c "from tests.simulator.harness import wait_until_ready; wait_until_ready('http://127.0.0.1:${port}', 20)"
if ! kill -0 "$sim_pid" 2>/dev/null; then
  echo "The simulator did not start (is port ${port} in use? set SIM_PORT):" >&2
  cat build/demo-simulator.log >&2
  exit 1
fi

# How many writes (POST/PUT/DELETE outside /auth) the simulator has served (its /_sim/stats hook).
api_writes() {
  "$vpy" -c "import json, urllib.request; print(json.load(urllib.request.urlopen('http://127.0.0.1:${port}/_sim/stats'))['writes'])"
}

# The simulator's demo credentials (see tests/simulator/README.md).
export STREAMKAP_API_URL="http://127.0.0.1:${port}"
export STREAMKAP_CLIENT_ID=demo-client-id
export STREAMKAP_CLIENT_SECRET=demo-client-secret

echo "== Run 1: nothing exists yet: the source, the destination and the pipeline are created (changed)"
"$(dirname "$vpy")/ansible-playbook" playbooks/demo.yml
writes_before=$(api_writes)
echo "== Run 2: all three exist as asked, nothing to do (ok, no write)"
"$(dirname "$vpy")/ansible-playbook" playbooks/demo.yml
writes_after=$(api_writes)
echo "== API writes during run 2: $((writes_after - writes_before))"
if [ "$writes_after" -ne "$writes_before" ]; then
  echo "The second run wrote to the API: it should have found everything as asked." >&2
  exit 1
fi
