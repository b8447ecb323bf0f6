# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A placeholder-shaped value the user set is sent back on a later update; the ids a pipeline
names its ends by follow the id rule; an api_url with port 0 or white space is refused offline."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapError, check_api_url
from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_pipeline,
    streamkap_pipelines,
    streamkap_source,
    streamkap_source_info,
)
from tests.unit.helpers import API_URL, PG_SCHEMA, TOKEN, answer_schema, calls_to, list_page, make_source, schema_prop

SOURCE_ID = "6650f1c2a9d3e4b5c6d7e8f9"
PLAIN = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap"}


def run(module, args: dict, capsys: pytest.CaptureFixture) -> dict:
    with patch_module_args({"api_url": API_URL, "access_token": TOKEN, **args}):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


# --- a placeholder-shaped value is data unless it is the key's placeholder default ---

@pytest.mark.parametrize("validate_config", [True, False])
@pytest.mark.parametrize("value", ["<MY_VALUE>", "<MY.VALUE>", "<MY VALUE>"])
def test_an_unrelated_update_sends_back_a_placeholder_shaped_value_the_user_set(api, capsys, value, validate_config):
    current = make_source("orders", SOURCE_ID, config=dict(PLAIN, **{"database.dbname": value}))
    api.get(f"{API_URL}/sources", json=list_page([current]))
    answer_schema(api)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=make_source("orders", SOURCE_ID))

    result = run(streamkap_source, {"name": "orders", "config": {"database.user": "other"},
                                    "validate_config": validate_config}, capsys)

    assert result["changed"] is True, result
    body = json.loads(calls_to(api, "PUT", f"/sources/{SOURCE_ID}")[0].request.body)
    assert body["config"]["database.dbname"] == value
    assert body["config"]["database.user"] == "other"


def test_the_key_placeholder_default_is_still_left_out(api, capsys):
    """The server's own placeholder (the schema's default of that key) is resolved there: not sent back."""
    schema = PG_SCHEMA + [schema_prop("ssh.public.key.value", default="<SSH.PUBLIC.KEY>")]
    config = dict(PLAIN, **{"ssh.public.key.value": "<SSH.PUBLIC.KEY>", "database.dbname": "<SSH.PUBLIC.KEY>"})
    current = make_source("orders", SOURCE_ID, config=config)
    api.get(f"{API_URL}/sources", json=list_page([current]))
    answer_schema(api, schema)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=make_source("orders", SOURCE_ID))

    result = run(streamkap_source, {"name": "orders", "config": {"database.user": "other"}}, capsys)

    assert result["changed"] is True, result
    config = json.loads(calls_to(api, "PUT", f"/sources/{SOURCE_ID}")[0].request.body)["config"]
    assert "ssh.public.key.value" not in config
    assert config["database.dbname"] == "<SSH.PUBLIC.KEY>", "the same text under another key is the user's"


# --- ids a pipeline names its ends by: the id rule, before any request ---

@pytest.mark.parametrize("option", ["source_id", "destination_id", "id"])
@pytest.mark.parametrize("bad_id", ["a/b", "../x", "..", "a?b", "x#y", "a b"])
def test_a_pipeline_id_option_that_could_address_another_path_is_refused(api, capsys, option, bad_id):
    args = {"name": "orders-to-snowflake", "source": "orders-pg", "destination": "analytics", "topics": ["public.orders"]}
    ends = {"source_id": "source", "destination_id": "destination"}
    args.pop(ends.get(option, ""), None)
    args[option] = bad_id

    result = run(streamkap_pipeline, args, capsys)

    assert result["failed"] is True
    assert result["msg"].startswith(f"{option} {bad_id!r} is not a ")
    assert "ids hold only letters" in result["msg"] and "api_url" not in result["msg"]
    assert not api.calls


@pytest.mark.parametrize("option", ["source_id", "destination_id", "id"])
def test_a_pipelines_entry_whose_id_could_address_another_path_is_a_bad_entry(api, capsys, option):
    entry = {"name": "p1", "source": "orders-pg", "destination": "analytics", "topics": ["public.orders"], option: "a/b"}
    entry.pop({"source_id": "source", "destination_id": "destination"}.get(option, ""), None)

    result = run(streamkap_pipelines, {"config": [entry]}, capsys)

    assert result["failed"] is True
    assert result["bad_entries"][0]["msg"].startswith(f"{option} 'a/b' is not a ")
    assert not api.calls


# --- api_url: port 0, white space and other bad forms, refused before any request ---

BAD_API_URLS = [
    "https://api.example.com:0", "https://api.example.com:000", "https://[::1]:0", "https://api.example.com:65536",
    "https://api.example.com:abc", "https://api.example.com:", "https://api.example.com:+443",
    "https://api.example.com\n", " https://api.example.com", "https://api.example.com\t", "https://api.example.com\u00a0",
    "https://api.exa mple.com", "https://:443", "https://",
]


@pytest.mark.parametrize("api_url", BAD_API_URLS)
def test_a_bad_api_url_is_refused_by_the_client_check(api_url):
    with pytest.raises(StreamkapError) as raised:
        check_api_url(api_url)

    assert str(raised.value).startswith("api_url ")


@pytest.mark.parametrize("api_url", BAD_API_URLS)
def test_a_bad_api_url_fails_the_module_before_any_request(api, capsys, api_url):
    result = run(streamkap_source_info, {"api_url": api_url}, capsys)

    assert result["failed"] is True
    assert result["msg"].startswith("api_url ")
    assert not api.calls


@pytest.mark.parametrize("api_url, kept", [
    ("https://api.example.com:443/", "https://api.example.com:443"),
    ("https://api.example.com:080", "https://api.example.com:080"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
])
def test_a_good_port_is_kept(api_url, kept):
    assert check_api_url(api_url) == kept
