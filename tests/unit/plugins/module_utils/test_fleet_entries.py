# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An entity takes one entry, and `gathered` applied back changes nothing, whatever the API holds:
text Ansible would template comes back escaped, two entities of one name come back with their ids,
and no key is reset because `gathered` could not show it."""

from __future__ import annotations

import json
import typing as t

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils import fleet as fl
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet_pipelines import PIPELINES
from ansible_collections.streamkap.cloud.plugins.modules.streamkap_sources import SOURCES
from tests.unit.helpers import API_URL, DB_PASSWORD, PG_SCHEMA, TOKEN, answer_schema, calls_to, list_page, make_source, schema_prop

TEMPLATE_KEY = "transforms.SourceRegexSupport.key.field.template"
# PostgreSQL's schema with the key whose default holds Jinja markers, as the live schema has it.
SCHEMA = [*PG_SCHEMA, schema_prop(TEMPLATE_KEY, default="{{database}}.{{table}}")]
CONFIG = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap"}
# Text a vars file would not carry as it is (Jinja markers), and text that reads as escaped.
ESCAPED_TEXTS = ["{{topic}}-raw", "{% raw %}{{x}}{% endraw %}", "{# a comment #}", "100%{{", "streamkap-escaped:%7B",
                 "streamkap-escaped:"]
# Text that only looks like it: carried as it is.
PLAIN_TEXTS = ["%7B%7Bnot.a.template}}", "{ {spaced} }", "%", "plain", "", "{single}", "x-streamkap-escaped:%7B"]
AWKWARD_TEXTS = ESCAPED_TEXTS + PLAIN_TEXTS[:3]
STATES = ("merged", "replaced", "overridden", "deleted")


def params(config: list[dict[str, t.Any]] | None = None, **options: t.Any) -> dict[str, t.Any]:
    base = {"config": config or [], "state": "merged", "max_concurrent_writes": 2, "update_secrets": "on_create",
            "validate_config": True, "wait": False, "wait_timeout": 300, "wait_interval": 5.0}
    base.update(options)
    return base


def run(config=None, check_mode=False, fleet=SOURCES, **options) -> dict[str, t.Any]:
    request = fl.FleetRequest.from_params(fleet, params(config, **options))
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN, sleep=lambda seconds: None)
    return fl.Fleet(request, client, check_mode=check_mode).run()


def source(name: str, source_id: str, **config: t.Any) -> dict[str, t.Any]:
    return make_source(name, source_id, config=dict(CONFIG, **config))


def answer_sources(api, items: list[dict[str, t.Any]]) -> None:
    api.get(f"{API_URL}/sources", json=list_page(items))


def writes(api) -> list[tuple[str, str]]:
    return [(call.request.method, call.request.path_url.split("?")[0]) for call in api.calls
            if call.request.method in ("POST", "PUT", "DELETE")]


def answer_writes(api, *entities: dict[str, t.Any]) -> None:
    """Answer a PUT or DELETE of each entity, so that a write the task should not make is seen, not refused."""
    for entity in entities:
        api.put(f"{API_URL}/sources/{entity['id']}", json=entity)
        api.delete(f"{API_URL}/sources/{entity['id']}", json=entity)


# --- one entity, one entry ---

def entries_for(state: str) -> list[dict[str, t.Any]]:
    """Entry 0 finds source 'a' by name, entry 2 finds it by its id (renaming it): two entries, one source."""
    if state == "deleted":
        return [{"name": "a"}, {"name": "b"}, {"name": "a-renamed", "id": "id1"}]
    return [{"name": "a", "config": dict(CONFIG)}, {"name": "b", "config": dict(CONFIG)},
            {"name": "a-renamed", "id": "id1", "config": dict(CONFIG, **{"database.user": "other"})}]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("state", STATES)
def test_two_entries_finding_one_entity_are_refused_before_any_write_naming_both(api, state, check_mode):
    current = [source("a", "id1"), source("b", "id2")]
    answer_sources(api, current)
    answer_schema(api, SCHEMA)
    answer_writes(api, *current)

    scope = {"name_prefix": "a"} if state == "overridden" else None
    with pytest.raises(fl.FleetInputError) as caught:
        run(entries_for(state), check_mode=check_mode, state=state, scope=scope)

    bad = caught.value.to_result()["bad_entries"]
    assert [entry["position"] for entry in bad] == [0, 2]
    for entry in bad:
        assert "config[0], config[2] all find Source 'a' (id id1)" in entry["msg"]
    assert writes(api) == []


@pytest.mark.parametrize("state", ["merged", "deleted", "rendered"])
def test_one_id_in_two_entries_is_refused_before_any_request(api, state):
    config = [{"name": "x", "id": "id1", "connector": "postgresql"}, {"name": "z", "id": "id1", "connector": "postgresql"}]

    with pytest.raises(fl.FleetInputError) as caught:
        run(config, state=state)

    assert [entry["position"] for entry in caught.value.to_result()["bad_entries"]] == [0, 1]
    assert "id 'id1' is listed more than once (config[0], config[1])" in str(caught.value)
    assert not api.calls


def test_two_pipeline_entries_finding_one_pipeline_are_refused(api):
    pipeline = {"id": "p1", "name": "orders", "source": {"id": "s1", "name": "db", "topics": ["source_s1.public.a"]},
                "destination": {"id": "d1", "name": "wh"}, "tags": []}
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline]))

    with pytest.raises(fl.FleetInputError) as caught:
        run([{"name": "orders", "topics": ["public.a"]}, {"name": "orders-2", "id": "p1", "topics": ["public.b"]}],
            fleet=PIPELINES)

    assert "config[0], config[1] all find Pipeline 'orders' (id p1)" in str(caught.value)
    assert writes(api) == []


# --- escaped text ---

@pytest.mark.parametrize("text", ESCAPED_TEXTS + PLAIN_TEXTS)
def test_escaped_text_holds_no_marker_and_reads_back_as_the_text(text):
    escaped = fl.escaped(text)
    assert not any(marker in escaped for marker in fl.TEMPLATE_MARKERS)
    assert fl.unescaped(escaped) == text
    assert (escaped == text) is (text in PLAIN_TEXTS)


def test_an_escaped_secret_is_hidden_in_both_forms():
    raw = {"name": "a", "connector": "postgresql", "config": {"database.password": fl.escaped("pw{{1}}")}}
    hidden = SOURCES.entry_secrets(raw)
    assert {"pw{{1}}", fl.escaped("pw{{1}}")} <= hidden


# --- gathered, applied back ---

@pytest.mark.parametrize("state", ["replaced", "overridden"])
def test_values_with_template_markers_are_gathered_escaped_and_applied_back_unchanged(api, state):
    current = [source(f"tpl-{index}", f"id{index}", **{TEMPLATE_KEY: text, "database.dbname": text})
               for index, text in enumerate(AWKWARD_TEXTS)]
    answer_sources(api, current)
    answer_schema(api, SCHEMA)
    answer_writes(api, *current)

    gathered = run([], state="gathered")["gathered"]

    assert [fl.unescaped(entry["config"][TEMPLATE_KEY]) for entry in gathered] == AWKWARD_TEXTS
    assert [entry["config"]["database.dbname"] for entry in gathered] == [fl.escaped(text) for text in AWKWARD_TEXTS]
    result = run(gathered, state=state, scope={"name_prefix": "tpl-"})
    assert result["summary"]["unchanged"] == len(AWKWARD_TEXTS)
    assert writes(api) == []


def test_names_and_topics_with_template_markers_round_trip(api):
    pipeline = {"id": "p1", "name": "{{orders}}", "snapshot_new_tables": True, "tags": [],
                "source": {"id": "s1", "name": "db{%x%}", "topics": ["source_s1.public.{{t}}"]},
                "destination": {"id": "d1", "name": "wh{#"}}
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline]))

    gathered = run([], fleet=PIPELINES, state="gathered")["gathered"]

    assert gathered == [{"name": fl.escaped("{{orders}}"), "source": fl.escaped("db{%x%}"),
                         "destination": fl.escaped("wh{#"), "topics": [fl.escaped("public.{{t}}")],
                         "snapshot_new_tables": True}]
    result = run(gathered, fleet=PIPELINES, state="replaced")
    assert result["results"][0]["name"] == "{{orders}}"
    assert result["summary"]["unchanged"] == 1
    assert writes(api) == []


def test_two_entities_of_one_name_are_gathered_with_their_ids_and_applied_back_unchanged(api):
    current = [source("twin", "id1", **{"database.dbname": "one"}), source("twin", "id2", **{"database.dbname": "two"}),
               source("single", "id3")]
    answer_sources(api, current)
    answer_schema(api, SCHEMA)
    answer_writes(api, *current)

    gathered = run([], state="gathered")["gathered"]

    assert [(entry["name"], entry.get("id")) for entry in gathered] == [("twin", "id1"), ("twin", "id2"), ("single", None)]
    for state in ("merged", "replaced", "overridden"):
        result = run(gathered, state=state, scope={"name_prefix": "twin"})
        assert [item["action"] for item in result["results"]] == ["unchanged"] * 3
    assert writes(api) == []


def test_a_name_listed_twice_is_still_refused_when_an_entry_gives_no_id(api):
    with pytest.raises(fl.FleetInputError) as caught:
        run([{"name": "twin", "id": "id1"}, {"name": "twin"}])
    assert "name 'twin' is listed more than once (config[0], config[1])" in str(caught.value)
    assert "give each entry the id of its own entity" in str(caught.value)
    assert not api.calls


@pytest.mark.parametrize("withheld", [None, "********"])
def test_replaced_keeps_a_plain_value_the_api_withholds(api, withheld):
    """gathered cannot show such a value, so no entry can give it: replaced must not reset it."""
    current = source("held", "id1", **{"heartbeat.enabled": withheld, "database.port.user.defined": withheld})
    answer_sources(api, [current])
    answer_schema(api, SCHEMA)
    answer_writes(api, current)

    gathered = run([], state="gathered")["gathered"]
    assert "heartbeat.enabled" not in gathered[0]["config"]
    result = run(gathered, state="replaced")

    assert result["summary"]["unchanged"] == 1
    assert writes(api) == []
    assert calls_to(api, "PUT", "/sources/id1") == []


def test_an_escaped_value_is_sent_as_the_text_it_stands_for(api):
    answer_sources(api, [])
    answer_schema(api, SCHEMA)
    created = source("new", "id9")
    api.post(f"{API_URL}/sources", json=created)

    run([{"name": "new", "connector": "postgresql",
          "config": dict(CONFIG, **{"database.password": DB_PASSWORD, TEMPLATE_KEY: fl.escaped("{{topic}}")})}])

    sent = json.loads(calls_to(api, "POST", "/sources")[0].request.body)
    assert sent["config"][TEMPLATE_KEY] == "{{topic}}"


def test_overridden_deletes_the_twin_no_entry_lists_and_keeps_a_name_an_entry_renames_to(api):
    """An entry that names one of two entities of one name by its id lists that one only; an entity holding
    the name an entry renames another to is kept (the rename then fails as the name is taken)."""
    current = [source("t-twin", "id1"), source("t-twin", "id2"), source("t-old", "id3"), source("t-new", "id4")]
    answer_sources(api, current)
    answer_schema(api, SCHEMA)

    result = run([{"name": "t-twin", "id": "id1"}, {"name": "t-new", "id": "id3"}], check_mode=True,
                 state="overridden", scope={"name_prefix": "t-"})

    assert [(item["id"], item["action"]) for item in result["results"]] == [
        ("id1", "unchanged"), ("id3", "updated"), ("id2", "deleted")]
    assert writes(api) == []
