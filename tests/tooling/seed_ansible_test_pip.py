"""Pre-seed ansible-test's cached pip bootstrap script so `--venv` mode works offline.

ansible-test bootstraps pip into every virtual environment it creates by downloading
`get-pip-<version>.py` from ci-files.testing.ansible.com, a host this project's CI cannot
reach (only package registries are reachable). It first looks in
~/.ansible/test/cache/get_pip_<version>.py, so we place a small stand-in there: it installs
pip from the interpreter's bundled ensurepip wheel in a child process, then upgrades to the
requested pip version from the package index that *is* reachable.
"""
from __future__ import annotations

import os
import sys
import types
from pathlib import Path

STAND_IN = '''\
"""Stand-in for get-pip.py, written by tests/tooling/seed_ansible_test_pip.py."""
import subprocess
import sys

# get-pip.py options that plain `pip install` does not understand.
GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}

args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
# A child process: ensurepip must not run inside the interpreter that is being bootstrapped.
subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True)
sys.exit(subprocess.run([sys.executable, "-m", "pip", "install", *args], check=False).returncode)
'''


def required_pip_version() -> str:
    """Ask the installed ansible-test which pip version it bootstraps."""
    from ansible_test._internal.python_requirements import get_venv_packages

    python = types.SimpleNamespace(version=f"{sys.version_info.major}.{sys.version_info.minor}")
    return get_venv_packages(python)["pip"]


def main() -> int:
    version = required_pip_version()
    cache = Path(os.path.expanduser("~/.ansible/test/cache"))
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"get_pip_{version.replace('.', '_')}.py"
    target.write_text(STAND_IN, encoding="utf-8")
    print(f"seeded {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
