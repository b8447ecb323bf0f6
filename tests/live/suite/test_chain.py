"""The whole chain on the user's test database and destination (LIVE_VARS): source, destination
and pipeline, all carrying a tag; applied again without a change; torn down in reverse order."""
from __future__ import annotations

from pathlib import Path

from tests.live.api import LiveApi
from tests.live.settings import LiveSettings

CHAIN = ("tag", "source", "destination", "pipeline")


def chain_names(live: LiveSettings) -> dict[str, str]:
    return {part: f"{live.prefix}{'chain-tag' if part == 'tag' else part}" for part in CHAIN}


def existing(api: LiveApi, live: LiveSettings) -> dict[str, list[str]]:
    return {part: [item["name"] for item in api.named(f"{part}s", name)] for part, name in chain_names(live).items()}


def test_the_chain_is_created_left_alone_and_torn_down(live: LiveSettings, api: LiveApi, playbook, chain_vars: Path) -> None:
    names = chain_names(live)

    created = playbook("chain.yml", vars_file=chain_vars)
    assert created.rc == 0, created.output
    results = created.results["msg"]
    assert {part: results[part]["changed"] for part in CHAIN} == dict.fromkeys(CHAIN, True)
    assert {part: results[part][part]["name"] for part in CHAIN} == names
    tag_id = results["tag"]["tag"]["id"]
    assert all(tag_id in results[part][part]["tags"] for part in ("source", "destination", "pipeline"))
    assert existing(api, live) == {part: [name] for part, name in names.items()}

    again = playbook("chain.yml", vars_file=chain_vars)
    assert again.rc == 0, again.output
    assert again.changed == 0, again.output
    assert {part: again.results["msg"][part][part]["id"] for part in CHAIN} == \
        {part: results[part][part]["id"] for part in CHAIN}

    torn_down = playbook("chain.yml", {"live_chain_state": "absent"}, vars_file=chain_vars)
    assert torn_down.rc == 0, torn_down.output
    assert {part: torn_down.results["msg"][part]["changed"] for part in CHAIN} == dict.fromkeys(CHAIN, True)
    assert existing(api, live) == dict.fromkeys(CHAIN, [])
