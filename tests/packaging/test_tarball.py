"""The collection tarball as `ansible-galaxy collection build` makes it: what users install.

The tarball is built from a copy of the tracked files, with local state planted next to them
(the venvs, caches, build output and state files a working tree collects), so every build_ignore
entry of galaxy.yml is exercised.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

# Local state a working tree or CI run leaves behind; none of it may ship.
PLANTED = [
    ".venv/bin/python",
    ".tox/core2.16/pyvenv.cfg",
    ".nox/core/pyvenv.cfg",
    ".ansible/collections/x.txt",
    ".cache/pip/x.txt",
    ".pytest_cache/README.md",
    ".hypothesis/examples/x",
    "build/collections/ansible_collections/streamkap/cloud/galaxy.yml",
    "build/docs/index.html",
    "dist/streamkap-cloud-0.9.0.tar.gz",
    "collections/ansible_collections/streamkap/cloud",
    "tests/output/junit/x.xml",
    "streamkap-cloud-0.9.0.tar.gz",
    ".sim-state-8000.json",
    "tests/simulator/.sim-state-1.json",
    "plugins/module_utils/__pycache__/client.cpython-311.pyc",
    "changelogs/.plugin-cache.yaml",
]
NEVER_SHIPPED_PREFIXES = (".git/", ".ci/", ".venv/", ".tox/", ".nox/", ".ansible/", ".cache/", ".pytest_cache/",
                          ".hypothesis/", "build/", "dist/", "collections/", "tests/output/")

MUST_SHIP = [
    "MANIFEST.json",
    "FILES.json",
    "README.md",
    "COPYING",
    "CHANGELOG.rst",
    "changelogs/changelog.yaml",
    "requirements.txt",
    "bindep.txt",
    "meta/runtime.yml",
    "meta/execution-environment.yml",
    "plugins/modules/streamkap_source.py",
    "plugins/modules/streamkap_source_info.py",
    "plugins/module_utils/client.py",
    "plugins/doc_fragments/auth.py",
    "plugins/doc_fragments/attributes.py",
    "roles/sources/tasks/main.yml",
    "roles/sources/meta/argument_specs.yml",
    "awx/credential_type.yml",
    "docs/getting-started.md",
    "docs/docsite/links.yml",
    "docs/docsite/extra-docs.yml",
    "docs/docsite/rst/guides.rst",
]


def tracked_files() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                             capture_output=True, check=True, text=True).stdout
    return [name for name in listing.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> tarfile.TarFile:
    source = tmp_path_factory.mktemp("source")
    for name in tracked_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    for name in PLANTED:
        planted = source / name
        planted.parent.mkdir(parents=True, exist_ok=True)
        planted.write_text("local state\n", encoding="utf-8")
    output = tmp_path_factory.mktemp("dist")
    subprocess.run([str(VENV_BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(output), str(source)],
                   check=True, capture_output=True, text=True)
    built = list(output.glob("streamkap-cloud-*.tar.gz"))
    assert len(built) == 1, built
    with tarfile.open(built[0]) as archive:
        yield archive


@pytest.fixture(scope="module")
def names(tarball: tarfile.TarFile) -> set[str]:
    return {member.name for member in tarball.getmembers() if member.isfile()}


@pytest.mark.parametrize("name", MUST_SHIP)
def test_ships(names: set[str], name: str) -> None:
    assert name in names


@pytest.mark.parametrize("name", PLANTED)
def test_local_state_stays_out(names: set[str], name: str) -> None:
    assert name not in names


def test_nothing_from_build_caches_or_vcs(names: set[str]) -> None:
    leaked = sorted(name for name in names
                    if name.startswith(NEVER_SHIPPED_PREFIXES) or name.endswith((".pyc", ".tar.gz"))
                    or "/__pycache__/" in name or ".sim-state" in name)
    assert leaked == []


def test_every_tracked_collection_file_ships(names: set[str]) -> None:
    """Nothing the collection needs is dropped by a too-wide ignore pattern."""
    shipped_trees = ("plugins/", "roles/", "meta/", "docs/", "awx/", "changelogs/fragments/")
    expected = {name for name in tracked_files() if name.startswith(shipped_trees)}
    assert sorted(expected - names) == []


def test_manifest_carries_galaxy_metadata(tarball: tarfile.TarFile) -> None:
    manifest = json.load(tarball.extractfile("MANIFEST.json"))["collection_info"]
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    assert (manifest["namespace"], manifest["name"], manifest["version"]) == ("streamkap", "cloud", galaxy["version"])
    for link in ("repository", "documentation", "homepage", "issues"):
        assert manifest[link].startswith("https://"), link
    assert {"streamkap", "cdc", "cloud"} <= set(manifest["tags"])
    assert manifest["license"] == ["GPL-3.0-or-later"]
