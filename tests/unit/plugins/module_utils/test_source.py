# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapApiError, StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.config import SECRET_MASK, is_secret_key, redact_config
from ansible_collections.streamkap.cloud.plugins.module_utils.source import (
    SourceService,
    SourceSpec,
    action_path,
    redact_source,
    secret_config_values,
)
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, answer_schema, calls_to, list_page, make_source, source_spec

CONFIG = {
    "database.hostname.user.defined": "db.example.com",
    "database.port.user.defined": 5432,
    "database.user": "streamkap",
    "database.password": DB_PASSWORD,
}
# CONFIG as the API answers it: string-encoded, the password withheld, a computed key added.
API_CONFIG = {
    "database.hostname.user.defined": "db.example.com",
    "database.hostname": "db.example.com",
    "database.port.user.defined": "5432",
    "database.user": "streamkap",
}


@pytest.fixture
def service() -> SourceService:
    return SourceService(StreamkapClient(api_url=API_URL, access_token=TOKEN))


def spec(**overrides) -> SourceSpec:
    fields = {"name": "orders", "connector": "postgresql", "config": dict(CONFIG)}
    fields.update(overrides)
    return source_spec(**fields)


def lookup_answers(api, *pages: list[dict], name: str = "orders", secret_returned: str = "false") -> None:
    """Register GET /sources pages for a partial_name lookup; has_next on all but the last."""
    for number, items in enumerate(pages, start=1):
        query = {"partial_name": name, "page": str(number), "page_size": "100", "secret_returned": secret_returned}
        api.get(
            f"{API_URL}/sources",
            json=list_page(items, page=number, has_next=number < len(pages)),
            match=[matchers.query_param_matcher(query)],
        )


# --- lookup ---

def test_lookup_reads_every_page(api, service):
    fillers = [make_source(f"orders-{i}", f"f{i}") for i in range(100)]
    lookup_answers(api, fillers, [make_source("orders", "wanted")])

    found = service.repository.find_by_name("orders")

    assert found["id"] == "wanted"
    assert len(calls_to(api, "GET", "/sources")) == 2


def test_lookup_matches_the_exact_name_only(api, service):
    lookup_answers(api, [make_source("orders-2", "a"), make_source("ORDERS", "b"), make_source("orders", "c"), make_source("my-orders", "d")])

    assert service.repository.find_by_name("orders")["id"] == "c"


def test_lookup_finds_nothing_among_similar_names(api, service):
    lookup_answers(api, [make_source("orders-2", "a"), make_source("ORDERS", "b"), make_source("Orders", "c")])

    assert service.repository.find_by_name("orders") is None


def test_lookup_passes_secret_returned(api, service):
    lookup_answers(api, [make_source("orders", "a")], secret_returned="true")

    assert service.repository.find_by_name("orders", secret_returned=True)["id"] == "a"


def test_duplicates_fail_listing_ids_and_nothing_is_written(api, service):
    first_page = [make_source("orders", "id-1"), make_source("orders-2", "id-x")] + [make_source(f"orders-{i}", f"f{i}") for i in range(98)]
    lookup_answers(api, first_page, [make_source("orders", "id-2")])

    with pytest.raises(StreamkapError) as caught:
        service.ensure_present(spec())

    assert "2 sources are named 'orders' (ids: id-1, id-2)" in str(caught.value)
    assert "id-x" not in str(caught.value)
    assert not calls_to(api, "POST", "/sources")


# --- create ---

def test_absent_source_is_created_with_exactly_the_users_fields(api, service):
    lookup_answers(api, [make_source("orders-2", "a")])
    answer_schema(api)
    created = make_source("orders", "new-id", config={"database.hostname.user.defined": "db.example.com"})
    api.post(f"{API_URL}/sources", json=created, match=[matchers.query_param_matcher({"secret_returned": "false", "wait": "false"})])

    result = service.ensure_present(spec())

    assert result == {"changed": True, "source": created}
    sent = json.loads(calls_to(api, "POST", "/sources")[0].request.body)
    assert sent == {"name": "orders", "connector": "postgresql", "config": CONFIG, "created_from": "api"}


def test_create_sends_desired_state_and_created_from_when_set(api, service):
    lookup_answers(api, [], secret_returned="true")
    answer_schema(api)
    api.post(f"{API_URL}/sources", json=make_source("orders", "n"), match=[matchers.query_param_matcher({"secret_returned": "true", "wait": "false"})])

    service.ensure_present(spec(desired_state="Paused", created_from="terraform", secret_returned=True))

    sent = json.loads(calls_to(api, "POST", "/sources")[0].request.body)
    assert sent["desired_state"] == "Paused"
    assert sent["created_from"] == "terraform"
    assert set(sent) == {"name", "connector", "config", "created_from", "desired_state"}


def test_present_source_is_returned_without_a_write(api, service):
    existing = make_source("orders", "existing-id", config=API_CONFIG)
    lookup_answers(api, [existing])

    result = service.ensure_present(spec())

    assert result == {"changed": False, "source": existing}
    assert len(api.calls) == 1


def test_present_source_needs_no_connector_or_config(api, service):
    lookup_answers(api, [make_source("orders", "existing-id")])

    result = service.ensure_present(source_spec(name="orders"))

    assert result["changed"] is False


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [({"connector": None}, "connector"), ({"config": None}, "config"), ({"connector": None, "config": None}, "connector, config")],
)
def test_create_without_connector_or_config_fails_before_any_write(api, service, overrides, missing):
    lookup_answers(api, [])

    with pytest.raises(StreamkapError) as caught:
        service.ensure_present(spec(**overrides))

    assert str(caught.value) == f"Source 'orders' does not exist, and creating it needs: {missing}."
    assert not calls_to(api, "POST", "/sources")


def test_api_error_on_create_propagates(api, service):
    lookup_answers(api, [])
    answer_schema(api)
    api.post(f"{API_URL}/sources", json={"detail": "Source with name orders already exists"}, status=422, headers={"X-Request-Id": "r-9"})

    with pytest.raises(StreamkapApiError) as caught:
        service.ensure_present(spec())

    assert caught.value.status == 422
    assert "already exists" in str(caught.value)
    assert DB_PASSWORD not in str(caught.value)


def test_unknown_state_is_refused(service):
    with pytest.raises(StreamkapError, match="state=gone is not supported"):
        service.run("gone", spec())


# --- check mode ---

def test_check_mode_predicts_the_object_without_writing(api, service):
    lookup_answers(api, [])
    answer_schema(api)

    result = service.ensure_present(spec(desired_state="Active"), check_mode=True)

    assert result["changed"] is True
    assert result["source"] == {
        "id": None,
        "name": "orders",
        "connector": "postgresql",
        "created_from": "api",
        "desired_state": "Active",
        "config": dict(CONFIG, **{"database.password": SECRET_MASK}),
    }
    assert not calls_to(api, "POST", "/sources")


def test_check_mode_on_a_present_source_reports_no_change(api, service):
    lookup_answers(api, [make_source("orders", "x", config=API_CONFIG)])

    result = service.ensure_present(spec(), check_mode=True)

    assert result["changed"] is False
    assert result["source"]["id"] == "x"


# --- secrets ---

def test_echoed_secret_is_masked_unless_secret_returned(api, service):
    lookup_answers(api, [])
    answer_schema(api)
    echoed = make_source("orders", "n", config={"database.user": "streamkap", "database.password": DB_PASSWORD})
    api.post(f"{API_URL}/sources", json=echoed)

    result = service.ensure_present(spec())

    assert result["source"]["config"] == {"database.user": "streamkap", "database.password": SECRET_MASK}


def test_secret_returned_keeps_the_api_values():
    source = make_source("orders", "n", config={"database.password": DB_PASSWORD})

    assert redact_source(source, secret_returned=True)["config"]["database.password"] == DB_PASSWORD
    assert redact_source(source, secret_returned=False)["config"]["database.password"] == SECRET_MASK
    assert source["config"]["database.password"] == DB_PASSWORD  # the input is not modified


@pytest.mark.parametrize("withheld", [None, ""])
def test_withheld_secrets_stay_as_the_api_sent_them(withheld):
    assert redact_config({"database.password": withheld}) == {"database.password": withheld}


@pytest.mark.parametrize(
    "key",
    ["database.password", "Database.Password", "aws.secret.access.key", "aws.access.key.id", "aws.key.id",
     "mongodb.connection.string", "auth.token", "ssh.private.key"],
)
def test_secret_looking_keys(key):
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key",
    ["database.hostname.user.defined", "database.user", "ssh.public.key.user.displayed",
     "transforms.SourceRegexSupport.key.field.template", "transforms.ValueToKey.fields.include.list"],
)
def test_plain_keys(key):
    assert not is_secret_key(key)


def test_secret_config_values_for_no_log():
    config = {"database.password": DB_PASSWORD, "aws.access.key.id": 12345, "database.user": "streamkap", "auth.token": None, "x.secret": ""}

    assert secret_config_values(config) == {DB_PASSWORD, "12345"}


def test_secret_config_values_read_a_raw_json_string():
    assert secret_config_values(json.dumps({"database.password": DB_PASSWORD})) == {DB_PASSWORD}
    assert secret_config_values("not a dict {") == set()
    assert secret_config_values(None) == set()


def test_action_path_assumption():
    assert action_path("abc", "pause") == "/sources/abc/actions/pause"
