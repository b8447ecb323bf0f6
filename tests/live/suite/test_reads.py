"""The _info module of every kind answers what the API lists."""
from __future__ import annotations

from tests.live.api import KINDS, LiveApi
from tests.live.settings import NAME_PREFIX


def ids(items: list[dict]) -> set[str]:
    """The ids of the entities no live run owns (those come and go while the suite runs)."""
    return {item["id"] for item in items if not str(item["name"]).startswith(NAME_PREFIX)}


def listed_ids(api: LiveApi) -> dict[str, set[str]]:
    return {kind: ids(api.entities(kind)) for kind in KINDS}


def test_every_kind_reads_as_the_api_lists_it(api: LiveApi, playbook) -> None:
    # Listed before and after the playbook: others may change the tenant meanwhile. Whatever was
    # there both times must be read; whatever is read must have been there at least once.
    before = listed_ids(api)
    run = playbook("reads.yml")
    after = listed_ids(api)
    assert run.rc == 0, run.output
    reads = run.results["msg"]
    for kind in KINDS:
        assert all(item.get("id") and item.get("name") for item in reads[kind]), kind
        read = ids(reads[kind])
        assert before[kind] & after[kind] <= read, kind
        assert read <= before[kind] | after[kind], kind
