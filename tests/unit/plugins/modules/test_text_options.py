# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A list or dict given for a text option is refused, naming the option, before any request.

ansible-core turns anything given for a `type: str` (or `path`) option into text: `name: [a]`
would create an entity called "['a']". Every text option of every module is tried, read from the
modules' own argument specs, so an option added later is covered too.
"""

from __future__ import annotations

import json
import typing as t

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils.common import TEXT_TYPES, non_text_values
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import fleet_argument_spec
from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_destination,
    streamkap_destination_info,
    streamkap_destinations,
    streamkap_pipeline,
    streamkap_pipeline_info,
    streamkap_pipelines,
    streamkap_source,
    streamkap_source_info,
    streamkap_sources,
    streamkap_tag,
    streamkap_tag_info,
)
from tests.unit.helpers import API_URL, TOKEN

SINGULAR = (streamkap_source, streamkap_destination, streamkap_pipeline, streamkap_tag)
INFO = (streamkap_source_info, streamkap_destination_info, streamkap_pipeline_info, streamkap_tag_info)
FLEETS = {streamkap_sources: streamkap_sources.SOURCES, streamkap_destinations: streamkap_destinations.DESTINATIONS,
          streamkap_pipelines: streamkap_pipelines.PIPELINES}
BAD_VALUES = {"a list": ["a"], "a dict": {"a": 1}}
# What each module needs besides the option tried (auth aside).
BASE_ARGS: dict[t.Any, dict[str, t.Any]] = {module: {"name": "orders"} for module in SINGULAR}


def module_spec(module: t.Any) -> dict[str, dict[str, t.Any]]:
    return fleet_argument_spec(FLEETS[module]) if module in FLEETS else module.argument_spec()


def text_options(spec: t.Mapping[str, t.Mapping[str, t.Any]]) -> list[tuple[str, bool]]:
    """(option, whether it is a list of text) for every text option of an argument spec, suboptions of
    dict options as "parent.child"; a list of dicts (a plural module's entries) is tried apart."""
    found = []
    for name, option in spec.items():
        kind = option.get("type") or "str"
        if kind in TEXT_TYPES:
            found.append((name, False))
        elif kind == "list" and option.get("elements") in TEXT_TYPES:
            found.append((name, True))
        elif kind == "dict" and option.get("options"):
            found.extend((f"{name}.{child}", is_list) for child, is_list in text_options(option["options"]))
    return found


def nested(option: str, value: t.Any) -> dict[str, t.Any]:
    """{"scope": {"tag": value}} for "scope.tag"."""
    head, rest = option.split(".", 1) if "." in option else (option, "")
    return {head: nested(rest, value) if rest else value}


def cases() -> list[t.Any]:
    found = []
    for module in (*SINGULAR, *INFO, *FLEETS):
        for option, is_list in text_options(module_spec(module)):
            for what, value in BAD_VALUES.items():
                found.append(pytest.param(module, option, [value] if is_list else value, what,
                                          id=f"{module.__name__.rsplit('.', 1)[-1]}-{option}-{what.split()[1]}"))
    return found


def run_main(module: t.Any, args: dict[str, t.Any], capsys: pytest.CaptureFixture) -> dict[str, t.Any]:
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def test_every_module_has_text_options_to_try():
    """The walk below finds the options it must: names, ids, descriptions, references and auth."""
    options = {option for module in (*SINGULAR, *INFO, *FLEETS) for option, _is_list in text_options(module_spec(module))}
    assert {"name", "id", "api_url", "access_token", "client_id", "client_secret", "ca_path", "description",
            "source_id", "destination_id", "scope.tag", "scope.name_prefix", "partial_name", "tags"} <= options


@pytest.mark.parametrize("module, option, value, what", cases())
def test_a_list_or_dict_for_a_text_option_is_refused_before_any_request(api, capsys, module, option, value, what):
    args = {"api_url": API_URL, "access_token": TOKEN, **BASE_ARGS.get(module, {})}
    args.update(nested(option, value))

    result = run_main(module, args, capsys)

    assert result["failed"] is True
    shown = f"{option}[0]" if isinstance(value, list) and isinstance(value[0], (list, dict)) else option
    assert f"{shown} must be text, not {what}" in result["msg"]
    assert "Traceback" not in json.dumps(result)
    assert not api.calls, "nothing may be sent"


def test_a_list_for_a_name_never_becomes_an_entity_named_after_it(api, capsys):
    """name: [a] with neither id nor another name: refused as such, not as a missing name."""
    result = run_main(streamkap_tag, {"api_url": API_URL, "access_token": TOKEN, "name": ["a"], "description": {"x": 1}},
                      capsys)

    assert result["failed"] is True
    assert result["msg"] == "name must be text, not a list; description must be text, not a dict. Nothing was sent."
    assert not api.calls


def test_a_secret_given_as_a_list_is_refused_without_showing_it(api, capsys):
    result = run_main(streamkap_source_info, {"api_url": API_URL, "access_token": ["tok-in-a-list-5e1"]}, capsys)

    assert result["failed"] is True
    assert "access_token must be text, not a list" in result["msg"]
    assert "tok-in-a-list-5e1" not in json.dumps(result)
    assert not api.calls


def fleet_entry_cases() -> list[t.Any]:
    found = []
    for module, fleet in FLEETS.items():
        for option, is_list in text_options(fleet.entry_argument_spec):
            for what, value in BAD_VALUES.items():
                found.append(pytest.param(module, option, [value] if is_list else value, what,
                                          id=f"{module.__name__.rsplit('.', 1)[-1]}-{option}-{what.split()[1]}"))
    return found


@pytest.mark.parametrize("module, option, value, what", fleet_entry_cases())
def test_a_list_or_dict_for_a_text_key_of_an_entry_is_a_bad_entry(api, capsys, module, option, value, what):
    entry = {"name": "bad", "connector": "postgresql"} if module is not streamkap_pipelines else {"name": "bad"}
    args = {"api_url": API_URL, "access_token": TOKEN, "config": [{**entry, option: value}]}

    result = run_main(module, args, capsys)

    assert result["failed"] is True
    shown = f"{option}[0]" if isinstance(value, list) and isinstance(value[0], (list, dict)) else option
    assert [bad["position"] for bad in result["bad_entries"]] == [0]
    assert f"{shown} must be text, not {what}" in result["bad_entries"][0]["msg"]
    assert f"config[0] ({result['bad_entries'][0]['name']!r}): {shown} must be text" in result["msg"]
    assert not api.calls, "nothing may be sent"


def test_non_text_values_walks_suboptions_but_leaves_entries_to_their_module():
    spec = fleet_argument_spec(streamkap_sources.SOURCES)
    params = {"name": None, "scope": {"tag": ["t"], "name_prefix": "ok"}, "config": [{"name": ["a"]}],
              "api_url": {"u": 1}, "update_secrets": "always"}

    assert non_text_values(spec, params) == {"scope.tag": "a list", "api_url": "a dict"}
