#!/usr/bin/env bash
# `make demo`: start the simulator on loopback, run playbooks/demo.yml twice (the first run
# creates the source: changed; the second finds it: ok), then stop the simulator.
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

# The simulator's demo credentials (see tests/simulator/README.md).
export STREAMKAP_API_URL="http://127.0.0.1:${port}"
export STREAMKAP_CLIENT_ID=demo-client-id
export STREAMKAP_CLIENT_SECRET=demo-client-secret

echo "== Run 1: the source does not exist yet, so it is created (changed)"
"$(dirname "$vpy")/ansible-playbook" playbooks/demo.yml
echo "== Run 2: the source exists with the same settings, nothing to do (ok)"
"$(dirname "$vpy")/ansible-playbook" playbooks/demo.yml
