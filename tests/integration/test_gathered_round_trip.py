"""`gathered` applied back changes nothing, whatever the tenant holds: values and names holding Jinja
markers (or text that reads as escaped), and two entities of one name. Both ways docs/fleet.md
gives: the registered result passed on, and the brownfield path (gather, save with to_nice_yaml into
group_vars as the docs show, read back by the stack role) under `replaced` and `overridden`."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.integration.conftest import POSTGRES_CONFIG
from tests.integration.test_destination import SECRETS, SNOWFLAKE_CONFIG

TEMPLATE_KEY = "transforms.SourceRegexSupport.key.field.template"
# The values the tenant holds: Jinja markers of every kind, and text that reads as escaped.
AWKWARD = {
    TEMPLATE_KEY: "{{topic}}-{{table}}",
    "database.dbname": "{% raw %}{{shop}}{% endraw %}",
    "schema.include.list": "streamkap-escaped:%7Bpublic",
    "table.include.list.user.defined": "public.{# x #}orders",
}
SOURCE_CONFIG = dict(POSTGRES_CONFIG, **{"database.password": "rt-Pg-Secret-1"})

# The brownfield path of docs/fleet.md, word for word but for the scope and the kinds gathered.
EXPORT = """
- name: Export the existing stack
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Gather every source named rt-
      streamkap.cloud.streamkap_sources:
        state: gathered
        scope:
          name_prefix: rt-
      register: existing

    - name: Gather every destination named rt-
      streamkap.cloud.streamkap_destinations:
        state: gathered
        scope:
          name_prefix: rt-
      register: existing_destinations

    - name: Gather every pipeline named rt-
      streamkap.cloud.streamkap_pipelines:
        state: gathered
        scope:
          name_prefix: rt-
      register: existing_pipelines

    - name: Keep them as the stack's variables
      ansible.builtin.copy:
        content: "{{ {'streamkap_sources': existing.gathered, 'streamkap_destinations': existing_destinations.gathered,
                       'streamkap_pipelines': existing_pipelines.gathered} | to_nice_yaml(indent=2) }}"
        dest: group_vars/all/streamkap_stack.yml
        mode: "0600"
"""
APPLY = """
- name: Apply the stack from now on
  hosts: localhost
  connection: local
  gather_facts: false
  roles:
    - role: streamkap.cloud.stack
      vars:
        streamkap_state: "{{ stack_state }}"
        streamkap_scope:
          name_prefix: rt-
"""
# The registered result passed on, without a file in between.
REGISTERED = """
- name: Gather and apply back
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Gather every source named rt-
      streamkap.cloud.streamkap_sources:
        state: gathered
        scope:
          name_prefix: rt-
      register: existing

    - name: Apply them back
      streamkap.cloud.streamkap_sources:
        state: "{{ stack_state }}"
        config: "{{ existing.gathered }}"
        scope:
          name_prefix: rt-
      register: applied
"""


@pytest.fixture()
def tenant(sim) -> dict[str, Any]:
    """Sources holding awkward values and names, two sources of one name, a destination and a pipeline."""
    made = {
        "values": sim.create_source("rt-values", dict(SOURCE_CONFIG, **AWKWARD)),
        "name": sim.create_source("rt-{{ name }}", SOURCE_CONFIG),
        "twin": sim.create_source("rt-twin", dict(SOURCE_CONFIG, **{"database.dbname": "first"})),
    }
    # The API refuses a second source of one name: put the twin straight into the simulator's state.
    with sim.state.lock:
        twin = copy.deepcopy(sim.state.sources[made["twin"]["id"]])
        twin["id"] = "b" * 24
        twin["config"]["database.dbname"] = "second"
        sim.state.sources[twin["id"]] = twin
    destination = sim.api("POST", "/destinations", json={
        "name": "rt-{% wh %}", "connector": "snowflake",
        "config": {**SNOWFLAKE_CONFIG, "snowflake.schema.name": "{{ schema }}", **SECRETS}})
    pipeline_source = {"id": made["values"]["id"], "name": "rt-values", "connector": "postgresql",
                       "topics": made["values"]["topics"]}
    sim.api("POST", "/pipelines", json={
        "name": "rt-{# orders #}", "source": pipeline_source,
        "destination": {"id": destination["id"], "name": destination["name"], "connector": "snowflake"}})
    return made


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_gathered_vars_file_read_back_by_the_stack_role_changes_nothing(sim, run_playbook, tmp_path: Path, tenant):
    (tmp_path / "group_vars" / "all").mkdir(parents=True)
    exported = run_playbook(write(tmp_path, "export.yml", EXPORT))
    assert exported.rc == 0, exported.output
    saved = (tmp_path / "group_vars" / "all" / "streamkap_stack.yml").read_text(encoding="utf-8")
    # Nothing in the file Ansible would template when it reads it back.
    assert not any(marker in saved for marker in ("{{", "{%", "{#"))
    stack = yaml.safe_load(saved)
    assert sorted((item["name"], item.get("id") or "") for item in stack["streamkap_sources"]) == sorted([
        ("rt-twin", "b" * 24), ("rt-twin", tenant["twin"]["id"]), ("rt-values", ""),
        ("streamkap-escaped:rt-%7B%7B name }}", "")])
    assert len(stack["streamkap_destinations"]) == 1 and len(stack["streamkap_pipelines"]) == 1

    for state in ("replaced", "overridden"):
        sim.clear_log()
        applied = run_playbook(write(tmp_path, "apply.yml", APPLY), {"stack_state": state})
        assert applied.rc == 0, applied.output
        assert applied.changed == 0, applied.output
        assert sim.writes() == []

    # What the tenant holds is what it held.
    values = next(item for item in sim.api("GET", "/sources", params={"page_size": 100})["result"]
                  if item["name"] == "rt-values")
    assert {key: values["config"][key] for key in AWKWARD} == AWKWARD


@pytest.mark.usefixtures("tenant")
@pytest.mark.parametrize("state", ["replaced", "overridden"])
def test_the_registered_gathered_list_applied_back_changes_nothing(sim, run_playbook, tmp_path: Path, state):
    sim.clear_log()

    run = run_playbook(write(tmp_path, "registered.yml", REGISTERED), {"stack_state": state})

    assert run.rc == 0, run.output
    assert run.changed == 0, run.output
    assert sim.writes() == []
    assert sorted(item["action"] for item in run.results["results"]) == ["unchanged"] * 4
