#!/usr/bin/env bash
# Run ansible-test (sanity, units, ...) from a real ansible_collections/streamkap/cloud tree.
# ansible-test refuses symlinked trees, so the tracked and untracked-but-not-ignored files are
# copied to build/ansible_collections/streamkap/cloud first (a clean-checkout view of the tree).
# Usage: tests/tooling/ansible_test.sh sanity --python 3.11 [...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="${VENV:-$root/.venv}"
# ANSIBLE_TEST_TREE lets runs on several ansible-core versions each use a tree of their own.
dest="${ANSIBLE_TEST_TREE:-$root/build}/ansible_collections/streamkap/cloud"

"$venv/bin/python" "$root/tests/tooling/seed_ansible_test_pip.py" >/dev/null

rm -rf "$dest"
mkdir -p "$dest"
(cd "$root" && git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 cp --parents -t "$dest")

cd "$dest"
# ansible-test lists the collection's files through git when a repository is present.
git init -q . && git add -A >/dev/null
export PATH="$venv/bin:$PATH"
# ansible-test keeps its per-test venvs in ~/.ansible/test, shared by every checkout on the host:
# two runs at once corrupt each other's venvs, so runs take turns.
lock_dir="$HOME/.ansible/test"
mkdir -p "$lock_dir"
exec flock "$lock_dir/.streamkap-run.lock" ansible-test "$@"
