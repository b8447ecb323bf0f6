"""The Python versions tests/config.yml declares for the modules are the ones their code needs.

ansible-test only compiles and imports the modules on the Python it runs (3.11 here), so vermin
checks the declared minimum: no syntax or standard library use newer than it in plugins/.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def declared_minimum() -> str:
    config = yaml.safe_load((ROOT / "tests" / "config.yml").read_text(encoding="utf-8"))
    match = re.fullmatch(r">=\s*(3\.\d+)", config["modules"]["python_requires"])
    assert match, config["modules"]["python_requires"]
    return match.group(1)


def test_plugins_run_on_the_declared_minimum() -> None:
    minimum = declared_minimum()
    # Annotations are not evaluated (every file has `from __future__ import annotations`).
    check = subprocess.run([str(VENV_BIN / "vermin"), "--no-tips", "--violations", f"-t={minimum}-",
                            "--no-parse-comments", str(ROOT / "plugins")],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_declared_minimum_is_the_real_one() -> None:
    """Declaring an older Python than the code needs would fail above; a newer one undersells it."""
    minimum = declared_minimum()
    check = subprocess.run([str(VENV_BIN / "vermin"), "--no-tips", "--no-parse-comments", str(ROOT / "plugins")],
                           capture_output=True, text=True, check=True)
    needed = re.search(r"Minimum required versions: (\S+)", check.stdout)
    assert needed and needed.group(1) == minimum, check.stdout


def test_every_plugin_defers_annotations() -> None:
    missing = [str(path.relative_to(ROOT)) for path in (ROOT / "plugins").rglob("*.py")
               if "from __future__ import annotations" not in path.read_text(encoding="utf-8")]
    assert missing == []
