"""Release hygiene: the collection's version, its changelog and its README agree with what it ships.

- galaxy.yml's version is at least the newest `version_added` of any plugin or role option, so a
  release never documents a feature as added in a later version than its own;
- changelog fragments are never left waiting while galaxy.yml names a version already released
  (they would be released under a version that is out already, or never);
- the README's Contents table names every module in plugins/modules/, every role in roles/, every event source
  plugin in extensions/eda/plugins/event_source/ and every rulebook in extensions/eda/rulebooks/, and nothing else
  of the collection's own.
"""
from __future__ import annotations

import ast
import re
import typing as t
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = "streamkap.cloud"
# The plugin docstrings that carry version_added (DOCUMENTATION of modules and doc fragments, RETURN).
DOC_VARIABLES = ("DOCUMENTATION", "RETURN")


def galaxy_version(root: Path = ROOT) -> Version:
    return Version(str(yaml.safe_load((root / "galaxy.yml").read_text(encoding="utf-8"))["version"]))


def versions_added(data: t.Any, where: str) -> t.Iterator[tuple[str, str]]:
    """Every version_added in a loaded document, with where it is (`where` then the keys leading to it)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "version_added" and not isinstance(value, (dict, list)):
                yield where, str(value)
            else:
                yield from versions_added(value, f"{where}.{key}")
    elif isinstance(data, list):
        for number, item in enumerate(data):
            yield from versions_added(item, f"{where}[{number}]")


def plugin_docs(path: Path) -> t.Iterator[tuple[str, t.Any]]:
    """The documentation strings of a plugin file (module level or in a doc fragment class), loaded."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in DOC_VARIABLES:
                    yield target.id, yaml.safe_load(node.value.value)


def collection_versions_added(root: Path = ROOT) -> list[tuple[str, str]]:
    """(where, version) of every version_added in plugins/ and in the roles' argument specs."""
    found: list[tuple[str, str]] = []
    for path in sorted((root / "plugins").rglob("*.py")):
        for name, doc in plugin_docs(path):
            found.extend(versions_added(doc, f"{path.relative_to(root)}:{name}"))
    for path in sorted(root.glob("roles/*/meta/argument_specs.y*ml")):
        found.extend(versions_added(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(root))))
    return found


def released_versions(root: Path = ROOT) -> set[Version]:
    changes = yaml.safe_load((root / "changelogs" / "changelog.yaml").read_text(encoding="utf-8")) or {}
    return {Version(str(version)) for version in (changes.get("releases") or {})}


def unreleased_fragments(root: Path = ROOT) -> list[str]:
    fragments = root / "changelogs" / "fragments"
    return sorted(path.name for path in fragments.iterdir() if path.suffix in (".yml", ".yaml")) if fragments.is_dir() else []


def contents_table(readme: str) -> list[str]:
    """The first cells of the rows of the README's Contents table."""
    section = re.search(r"^## Contents\n(.*?)(?=^## )", readme, flags=re.M | re.S)
    assert section, "README.md has no '## Contents' section"
    rows = [line for line in section.group(1).splitlines() if line.startswith("|")]
    return [row.split("|")[1].strip() for row in rows[2:]]  # past the header and the |---| line


# What a cell names, by the word after its names; a cell without one names modules.
CELL_KINDS = {"(role)": "roles", "(event source)": "event sources", "(rulebook)": "rulebooks"}
KINDS = ("modules", *CELL_KINDS.values())


def listed_names(cells: t.Iterable[str]) -> dict[str, set[str]]:
    """The names in the cells by kind: `streamkap.cloud.x` or `x` in backquotes; a cell saying (role), (event source) or
    (rulebook) names those, any other modules."""
    listed: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for cell in cells:
        names = {name.removeprefix(f"{COLLECTION}.") for name in re.findall(r"`([A-Za-z0-9_.]+)`", cell)
                 if name.startswith(f"{COLLECTION}.") or "." not in name}
        listed[next((kind for word, kind in CELL_KINDS.items() if word in cell), "modules")].update(names)
    return listed


def shipped_names(root: Path) -> dict[str, set[str]]:
    """What the collection ships of each kind the Contents table lists."""
    eda = root / "extensions" / "eda"
    return {
        "modules": {path.stem for path in (root / "plugins" / "modules").glob("*.py") if path.stem != "__init__"},
        "roles": {path.name for path in (root / "roles").iterdir() if path.is_dir()},
        "event sources": {path.stem for path in (eda / "plugins" / "event_source").glob("*.py") if path.stem != "__init__"},
        "rulebooks": {path.stem for path in (eda / "rulebooks").glob("*.yml")},
    }


# --- the checks, as functions of a collection root (tested on a copy below) ---

def versions_ahead_of_galaxy(root: Path = ROOT) -> list[str]:
    current = galaxy_version(root)
    return [f"{where}: version_added {version}" for where, version in collection_versions_added(root) if Version(version) > current]


def fragments_after_release(root: Path = ROOT) -> list[str]:
    return unreleased_fragments(root) if galaxy_version(root) in released_versions(root) else []


def contents_gaps(root: Path = ROOT) -> dict[str, set[str]]:
    listed = listed_names(contents_table((root / "README.md").read_text(encoding="utf-8")))
    shipped = shipped_names(root)
    gaps = {}
    for kind in KINDS:
        gaps[f"{kind} not in the table"] = shipped[kind] - listed[kind]
        # A module cell may name other collections' modules or plain words; only streamkap_ names are the collection's.
        unshipped = listed[kind] - shipped[kind]
        gaps[f"{kind} in the table the collection does not ship"] = (
            {name for name in unshipped if name.startswith("streamkap_")} if kind == "modules" else unshipped)
    return gaps


def test_galaxy_version_is_not_older_than_any_version_added() -> None:
    ahead = versions_ahead_of_galaxy()
    assert not ahead, (
        f"galaxy.yml says version {galaxy_version()}, but the collection documents {len(ahead)} newer additions, "
        f"for example {ahead[:3]}. Set galaxy.yml's version to the release they belong to."
    )


def test_no_changelog_fragment_waits_while_galaxy_names_a_released_version() -> None:
    waiting = fragments_after_release()
    assert not waiting, (
        f"galaxy.yml's version {galaxy_version()} is already released (changelogs/changelog.yaml), yet these "
        f"fragments wait in changelogs/fragments/: {waiting}. Set galaxy.yml to the next version, and release it."
    )


def test_the_readme_contents_table_lists_every_module_role_event_source_and_rulebook() -> None:
    gaps = {what: sorted(names) for what, names in contents_gaps().items() if names}
    assert not gaps, f"README.md's Contents table and the collection disagree: {gaps}"


# --- the checks catch what they are for ---

@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """A minimal collection root: galaxy.yml, one module, one role, a changelog, a README."""
    (tmp_path / "plugins" / "modules").mkdir(parents=True)
    (tmp_path / "plugins" / "modules" / "streamkap_thing.py").write_text(
        'DOCUMENTATION = r"""\nmodule: streamkap_thing\nversion_added: 1.0.0\noptions:\n  size:\n    type: int\n'
        '    version_added: 1.1.0\n"""\nRETURN = r"""\nthing:\n  version_added: 1.0.0\n"""\n')
    (tmp_path / "roles" / "fleet" / "meta").mkdir(parents=True)
    (tmp_path / "roles" / "fleet" / "meta" / "argument_specs.yml").write_text("argument_specs:\n  main:\n    options: {}\n")
    (tmp_path / "changelogs" / "fragments").mkdir(parents=True)
    (tmp_path / "changelogs" / "changelog.yaml").write_text("ancestor: null\nreleases:\n  1.0.0:\n    changes: {}\n")
    (tmp_path / "galaxy.yml").write_text("namespace: streamkap\nname: cloud\nversion: 1.1.0\n")
    (tmp_path / "extensions" / "eda" / "plugins" / "event_source").mkdir(parents=True)
    (tmp_path / "extensions" / "eda" / "plugins" / "event_source" / "watcher.py").write_text("")
    (tmp_path / "extensions" / "eda" / "rulebooks").mkdir(parents=True)
    (tmp_path / "extensions" / "eda" / "rulebooks" / "heal.yml").write_text("")
    (tmp_path / "README.md").write_text(
        "# x\n\n## Contents\n\n| name | what |\n|---|---|\n| `streamkap.cloud.streamkap_thing` | a module |\n"
        "| `streamkap.cloud.fleet` (role) | a role |\n| `streamkap.cloud.watcher` (event source) | events |\n"
        "| `streamkap.cloud.heal` (rulebook) | an example |\n| `awx/` | not a plugin |\n\n## Install\n")
    return tmp_path


def test_a_version_added_newer_than_galaxy_is_found_in_options_and_role_specs(collection: Path) -> None:
    assert versions_ahead_of_galaxy(collection) == []
    (collection / "galaxy.yml").write_text("version: 1.0.0\n")
    assert versions_ahead_of_galaxy(collection) == [
        "plugins/modules/streamkap_thing.py:DOCUMENTATION.options.size: version_added 1.1.0"]
    (collection / "roles" / "fleet" / "meta" / "argument_specs.yml").write_text(
        "argument_specs:\n  main:\n    options:\n      count:\n        type: int\n        version_added: 1.2.0\n")
    assert versions_ahead_of_galaxy(collection)[-1] == "roles/fleet/meta/argument_specs.yml.argument_specs.main.options.count: version_added 1.2.0"


def test_fragments_fail_only_while_galaxy_names_a_released_version(collection: Path) -> None:
    (collection / "changelogs" / "fragments" / "new-thing.yml").write_text("minor_changes:\n  - thing.\n")
    assert fragments_after_release(collection) == []  # 1.1.0 is not released yet: the fragment waits for it
    (collection / "galaxy.yml").write_text("version: 1.0.0\n")
    assert fragments_after_release(collection) == ["new-thing.yml"]
    (collection / "changelogs" / "fragments" / "new-thing.yml").unlink()
    assert fragments_after_release(collection) == []


def test_a_module_or_role_missing_from_the_contents_table_is_found(collection: Path) -> None:
    assert not any(contents_gaps(collection).values())
    (collection / "plugins" / "modules" / "streamkap_things.py").write_text("")
    (collection / "roles" / "stack").mkdir()
    readme = collection / "README.md"
    readme.write_text(readme.read_text().replace("| `awx/`", "| `streamkap.cloud.streamkap_gone` | removed |\n| `awx/`"))
    gaps = contents_gaps(collection)
    assert gaps["modules not in the table"] == {"streamkap_things"}
    assert gaps["roles not in the table"] == {"stack"}
    assert gaps["modules in the table the collection does not ship"] == {"streamkap_gone"}


def test_an_event_source_or_rulebook_missing_from_the_contents_table_is_found(collection: Path) -> None:
    eda = collection / "extensions" / "eda"
    (eda / "plugins" / "event_source" / "poller.py").write_text("")
    (eda / "rulebooks" / "notify.yml").write_text("")
    (eda / "rulebooks" / "heal.yml").unlink()
    gaps = contents_gaps(collection)
    assert gaps["event sources not in the table"] == {"poller"}
    assert gaps["rulebooks not in the table"] == {"notify"}
    assert gaps["rulebooks in the table the collection does not ship"] == {"heal"}


def test_two_modules_in_one_cell_both_count() -> None:
    listed = listed_names(["`streamkap.cloud.streamkap_tag`, `streamkap_tag_info`", "`streamkap.cloud.sources` (role)"])
    assert (listed["modules"], listed["roles"]) == ({"streamkap_tag", "streamkap_tag_info"}, {"sources"})
