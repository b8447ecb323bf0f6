# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The tag rules: name-or-id resolution, purge semantics, drift as sets, names in diffs."""

from __future__ import annotations

import dataclasses

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.tagging import (
    TagCatalog,
    TagPlan,
    check_tag_refs,
    planned_tags,
    unwrap_tags,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import ResourceSpec
from ansible_collections.streamkap.cloud.plugins.modules import streamkap_destination
from tests.unit.helpers import API_URL, TOKEN, calls_to, with_spec_defaults

DEVELOPMENT = "670e5ca40afe1d3983ce0c22"


def tag(tag_id: str, name: str, system: bool = False) -> dict:
    return {"id": tag_id, "name": name, "description": "", "type": ["general"], "system": system, "custom": not system}


CATALOG = TagCatalog((
    tag(DEVELOPMENT, "Development", system=True),
    tag("t-prod", "production"),
    tag("t-team", "team-data"),
    tag("t-pii", "pii"),
))


def test_names_and_ids_resolve_to_ids_in_order_once_each():
    assert CATALOG.resolve(["production", "t-team", "production", DEVELOPMENT]) == ["t-prod", "t-team", DEVELOPMENT]


def test_name_matching_is_exact_and_case_sensitive():
    with pytest.raises(StreamkapError) as error:
        CATALOG.resolve(["Production", "team"])
    message = str(error.value)
    assert "'Production'" in message and "'team'" in message
    assert "streamkap.cloud.streamkap_tag" in message
    assert "Nothing was changed" in message


def test_unknown_references_fail_together_naming_the_option():
    with pytest.raises(StreamkapError, match=r"^tags: no tag has the name or id 'nope', 'gone'"):
        CATALOG.resolve(["production", "nope", "gone"])


def test_a_name_held_by_two_tags_is_refused_listing_their_ids():
    catalog = TagCatalog((tag("a1", "dup"), tag("a2", "dup")))
    with pytest.raises(StreamkapError, match=r"2 tags are named 'dup' \(ids: a1, a2\); give the id instead"):
        catalog.resolve(["dup"])
    assert catalog.resolve(["a2"]) == ["a2"]


def test_a_reference_that_is_one_tags_id_and_anothers_name_is_refused_naming_both():
    catalog = TagCatalog((tag("t-prod", "production"), tag("t-x", "t-prod")))
    with pytest.raises(StreamkapError, match=r"'t-prod' is ambiguous: it is the id of tag 'production' and the name of tag 't-prod' \(id t-x\)"):
        catalog.resolve(["t-prod"])
    assert catalog.resolve(["production", "t-x"]) == ["t-prod", "t-x"]


def test_purge_makes_the_tags_exactly_the_wanted_ones_but_keeps_held_system_tags():
    held = [DEVELOPMENT, "t-prod", "t-pii"]
    assert planned_tags(held, ["t-team"], purge=True, catalog=CATALOG) == ["t-team", DEVELOPMENT]
    # An empty list clears every tag the user may drop, not the system one.
    assert planned_tags(held, [], purge=True, catalog=CATALOG) == [DEVELOPMENT]


def test_purge_never_adds_a_system_tag_the_entity_does_not_hold():
    assert planned_tags(["t-prod"], ["t-prod"], purge=True, catalog=CATALOG) == ["t-prod"]


def test_without_purge_the_wanted_tags_are_added_and_the_others_kept():
    assert planned_tags(["t-pii", "t-prod"], ["t-team", "t-prod"], purge=False, catalog=CATALOG) == ["t-pii", "t-prod", "t-team"]
    assert planned_tags(None, ["t-team"], purge=False, catalog=CATALOG) == ["t-team"]


def test_tags_compare_as_sets():
    same_in_other_order = TagPlan.for_entity({"tags": ["t-team", "t-prod"]}, ["t-prod", "t-team"], True, CATALOG)
    assert not same_in_other_order.changed
    added = TagPlan.for_entity({"tags": ["t-prod"]}, ["t-team"], False, CATALOG)
    assert added.changed
    assert added.planned == ("t-prod", "t-team")


def test_a_missing_or_null_tags_field_counts_as_no_tags():
    assert TagPlan.for_entity({"tags": None}, [], True, CATALOG).changed is False
    assert TagPlan.for_entity({}, ["t-pii"], True, CATALOG).changed is True


def test_the_plan_shows_tags_by_name_sorted_unknown_ids_as_they_are():
    plan = TagPlan.for_entity({"tags": ["t-team", "unseen-id", DEVELOPMENT]}, ["t-prod"], True, CATALOG)
    assert plan.before_names() == ["Development", "team-data", "unseen-id"]
    assert plan.after_names() == ["Development", "production"]


@pytest.mark.parametrize("refs", [[""], ["  "], ["bad\nname"], ["x" * 300]])
def test_unusable_references_are_refused_before_any_request(refs):
    with pytest.raises(StreamkapError, match="tags"):
        check_tag_refs(refs)


def test_the_tags_answer_is_unwrapped_and_a_misshapen_one_refused():
    assert unwrap_tags({"tags": [tag("a", "b")]}) == [tag("a", "b")]
    assert unwrap_tags(None) == [] and unwrap_tags({}) == []
    for answer in ({"tags": [tag("a", "b"), "junk"]}, {"tags": {"id": "a"}}, ["tags"], {"result": [tag("a", "b")]}):
        with pytest.raises(ValueError):
            unwrap_tags(answer)


def test_the_catalog_is_one_get_of_every_tag(api):
    api.get(f"{API_URL}/tags", json={"tags": [tag(DEVELOPMENT, "Development", True), tag("t1", "team")]})
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN)

    catalog = TagCatalog.read(client)

    assert catalog.resolve(["team", "Development"]) == ["t1", DEVELOPMENT]
    assert catalog.is_system(DEVELOPMENT) and not catalog.is_system("t1")
    assert len(calls_to(api, "GET", "/tags")) == 1


# --- an unknown tag in check mode (a tag task earlier in the same check run would create it) ---

def destination_reconciler(warnings: list[str]) -> Reconciler:
    return Reconciler(StreamkapClient(api_url=API_URL, access_token=TOKEN), DESTINATION, warn=warnings.append)


def new_destination(**options) -> ResourceSpec:
    params = with_spec_defaults(streamkap_destination.argument_spec(), name="dw", connector="s3",
                                config={"aws.s3.bucket.name": "b"}, validate_config=False, tags=["prod", "t-team"], **options)
    fields = {field.name for field in dataclasses.fields(ResourceSpec)}
    return ResourceSpec(**{name: value for name, value in params.items() if name in fields})


def test_in_check_mode_an_unknown_tag_is_a_warning_and_the_predicted_entity_carries_it(api):
    api.get(f"{API_URL}/tags", json={"tags": [tag("t-team", "team-data")]})
    api.get(f"{API_URL}/destinations", json={"result": [], "total": 0})
    warnings: list[str] = []

    result = destination_reconciler(warnings).ensure_present(new_destination(), check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["destination"]["tags"] == ["t-team", "prod"]
    assert result["diff"]["after"]["tags"] == ["prod", "team-data"]
    assert len(warnings) == 1 and "'prod'" in warnings[0] and "check mode" in warnings[0]
    assert [call.request.method for call in api.calls] == ["GET", "GET"]


def test_outside_check_mode_an_unknown_tag_fails_before_any_write(api):
    api.get(f"{API_URL}/tags", json={"tags": [tag("t-team", "team-data")]})
    warnings: list[str] = []

    with pytest.raises(StreamkapError, match="no tag has the name or id 'prod'"):
        destination_reconciler(warnings).ensure_present(new_destination(), check_mode=False)

    assert warnings == []
    assert [call.request.method for call in api.calls] == ["GET"]
