# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""state=redeployed of streamkap_source and streamkap_destination through main(), with mocked HTTP; the plural
modules and the roles do not offer it."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest
import yaml
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_destination,
    streamkap_destinations,
    streamkap_source,
    streamkap_sources,
)
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page, make_source

ROOT = Path(__file__).resolve().parents[4]
SOURCE_ID = "65a1b2c3d4e5f60718293a4b"
BROKEN_TASKS = {"0": {"status": "FAILED", "trace": "ConnectException: slot is gone"}}
MODULES = {"sources": streamkap_source, "destinations": streamkap_destination}


def run_module(module: t.Any, args: dict, capsys: pytest.CaptureFixture) -> dict:
    with patch_module_args(dict({"api_url": API_URL, "access_token": TOKEN}, **args)):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def entity(status: str = "Broken", **fields: t.Any) -> dict:
    return make_source("orders", SOURCE_ID, connector_status=status,
                       task_statuses=BROKEN_TASKS if status == "Broken" else {"0": {"status": "RUNNING"}}, **fields)


@pytest.mark.parametrize("kind", ["sources", "destinations"])
def test_a_broken_entity_found_by_name_is_redeployed_and_the_answer_returned(api, capsys, kind):
    api.get(f"{API_URL}/{kind}", json=list_page([entity()]))
    api.post(f"{API_URL}/{kind}/{SOURCE_ID}/deploy", json=entity("Starting"))

    result = run_module(MODULES[kind], {"name": "orders", "state": "redeployed"}, capsys)

    assert result["changed"] is True
    assert result[kind[:-1]]["connector_status"] == "Starting"
    assert [(call.request.method, call.request.path_url.split("?")[0]) for call in api.calls] == [
        ("GET", f"/{kind}"), ("POST", f"/{kind}/{SOURCE_ID}/deploy")]
    assert "diff" not in result


def test_an_active_source_is_redeployed_too_a_change_on_every_run(api, capsys):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([entity("Active")]))
    api.post(f"{API_URL}/sources/{SOURCE_ID}/deploy", json=entity("Starting"))

    for _run in range(2):
        assert run_module(streamkap_source, {"id": SOURCE_ID, "state": "redeployed"}, capsys)["changed"] is True

    assert len(calls_to(api, "POST", f"/sources/{SOURCE_ID}/deploy")) == 2


def test_check_mode_reports_a_change_and_sends_nothing(api, capsys):
    api.get(f"{API_URL}/destinations", json=list_page([entity()]))

    result = run_module(streamkap_destination, {"name": "orders", "state": "redeployed", "_ansible_check_mode": True}, capsys)

    assert result["changed"] is True
    assert result["destination"]["connector_status"] == "Broken"
    assert not calls_to(api, "POST", f"/destinations/{SOURCE_ID}/deploy")


def test_wait_polls_until_active(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([entity()]))
    api.post(f"{API_URL}/sources/{SOURCE_ID}/deploy", json=entity("Starting"))
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([entity("Starting")]))
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([entity("Active")]))

    result = run_module(streamkap_source, {"name": "orders", "state": "redeployed", "wait": True, "wait_interval": 0.5}, capsys)

    assert result["changed"] is True and result["source"]["connector_status"] == "Active"
    assert len(calls_to(api, "GET", f"/sources/{SOURCE_ID}")) == 2


def test_wait_fails_at_once_on_broken_naming_the_task_trace_and_reporting_the_change(api, capsys):
    api.get(f"{API_URL}/destinations", json=list_page([entity()]))
    api.post(f"{API_URL}/destinations/{SOURCE_ID}/deploy", json=entity("Starting"))
    api.get(f"{API_URL}/destinations/{SOURCE_ID}", json=list_page([entity("Broken")]))

    result = run_module(streamkap_destination, {"name": "orders", "state": "redeployed", "wait": True,
                                                "wait_interval": 0.5, "wait_timeout": 600}, capsys)

    assert result["failed"] is True and result["changed"] is True
    assert "is Broken instead of Active: task 0: FAILED (ConnectException: slot is gone)" in result["msg"]
    assert len(calls_to(api, "GET", f"/destinations/{SOURCE_ID}")) == 1


def test_a_missing_source_fails_and_nothing_is_sent(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([]))

    result = run_module(streamkap_source, {"name": "orders", "state": "redeployed"}, capsys)

    assert result["failed"] is True
    assert result["msg"] == "No source is named 'orders': only an existing source can be redeployed. Nothing was changed."
    assert [call.request.method for call in api.calls] == ["GET"]


def test_a_source_being_deleted_is_not_redeployed(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([entity("Pending Delete", desired_state="Pending Delete")]))

    result = run_module(streamkap_source, {"name": "orders", "state": "redeployed"}, capsys)

    assert result["failed"] is True and "is being deleted and cannot be redeployed" in result["msg"]
    assert not calls_to(api, "POST", f"/sources/{SOURCE_ID}/deploy")


def test_an_id_whose_source_has_another_name_is_refused(api, capsys):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([entity()]))

    result = run_module(streamkap_source, {"id": SOURCE_ID, "name": "billing", "state": "redeployed"}, capsys)

    assert result["failed"] is True
    assert f"id '{SOURCE_ID}' is named 'orders', not 'billing'. Nothing was redeployed" in result["msg"]
    assert not calls_to(api, "POST", f"/sources/{SOURCE_ID}/deploy")


@pytest.mark.parametrize("options, named", [
    ({"config": {"database.user": "x"}}, "config"),
    ({"connector": "postgresql", "desired_state": "Active"}, "connector, desired_state"),
    ({"tags": ["prod"]}, "tags"),
])
def test_options_a_redeploy_would_ignore_are_refused_before_any_request(api, capsys, options, named):
    result = run_module(streamkap_source, dict({"name": "orders", "state": "redeployed"}, **options), capsys)

    assert result["failed"] is True
    assert result["msg"] == (f"state=redeployed only redeploys the source; it takes no {named}. Nothing was sent: "
                             "apply changes with state=present first.")
    assert len(api.calls) == 0


@pytest.mark.parametrize("module", [streamkap_sources, streamkap_destinations])
def test_the_plural_modules_do_not_take_state_redeployed(api, capsys, module):
    result = run_module(module, {"state": "redeployed", "config": [{"name": "orders"}]}, capsys)

    assert result["failed"] is True
    assert "value of state must be one of" in result["msg"] and "got: redeployed" in result["msg"]
    assert len(api.calls) == 0


def test_the_singular_modules_offer_it_and_the_roles_do_not():
    assert "redeployed" in streamkap_source.argument_spec()["state"]["choices"]
    assert "redeployed" in streamkap_destination.argument_spec()["state"]["choices"]
    for role in ("sources", "stack"):
        specs = (ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text(encoding="utf-8")
        assert "redeployed" not in specs
        yaml.safe_load(specs)
