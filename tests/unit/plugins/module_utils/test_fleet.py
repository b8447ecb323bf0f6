# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet layer: states, scope, entry validation, one read, plan per entry, parallel writes."""

from __future__ import annotations

import json
import threading
import time
import typing as t

import pytest
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils import fleet as fl
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.modules.streamkap_sources import SOURCES
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, answer_schema, calls_to, list_page, make_source, schema_prop

CONFIG = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap", "database.password": DB_PASSWORD}
# As the API answers CONFIG: the password withheld, a default and a computed key added.
API_CONFIG = {"database.hostname.user.defined": "db.example.com", "database.hostname": "db.example.com",
              "database.port.user.defined": "5432", "database.user": "streamkap"}


def params(config: list[dict[str, t.Any]] | None = None, **options: t.Any) -> dict[str, t.Any]:
    base = {"config": config or [], "state": "merged", "max_concurrent_writes": 4, "update_secrets": "on_create",
            "validate_config": True, "wait": False, "wait_timeout": 300, "wait_interval": 5.0}
    base.update(options)
    return base


def entry(name: str, **fields: t.Any) -> dict[str, t.Any]:
    return {"name": name, "connector": "postgresql", "config": dict(CONFIG), **fields}


def request(config: list[dict[str, t.Any]] | None = None, **options: t.Any) -> fl.FleetRequest:
    return fl.FleetRequest.from_params(SOURCES, params(config, **options))


def client() -> StreamkapClient:
    return StreamkapClient(api_url=API_URL, access_token=TOKEN, sleep=lambda seconds: None)


def run(config=None, check_mode=False, diff=False, **options) -> dict[str, t.Any]:
    return fl.Fleet(request(config, **options), client(), check_mode=check_mode, diff=diff).run()


def existing(name: str, source_id: str, **fields: t.Any) -> dict[str, t.Any]:
    return make_source(name, source_id, **{"config": dict(API_CONFIG), **fields})


def answer_list(api, items: list[dict[str, t.Any]]) -> None:
    api.get(f"{API_URL}/sources", json=list_page(items))


def writes(api) -> list[tuple[str, str]]:
    return [(call.request.method, call.request.path_url.split("?")[0]) for call in api.calls
            if call.request.method in ("POST", "PUT", "DELETE")]


def by_name(result: dict[str, t.Any]) -> dict[str, dict[str, t.Any]]:
    return {item["name"]: item for item in result["results"]}


# --- input, before any request ---

def test_every_bad_entry_is_listed_and_nothing_is_read():
    config = [entry("a"), entry("bad name\x00"), entry("a"), {"name": "c", "config": {"k": float("nan")}}]
    with pytest.raises(fl.FleetInputError) as caught:
        request(config)
    message = str(caught.value)
    assert "4 bad entries" in message
    assert [bad["position"] for bad in caught.value.to_result()["bad_entries"]] == [1, 3, 0, 2]
    assert "config[1]" in message and "config[3]" in message
    assert "name 'a' is listed more than once (config[0], config[2])" in message


def test_argument_spec_errors_of_every_entry_are_collected():
    errors = fl.entry_validation_errors(SOURCES.entry_options, [
        {"name": "a", "colour": "red"}, {"name": "b", "wait": "maybe"}, {"connector": "mysql"}, "text",
    ])
    described = [error.describe() for error in errors]
    assert len(described) == 4
    assert described[0].startswith("config[0] ('a'):") and "colour" in described[0]
    assert described[1].startswith("config[1] ('b'):") and "wait" in described[1]
    assert described[2].startswith("config[2] (None):") and "name" in described[2]
    assert described[3] == "config[3] (None): not a dict"


@pytest.mark.parametrize("state, config", [("overridden", [entry("a")]), ("deleted", [])])
def test_deleting_states_need_a_scope(state, config):
    with pytest.raises(StreamkapError, match="give scope"):
        request(config, state=state)


@pytest.mark.parametrize("value", [0, 11, -1])
def test_max_concurrent_writes_is_bounded(value):
    with pytest.raises(StreamkapError, match="max_concurrent_writes must be between 1 and 10"):
        request([entry("a")], max_concurrent_writes=value)


def test_entries_inherit_the_module_options_unless_they_set_their_own():
    made = request([entry("a"), entry("b", update_secrets="always", wait=True)], update_secrets="on_create")
    assert [e.spec.update_secrets for e in made.entries] == ["on_create", "always"]
    assert [e.spec.wait for e in made.entries] == [False, True]


def test_rendered_bodies_mask_secrets_without_a_request(api):
    bodies = request([entry("a", desired_state="Paused")], state="rendered").rendered()
    assert bodies == [{"name": "a", "connector": "postgresql", "created_from": "api", "desired_state": "Paused",
                       "config": dict(CONFIG, **{"database.password": "********"})}]
    assert not api.calls


# --- one read, plan per entry ---

def test_no_change_reads_every_page_once_and_writes_nothing(api):
    sources = [existing(f"s{i}", f"id{i}") for i in range(250)]
    for page in (1, 2, 3):
        chunk = sources[(page - 1) * 100:page * 100]
        api.get(f"{API_URL}/sources", json=list_page(chunk, page=page, has_next=page < 3),
                match=[matchers.query_param_matcher({"secret_returned": "false", "page": str(page), "page_size": "100"})])

    result = run([entry(f"s{i}") for i in range(250)])

    assert len(api.calls) == 3
    assert result["changed"] is False
    assert result["summary"] == {"created": 0, "updated": 0, "deleted": 0, "unchanged": 250, "failed": 0}
    assert result["results"][0] == {"name": "s0", "id": "id0", "action": "unchanged",
                                    "connector_status": "Active", "topics": ["source_id0.public.orders"]}


def test_creates_in_parallel_reading_the_schema_once(api):
    answer_list(api, [])
    answer_schema(api)
    seen_threads: set[int] = set()

    def create(request):
        seen_threads.add(threading.get_ident())
        time.sleep(0.05)  # long enough for the pool to hand the next entries to other threads
        body = json.loads(request.body)
        return 200, {}, json.dumps(make_source(body["name"], f"id-{body['name']}"))

    api.add_callback("POST", f"{API_URL}/sources", callback=create)
    result = run([entry(f"n{i}") for i in range(8)], max_concurrent_writes=3)

    assert result["summary"]["created"] == 8
    assert len(calls_to(api, "GET", "/sources/connectors")) == 1
    assert len(calls_to(api, "POST", "/sources")) == 8
    assert 1 < len(seen_threads) <= 3
    assert by_name(result)["n3"]["id"] == "id-n3"


def test_check_mode_is_a_plan_with_nothing_written(api):
    answer_list(api, [existing("same", "id1"), existing("drifted", "id2")])
    answer_schema(api)
    config = [entry("same"), entry("drifted", config={"database.user": "other"}), entry("new")]

    result = run(config, check_mode=True, diff=True)

    assert writes(api) == []
    assert [item["action"] for item in result["results"]] == ["unchanged", "updated", "created"]
    assert result["changed"] is True
    assert set(result["diff"]["before"]) == {"drifted"}
    assert set(result["diff"]["after"]) == {"drifted", "new"}
    assert result["diff"]["after"]["new"]["config"]["database.password"] == "********"
    assert DB_PASSWORD not in json.dumps(result)


def test_replaced_puts_left_out_keys_back_to_their_defaults_and_keeps_secrets(api):
    current = existing("a", "id1", config=dict(API_CONFIG, **{"database.port.user.defined": "6543",
                                                              "heartbeat.enabled": "false"}))
    answer_list(api, [current])
    answer_schema(api)
    api.put(f"{API_URL}/sources/id1", json=current)

    given = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap"}
    result = run([entry("a", config=given)], state="replaced")

    assert by_name(result)["a"]["action"] == "updated"
    sent = json.loads(calls_to(api, "PUT", "/sources/id1")[0].request.body)["config"]
    assert sent["database.port.user.defined"] == 5432
    assert sent["heartbeat.enabled"] is True
    assert "database.password" not in sent


def test_merged_leaves_keys_not_given_alone(api):
    current = existing("a", "id1", config=dict(API_CONFIG, **{"database.port.user.defined": "6543"}))
    answer_list(api, [current])
    result = run([entry("a", config={"database.user": "streamkap"})])
    assert by_name(result)["a"]["action"] == "unchanged"
    assert len(api.calls) == 1


def test_overridden_deletes_only_unlisted_sources_in_scope(api):
    answer_list(api, [existing("shop-a", "id1"), existing("shop-old", "id2"), existing("other-x", "id3")])
    api.delete(f"{API_URL}/sources/id2", json=existing("shop-old", "id2"))

    result = run([entry("shop-a", config={"database.user": "streamkap"})], state="overridden",
                 scope={"name_prefix": "shop-"})

    assert writes(api) == [("DELETE", "/sources/id2")]
    assert by_name(result)["shop-old"]["action"] == "deleted"
    assert "other-x" not in by_name(result)


def test_deleted_without_entries_deletes_the_scope_reading_only_it(api):
    api.get(f"{API_URL}/sources", json=list_page([existing("tmp-1", "id1"), existing("my-tmp-2", "id2")]),
            match=[matchers.query_param_matcher({"secret_returned": "false", "partial_name": "tmp-",
                                                 "page": "1", "page_size": "100"})])
    api.delete(f"{API_URL}/sources/id1", json=existing("tmp-1", "id1"))

    result = run([], state="deleted", scope={"name_prefix": "tmp-"})

    assert writes(api) == [("DELETE", "/sources/id1")]
    assert result["summary"]["deleted"] == 1


def test_deleted_refuses_a_listed_source_outside_the_scope(api):
    answer_list(api, [existing("tmp-1", "id1"), existing("prod", "id2")])
    with pytest.raises(fl.FleetInputError, match=r"'prod'.*outside the scope"):
        run([{"name": "tmp-1"}, {"name": "prod"}], state="deleted", scope={"name_prefix": "tmp-"})
    assert writes(api) == []


def test_tags_are_gathered_as_ids_and_read_once_when_applied(api):
    answer_list(api, [existing("a", "id1", tags=["t1"]), existing("b", "id2", tags=["t1", "t2"])])
    api.get(f"{API_URL}/tags", json={"tags": [{"id": "t1", "name": "prod"}, {"id": "t2", "name": "eu"}]})
    gathered = run([], state="gathered")["gathered"]
    assert [item["tags"] for item in gathered] == [["t1"], ["t1", "t2"]]
    answer_schema(api)
    api.calls.reset()
    again = run(gathered + [dict(entry("c"), tags=["eu"])], check_mode=True)
    assert [item["action"] for item in again["results"]] == ["unchanged", "unchanged", "created"]
    assert len(calls_to(api, "GET", "/tags")) == 1


def test_unknown_tag_in_check_mode_is_a_warning_and_the_entry_is_planned(api):
    # An empty tenant in a check run: an earlier task (streamkap_tag) would create the tag.
    answer_list(api, [])
    api.get(f"{API_URL}/tags", json={"tags": []})
    answer_schema(api)
    warnings: list[str] = []
    result = fl.Fleet(request([dict(entry("a"), tags=["shop"])]), client(), check_mode=True, diff=True,
                      warn=warnings.append).run()
    assert result["changed"] is True
    assert [(item["name"], item["action"]) for item in result["results"]] == [("a", "created")]
    assert result["diff"]["after"]["a"]["tags"] == ["shop"]
    assert len(warnings) == 1 and "'shop'" in warnings[0] and "(yet)" in warnings[0]
    assert writes(api) == []
    assert len(calls_to(api, "GET", "/tags")) == 1


def test_unknown_tag_without_check_mode_is_bad_input_before_any_write(api):
    answer_list(api, [])
    api.get(f"{API_URL}/tags", json={"tags": []})
    answer_schema(api)
    warnings: list[str] = []
    with pytest.raises(fl.FleetInputError, match="no tag has the name or id 'shop'"):
        fl.Fleet(request([dict(entry("a"), tags=["shop"])]), client(), warn=warnings.append).run()
    assert warnings == []
    assert writes(api) == []


def test_scope_tag_matches_by_name_or_id(api):
    tagged = existing("a", "id1", tags=["tag-prod"])
    answer_list(api, [tagged, existing("b", "id2", tags=["tag-dev"])])
    api.get(f"{API_URL}/tags", json={"tags": [{"id": "tag-prod", "name": "prod"}, {"id": "x", "name": "prod-old"}]})
    for tag in ("prod", "tag-prod"):
        result = run([], state="gathered", scope={"tag": tag})
        assert [item["name"] for item in result["gathered"]] == ["a"]
    with pytest.raises(StreamkapError, match="scope.tag: no tag has the name or id 'staging'"):
        run([], state="gathered", scope={"tag": "staging"})


def test_gathered_is_user_config_without_secrets_ready_to_apply(api):
    config = dict(API_CONFIG, **{"database.password": "********",
                                 "transforms.SourceRegexSupport.key.field.template": "{{database}}.{{table}}"})
    answer_list(api, [existing("a", "id1", config=config, desired_state="Paused", connector_status="Paused")])

    gathered = run([], state="gathered")["gathered"]

    assert gathered == [{"name": "a", "connector": "postgresql", "desired_state": "Paused", "config": {
        "database.hostname.user.defined": "db.example.com", "database.port.user.defined": "5432",
        "database.user": "streamkap",
        "transforms.SourceRegexSupport.key.field.template": "streamkap-escaped:%7B%7Bdatabase}}.%7B%7Btable}}"}}]
    api.calls.reset()
    again = run(gathered)
    assert again["summary"]["unchanged"] == 1
    assert writes(api) == []


# --- bad input found while planning, failures while writing ---

def test_a_set_once_change_fails_the_task_before_any_write(api):
    answer_list(api, [existing("a", "id1", config=dict(API_CONFIG, **{"slot.name": "s1"}))])
    answer_schema(api)
    with pytest.raises(fl.FleetInputError) as caught:
        run([entry("new"), entry("a", config={"slot.name": "s2"})])
    assert "config[1] ('a')" in str(caught.value) and "slot.name" in str(caught.value)
    assert writes(api) == []


def test_planning_errors_of_several_entries_are_listed_together(api):
    answer_list(api, [existing("a", "id1", config=dict(API_CONFIG, **{"slot.name": "s1"})),
                      existing("b", "id2", config=dict(API_CONFIG, **{"slot.name": "s1"}))])
    answer_schema(api)
    with pytest.raises(fl.FleetInputError) as caught:
        run([entry("a", config={"slot.name": "x"}), entry("b", config={"slot.name": "y"}), entry("c")])
    assert "2 bad entries" in str(caught.value)
    assert writes(api) == []


def test_an_api_failure_fails_that_entry_only(api):
    answer_list(api, [existing("a", "id1"), existing("b", "id2")])
    answer_schema(api)
    api.put(f"{API_URL}/sources/id1", status=422, json={"detail": "refused by the service"})
    api.put(f"{API_URL}/sources/id2", json=existing("b", "id2"))
    changed = {"database.user": "other"}

    with pytest.raises(fl.FleetError) as caught:
        run([entry("a", config=changed), entry("b", config=changed)])

    result = caught.value.to_result()
    assert by_name(result)["a"]["action"] == "failed" and "refused by the service" in by_name(result)["a"]["msg"]
    assert by_name(result)["b"]["action"] == "updated"
    assert result["changed"] is True
    assert "1 of 2 sources failed" in str(caught.value) and "('a')" in str(caught.value)


def test_a_name_two_sources_hold_fails_that_entry_and_touches_neither(api):
    answer_list(api, [existing("twin", "id1"), existing("twin", "id2")])
    answer_schema(api)
    api.post(f"{API_URL}/sources", json=make_source("other", "id3"))

    with pytest.raises(fl.FleetError) as caught:
        run([entry("twin", config={"database.user": "x"}), entry("other")])

    result = caught.value.to_result()
    assert by_name(result)["twin"]["action"] == "failed" and "id1, id2" in by_name(result)["twin"]["msg"]
    assert by_name(result)["other"]["action"] == "created"
    assert writes(api) == [("POST", "/sources")]


# --- the client under threads ---

def test_threads_share_one_token_exchange(api):
    api.post(f"{API_URL}/auth/access-token", json={"accessToken": "exchanged", "refreshToken": "r"})
    answer_list(api, [])
    shared = StreamkapClient(api_url=API_URL, client_id="cid", client_secret="csecret", sleep=lambda seconds: None)
    threads = [threading.Thread(target=shared.get, args=("/sources",)) for _number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls_to(api, "POST", "/auth/access-token")) == 1


def test_a_rejected_token_is_renewed_once_for_every_thread(api):
    tokens = iter(["first", "second", "third"])
    api.add_callback("POST", f"{API_URL}/auth/access-token",
                     callback=lambda request: (200, {}, json.dumps({"accessToken": next(tokens)})))

    def listing(request):
        if request.headers["Authorization"] == "Bearer first":
            return 401, {}, json.dumps({"detail": "expired"})
        return 200, {}, json.dumps(list_page([]))

    api.add_callback("GET", f"{API_URL}/sources", callback=listing)
    shared = StreamkapClient(api_url=API_URL, client_id="cid", client_secret="csecret", sleep=lambda seconds: None)
    # The first exchange, before the threads.
    shared._token()  # pylint: disable=protected-access
    failures: list[Exception] = []

    def get() -> None:
        try:
            shared.get("/sources")
        except StreamkapError as exc:
            failures.append(exc)

    threads = [threading.Thread(target=get) for _number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(calls_to(api, "POST", "/auth/access-token")) == 2  # the first exchange, one renewal


def test_a_429_slows_every_thread_down():
    slept: list[tuple[int, float]] = []
    now = [1000.0]
    shared = StreamkapClient(api_url=API_URL, access_token=TOKEN, clock=lambda: now[0],
                             sleep=lambda seconds: slept.append((threading.get_ident(), seconds)))
    # As after a 429 with Retry-After: 7; the thread that got it sleeps on its own.
    shared._share_backoff(7.0)  # pylint: disable=protected-access
    shared._honour_shared_backoff()  # pylint: disable=protected-access
    assert slept == []
    other = threading.Thread(target=shared._honour_shared_backoff)  # pylint: disable=protected-access
    other.start()
    other.join()
    assert [seconds for thread_id, seconds in slept if thread_id != threading.get_ident()] == [7.0]
    assert len(slept) == 1


# --- pipelines: an entry that is not a connector config ---

def test_a_pipeline_is_gathered_with_its_ends_by_name_and_bare_topics():
    from ansible_collections.streamkap.cloud.plugins.module_utils.fleet_pipelines import gathered_entry

    entity = {"id": "p1", "name": "orders", "snapshot_new_tables": False, "tags": ["t1"],
              "source": {"id": "s1", "name": "db", "topics": ["source_s1.public.orders", "source_s1.public.items"]},
              "destination": {"id": "d1", "name": "warehouse"}}
    assert gathered_entry(entity) == {"name": "orders", "source": "db", "destination": "warehouse",
                                      "topics": ["public.orders", "public.items"], "snapshot_new_tables": False}


def test_pipelines_render_without_a_request(api):
    from ansible_collections.streamkap.cloud.plugins.module_utils.fleet_pipelines import PIPELINES

    made = fl.FleetRequest.from_params(PIPELINES, params(
        [{"name": "p", "source": "db", "destination": "wh", "topics": ["public.a"], "tags": ["prod"]}], state="rendered"))
    assert made.rendered() == [{"name": "p", "created_from": "api", "tags": ["prod"],
                                "source": {"id": None, "name": "db", "connector": None, "topics": ["public.a"]},
                                "destination": {"id": None, "name": "wh", "connector": None}}]
    assert not api.calls


def test_replaced_keeps_set_once_keys_the_entry_leaves_out(api):
    current = existing("a", "id1", config=dict(API_CONFIG, **{"slot.name": "my_slot", "database.port.user.defined": "6543"}))
    answer_list(api, [current])
    answer_schema(api)
    api.put(f"{API_URL}/sources/id1", json=current)

    given = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap"}
    result = run([entry("a", config=given)], state="replaced")

    assert by_name(result)["a"]["action"] == "updated"
    sent = json.loads(calls_to(api, "PUT", "/sources/id1")[0].request.body)["config"]
    assert sent["database.port.user.defined"] == 5432  # reset to its default
    assert sent.get("slot.name", "my_slot") == "my_slot"  # set at create: kept, not reset


def test_the_used_by_check_reads_the_pipelines_once_per_task(api):
    answer_list(api, [existing("tmp-1", "id1"), existing("tmp-2", "id2"), existing("tmp-3", "id3")])
    for source_id in ("id1", "id2", "id3"):
        api.delete(f"{API_URL}/sources/{source_id}", json=existing(source_id, source_id))

    result = run([], state="deleted", scope={"name_prefix": "tmp-"})

    assert result["summary"]["deleted"] == 3
    assert len(calls_to(api, "GET", "/pipelines")) == 1


def test_a_source_a_pipeline_uses_is_refused_before_any_write_from_the_one_read(api):
    answer_list(api, [existing("tmp-1", "id1"), existing("tmp-2", "id2"), existing("tmp-3", "id3")])
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([
        {"id": "p1", "name": "uses-two", "source": {"id": "id2"}, "destination": {"id": "d1"}},
        {"id": "p2", "name": "going", "source": {"id": "id3"}, "destination": {"id": "d1"},
         "connector_status": "Pending Delete"},
    ]))

    with pytest.raises(fl.FleetInputError) as caught:
        run([], state="deleted", scope={"name_prefix": "tmp-"})

    # Only tmp-2 is refused (a pipeline being deleted no longer counts); nothing is written.
    assert "'tmp-2'" in str(caught.value) and "'uses-two' (id p1)" in str(caught.value)
    assert "'tmp-3'" not in str(caught.value) and "'tmp-1'" not in str(caught.value)
    assert writes(api) == []
    assert len(calls_to(api, "GET", "/pipelines")) == 1


# --- replaced: a connector schema is read only when a left-out key may have to change ---

# As the service fills PostgreSQL's defaults in (string-encoded), plus values the offline table keeps as they are.
AT_DEFAULTS = dict(API_CONFIG, **{"heartbeat.enabled": "true", "database.sslmode": "require", "ssh.port": " 22",
                                  "column.include.list.toggled": "TRUE", "transforms.OversizedRecords.truncation.suffix": "",
                                  "transforms.SourceRegexSupport.key.field.template": "{{database}}.{{table}}",
                                  "slot.name": "my_slot",            # set once: kept whatever it holds
                                  "database.dbname": "shop",         # no default: kept
                                  "database.password": "********"})  # a secret: kept
GIVEN = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap"}


@pytest.mark.parametrize("state", ["replaced", "overridden"])
def test_replaced_reads_no_schema_when_left_out_keys_hold_their_offline_defaults(api, state):
    answer_list(api, [existing("a", "id1", config=dict(AT_DEFAULTS))])

    result = run([entry("a", config=GIVEN)], state=state, scope={"name_prefix": "a"})

    assert by_name(result)["a"]["action"] == "unchanged"
    assert calls_to(api, "GET", "/sources/connectors") == []  # no schema answer is registered: a read would fail
    assert writes(api) == []


def test_replaced_reads_the_schema_once_per_connector_and_resets_a_drifted_key(api):
    drifted = dict(AT_DEFAULTS, **{"heartbeat.enabled": "false"})
    answer_list(api, [existing("a", "id1", config=drifted), existing("b", "id2", config=drifted),
                      existing("c", "id3", config=dict(AT_DEFAULTS))])
    answer_schema(api)
    for source_id in ("id1", "id2"):
        api.put(f"{API_URL}/sources/{source_id}", json=existing("a", source_id))

    result = run([entry(name, config=GIVEN) for name in ("a", "b", "c")], state="replaced")

    assert [item["action"] for item in result["results"]] == ["updated", "updated", "unchanged"]
    assert len(calls_to(api, "GET", "/sources/connectors")) == 1
    sent = json.loads(calls_to(api, "PUT", "/sources/id1")[0].request.body)["config"]
    assert sent["heartbeat.enabled"] is True  # the live schema's default
    assert sent.get("slot.name", "my_slot") == "my_slot"
    assert "database.password" not in sent


def test_replaced_reads_the_schema_of_a_connector_unknown_offline(api):
    current = make_source("n", "id1", connector="newdb", config={"host": "h.example.com", "batch.size": "500",
                                                                 "computed.key": "x"})
    answer_list(api, [current])
    answer_schema(api, [schema_prop("host", required=True), schema_prop("batch.size", "number", default=100),
                        schema_prop("computed.key", user_defined=False)], connector="newdb")
    api.put(f"{API_URL}/sources/id1", json=current)

    result = run([{"name": "n", "connector": "newdb", "config": {"host": "h.example.com"}}], state="replaced")

    assert by_name(result)["n"]["action"] == "updated"
    assert len(calls_to(api, "GET", "/sources/connectors")) == 1
    sent = json.loads(calls_to(api, "PUT", "/sources/id1")[0].request.body)["config"]
    assert sent["batch.size"] == 100
    assert "computed.key" not in sent


def test_bad_input_also_names_the_entries_whose_planning_failed(api):
    """An entry the API refuses while planning (an unknown connector's schema) is not written either: it is named."""
    answer_list(api, [])
    api.get(f"{API_URL}/sources/connectors", status=404, json={"detail": "Connector nosuchconn not found"})

    with pytest.raises(fl.FleetInputError) as caught:
        run([{"name": "uc-bad", "connector": "nosuchconn", "config": {"a.b": "c"}},
             {"name": "uc-blank", "connector": "postgresql", "config": {"database.port": {"not": "a number"}}},
             {"name": ""}])

    named = {entry["name"] for entry in caught.value.to_result()["bad_entries"]}
    assert "uc-bad" in named and "" in named
    assert "'uc-bad'" in str(caught.value)
    assert writes(api) == []


def test_the_diff_keeps_apart_two_deleted_entities_of_one_name(api):
    answer_list(api, [existing("tok-0", "id1"), existing("tok-0", "id2"), existing("tok-1", "id3")])

    result = run([], check_mode=True, diff=True, state="overridden", scope={"name_prefix": "tok-"})

    assert result["summary"]["deleted"] == 3
    assert sorted(result["diff"]["before"]) == ["tok-0", "tok-0 (id id2)", "tok-1"]
    assert writes(api) == []


def test_gathered_reads_the_schema_of_a_connector_unknown_offline_and_the_round_trip_changes_nothing(api):
    current = make_source("n", "id1", connector="newdb", config={
        "host": "h.example.com", "batch.size": "500", "computed.key": "x", "newdb.password": "********"})
    answer_list(api, [current])
    answer_schema(api, [schema_prop("host", required=True), schema_prop("batch.size", "number", default=100),
                        schema_prop("computed.key", user_defined=False), schema_prop("newdb.password", "password")],
                  connector="newdb")

    gathered = run([], state="gathered", scope={"name_prefix": "n"})["gathered"]

    # User-defined plain keys, by the schema: the secret and the computed key left out.
    assert [entry["config"] for entry in gathered] == [{"host": "h.example.com", "batch.size": "500"}]
    assert len(calls_to(api, "GET", "/sources/connectors")) == 1

    again = run(gathered, state="replaced")

    assert by_name(again)["n"]["action"] == "unchanged"
    assert writes(api) == []
