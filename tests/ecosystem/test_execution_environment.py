"""meta/execution-environment.yml: ansible-builder turns it into a build context, and finds the
collection's requirements when the collection is installed into an image. No image is built."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from tests.ecosystem.conftest import COLLECTIONS, ROOT, VENV_BIN

EE_FILE = ROOT / "meta" / "execution-environment.yml"


def builder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VENV_BIN / "ansible-builder"), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def requirement_lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def test_the_definition_names_the_collection_requirement_files() -> None:
    definition = yaml.safe_load(EE_FILE.read_text(encoding="utf-8"))
    assert definition["version"] == 3
    assert definition["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    assert requirement_lines(ROOT / "requirements.txt") and requirement_lines(ROOT / "bindep.txt")


def test_builder_create_writes_a_context_with_the_requirements(tmp_path: Path) -> None:
    # The file's paths are relative to the collection root, where builder finds them too.
    collection_root = tmp_path / "collection"
    collection_root.mkdir()
    for name in ("requirements.txt", "bindep.txt"):
        shutil.copy(ROOT / name, collection_root / name)
    shutil.copy(EE_FILE, collection_root / "execution-environment.yml")
    context = tmp_path / "context"

    created = builder("create", "--file", str(collection_root / "execution-environment.yml"),
                      "--context", str(context), "--output-filename", "Containerfile")

    assert created.returncode == 0, created.stdout + created.stderr
    containerfile = (context / "Containerfile").read_text(encoding="utf-8")
    assert "COPY _build/requirements.txt requirements.txt" in containerfile
    assert "COPY _build/bindep.txt bindep.txt" in containerfile
    assert "--user-pip=requirements.txt --user-bindep=bindep.txt" in containerfile
    for name in ("requirements.txt", "bindep.txt"):
        assert requirement_lines(context / "_build" / name) == requirement_lines(ROOT / name)


def test_builder_introspect_finds_the_installed_collection_requirements(installed_collection: Path) -> None:
    introspected = builder("introspect", "--sanitize", str(COLLECTIONS))

    assert introspected.returncode == 0, introspected.stderr
    found = yaml.safe_load(introspected.stdout)
    collection_lines = {line.split("#")[0].strip() for line in found["python"] + found["system"]
                        if "from collection streamkap.cloud" in line}
    assert collection_lines == set(requirement_lines(ROOT / "requirements.txt") + requirement_lines(ROOT / "bindep.txt"))
