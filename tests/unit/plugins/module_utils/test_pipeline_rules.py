# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The rules only pipelines have: topics as sets, full PUT bodies, end changes refused, masking."""

from __future__ import annotations

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import (
    EndRef,
    PipelineSpec,
    apply_fields,
    bare_topics,
    create_body,
    diff_view,
    pipeline_topics,
    redact_pipeline,
    same_topics,
    update_body,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient
from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import PIPELINE
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler
from ansible_collections.streamkap.cloud.plugins.modules import streamkap_pipeline
from tests.unit.helpers import API_URL, TOKEN, make_source, with_spec_defaults

SOURCE_ID = "5f0c0ffee0000000000000a1"
DEST_ID = "5f0c0ffee0000000000000b2"
PREFIX = f"source_{SOURCE_ID}."
TRANSFORMS = [{"id": "t1", "name": "mask-email", "start_time": None, "topic": "public.orders",
               "topic_id": f"{PREFIX}public.orders"}]
AUTO_DISCOVERY = [{"transform_id": "t1", "regex": "public\\..*"}]


def make_pipeline(**fields) -> dict:
    """A pipeline shaped like the API's answer: full embedded objects, prefixed topics."""
    topics = [f"{PREFIX}public.orders", f"{PREFIX}public.customers"]
    pipeline = {
        "id": "pipe-1",
        "name": "orders-to-snowflake",
        "created_from": "api",
        "snapshot_new_tables": False,
        "source": make_source("orders-pg", SOURCE_ID, topics=list(topics),
                              config={"database.hostname.user.defined": "db", "database.password": "pg-Secret-1"}),
        "destination": {"id": DEST_ID, "name": "analytics", "connector": "snowflake",
                        "config": {"snowflake.url.name": "acme", "snowflake.private.key": "sf-Key-2"}},
        "topic_ids": list(topics),
        "topics": list(topics),
        "transforms": TRANSFORMS,
        "topic_auto_discovery_transforms": AUTO_DISCOVERY,
        "tags": ["670e5ca40afe1d3983ce0c22"],
        "periodic_audit": {"topics": [], "timestamp_column": None, "interval_minutes": None, "fix_deletes_only": False},
    }
    pipeline.update(fields)
    return pipeline


def spec(**params) -> PipelineSpec:
    return PipelineSpec.from_params(with_spec_defaults(streamkap_pipeline.argument_spec(), **{"name": "orders-to-snowflake", **params}))


# --- topics ---

@pytest.mark.parametrize("desired", [
    ["public.customers", "public.orders"],
    [f"{PREFIX}public.orders", "public.customers"],
    ["public.orders", "public.customers", "public.orders"],
])
def test_topics_compare_as_a_set_without_the_prefix(desired):
    assert same_topics(desired, make_pipeline()["source"]["topics"], SOURCE_ID)
    assert spec(topics=desired).field_changes(make_pipeline()) == {}


def test_a_topic_added_or_removed_is_drift():
    assert not same_topics(["public.orders"], make_pipeline()["topics"], SOURCE_ID)
    changes = spec(topics=["public.orders", "public.customers", "public.invoices"]).field_changes(make_pipeline())
    assert changes["topics"] == ["public.orders", "public.customers", "public.invoices"]


def test_another_sources_prefix_is_not_stripped():
    assert bare_topics(["source_other.public.orders"], SOURCE_ID) == ["source_other.public.orders"]


def test_pipeline_topics_fall_back_to_the_pipeline_list():
    pipeline = make_pipeline(source={"id": SOURCE_ID, "name": "orders-pg"}, topics=[f"{PREFIX}public.x"])
    assert pipeline_topics(pipeline) == ["public.x"]


# --- the plan ---

def test_options_not_given_are_left_alone():
    assert spec().field_changes(make_pipeline(snapshot_new_tables=True)) == {}


def test_snapshot_new_tables_is_drift_and_a_rename_is_the_engines():
    changes = spec(id="pipe-1", name="renamed", snapshot_new_tables=True).field_changes(make_pipeline())
    assert (changes.get("snapshot_new_tables"), changes.get("topics")) == (True, None)
    assert "name" not in changes


def test_a_rename_by_id_and_snapshot_new_tables_are_planned_by_the_engine(api):
    api.get(f"{API_URL}/pipelines/pipe-1", json=make_pipeline())
    reconciler = Reconciler(StreamkapClient(api_url=API_URL, access_token=TOKEN), PIPELINE)

    result = reconciler.ensure_present(spec(id="pipe-1", name="renamed", snapshot_new_tables=True), check_mode=True, diff=True)

    assert result["changed"] is True
    assert (result["pipeline"]["name"], result["pipeline"]["snapshot_new_tables"]) == ("renamed", True)
    assert result["diff"]["after"] == dict(result["diff"]["before"], name="renamed", snapshot_new_tables=True)
    assert result["pipeline"]["source"]["config"]["database.password"] != "pg-Secret-1"


# --- the full PUT body ---

def test_the_put_body_keeps_transforms_and_the_ends_and_leaves_tags_out():
    current = make_pipeline()
    body = update_body(apply_fields(current, {"topics": ["public.orders"]}))

    assert body == {
        "name": "orders-to-snowflake",
        "created_from": "api",
        "snapshot_new_tables": False,
        "source": {"id": SOURCE_ID, "name": "orders-pg", "connector": "postgresql", "topics": ["public.orders"]},
        "destination": {"id": DEST_ID, "name": "analytics", "connector": "snowflake"},
        "transforms": TRANSFORMS,
        "topic_auto_discovery_transforms": AUTO_DISCOVERY,
    }


def test_the_put_body_sends_the_current_topics_bare_when_they_do_not_change():
    body = update_body(apply_fields(make_pipeline(), {"snapshot_new_tables": True}))
    assert body["source"]["topics"] == ["public.orders", "public.customers"]
    assert body["snapshot_new_tables"] is True


def test_the_create_body_carries_references_and_bare_topics():
    source = make_source("orders-pg", SOURCE_ID)
    destination = {"id": DEST_ID, "name": "analytics", "connector": "snowflake", "config": {"x": "y"}}

    body = create_body(spec(source="orders-pg", destination="analytics", topics=[f"{PREFIX}public.orders"]),
                       source, destination)

    assert body == {
        "name": "orders-to-snowflake",
        "created_from": "api",
        "source": {"id": SOURCE_ID, "name": "orders-pg", "connector": "postgresql", "topics": ["public.orders"]},
        "destination": {"id": DEST_ID, "name": "analytics", "connector": "snowflake"},
    }


# --- the ends of an existing pipeline ---

@pytest.mark.parametrize("params", [
    {"source": "orders-pg", "destination": "analytics"},
    {"source_id": SOURCE_ID, "destination_id": DEST_ID},
    {},
])
def test_the_same_ends_pass(params):
    spec(**params).refuse_end_change(make_pipeline())


@pytest.mark.parametrize("params, named", [
    ({"source": "billing-pg"}, ["'orders-pg'", SOURCE_ID, "'billing-pg'"]),
    ({"source_id": "other-id"}, ["'orders-pg'", SOURCE_ID, "'other-id'"]),
    ({"destination": "lake"}, ["'analytics'", DEST_ID, "'lake'"]),
])
def test_another_end_is_refused_naming_current_and_requested(params, named):
    with pytest.raises(StreamkapError) as caught:
        spec(**params).refuse_end_change(make_pipeline())
    message = str(caught.value)
    assert all(part in message for part in named), message
    assert "Nothing was changed" in message


def test_both_ends_changed_are_refused_in_one_error_naming_both():
    with pytest.raises(StreamkapError) as caught:
        spec(source="billing-pg", destination_id="other-dest").refuse_end_change(make_pipeline())
    message = str(caught.value)
    assert all(part in message for part in ("'orders-pg'", SOURCE_ID, "'billing-pg'", "'analytics'", DEST_ID, "'other-dest'"))
    assert message.count("Nothing was changed") == 1


# --- the spec ---

def test_create_needs_name_both_ends_and_topics():
    assert spec().missing_for_create() == ["source (or source_id)", "destination (or destination_id)", "topics"]
    assert spec(source="a", destination_id="b", topics=[]).missing_for_create() == []


@pytest.mark.parametrize("params, option", [
    ({"name": None}, "name"),
    ({"topics": ["public.orders", " "]}, "topics"),
    ({"source": "bad\nname"}, "source"),
    ({"destination_id": "x" * 300}, "destination_id"),
])
def test_bad_input_is_refused_naming_the_option(params, option):
    with pytest.raises(StreamkapError, match=option):
        PipelineSpec.from_params(with_spec_defaults(streamkap_pipeline.argument_spec(), **{"name": "p", **params}))


def test_end_refs_describe_themselves():
    assert EndRef("source", name="a").describe() == "source 'a'"
    assert EndRef("destination", id="x").describe() == "destination id 'x'"


# --- what the user sees ---

def test_predicted_update_prefixes_the_new_topics():
    predicted = apply_fields(make_pipeline(), {"topics": ["public.orders"]})
    assert predicted["topics"] == [f"{PREFIX}public.orders"]
    assert predicted["source"]["topics"] == [f"{PREFIX}public.orders"]
    assert make_pipeline()["source"]["topics"] != predicted["source"]["topics"]


def test_diff_view_names_the_ends_and_sorts_bare_topics():
    assert diff_view(make_pipeline(transforms=[], topic_auto_discovery_transforms=[])) == {
        "name": "orders-to-snowflake", "source": "orders-pg", "destination": "analytics",
        "topics": ["public.customers", "public.orders"], "snapshot_new_tables": False,
    }


def test_diff_view_shows_the_routes_through_transforms_when_there_are_some():
    view = diff_view(make_pipeline())
    assert view["transforms"] == ["mask-email -> public.orders"]
    assert view["topic_auto_discovery_transforms"] == ["t1 -> public\\..*"]


def test_embedded_configs_are_masked_unless_asked():
    def mask_all(noun, entity):
        return dict(entity, config={key: f"masked-{noun}" for key in entity["config"]})

    shown = redact_pipeline(make_pipeline(), False, mask_all)
    assert set(shown["source"]["config"].values()) == {"masked-source"}
    assert set(shown["destination"]["config"].values()) == {"masked-destination"}
    assert redact_pipeline(make_pipeline(), True, mask_all) == make_pipeline()
