#!/usr/bin/env bash
# ansible-test sanity (no ignore files) through ansible_test.sh, with pip's chatter from the
# per-test venvs filtered out; ansible-test's exit code still counts.
# Usage: tests/tooling/sanity.sh --venv --python 3.11 [...]
set -euo pipefail
"$(dirname "$0")/ansible_test.sh" sanity "$@" 2>&1 \
  | { grep -vE '^(Looking in|Processing|Collecting|Downloading|Installing|Attempting|  |Successfully|Requirement|WARNING: Location)' || true; }
