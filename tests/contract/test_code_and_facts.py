# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The code calls nothing the facts file does not list, and the facts file lists nothing the code does not call.

What the code calls is derived from the code (tests/contract/code_calls.py), never listed by hand.
"""

from __future__ import annotations

import re
import typing as t

import pytest

from tests.contract import code_calls
from tests.contract.code_calls import SAMPLE_ID, Sent
from tests.contract.drift_tool import FACTS, api_drift

Fact = t.Any


@pytest.fixture(scope="module")
def facts() -> list[Fact]:
    return api_drift.load_facts(FACTS)


@pytest.fixture(scope="module")
def sent() -> list[Sent]:
    return code_calls.code_calls()


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/")


def listed_route(facts: list[Fact], sent: Sent) -> str | None:
    """The facts' path template a concrete call addresses: {x} takes any segment; the most literal template wins
    (/sources/connectors is not /sources/{id})."""
    candidates = []
    for fact in facts:
        if fact.place != "operation" or fact.method != sent.method:
            continue
        template, concrete = _segments(fact.path), _segments(sent.path)
        if len(template) == len(concrete) and all(mine.startswith("{") or mine == theirs for mine, theirs in zip(template, concrete)):
            candidates.append((sum(not segment.startswith("{") for segment in template), fact.path))
    return max(candidates)[1] if candidates else None


def listed_fields(facts: list[Fact], method: str, path: str, place: str) -> dict[str, Fact]:
    return {fact.field: fact for fact in facts if (fact.method, fact.path, fact.place) == (method, path, place)}


def covers(pattern: str, field: str) -> bool:
    """Whether a listed field names a sent one; `*` is any key of a map, dots in it included (config.*)."""
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".+"), field) is not None


def is_listed(field: str, listed: t.Iterable[str]) -> bool:
    return any(covers(pattern, field) for pattern in listed)


def test_the_derivation_reaches_every_descriptor_path_and_verb(sent: list[Sent]) -> None:
    calls = {(call.method, call.path) for call in sent}
    for entry in code_calls.KINDS:
        kind = entry.kind
        item, deleted = kind.item_path(SAMPLE_ID), kind.delete_target(SAMPLE_ID)[0]
        assert {("get", kind.path), ("post", kind.path), ("get", item), ("put", kind.update_path(SAMPLE_ID)),
                ("delete", deleted)} <= calls
        if kind.schema_path:
            assert ("get", kind.schema_path) in calls
        for used_by in kind.used_by:
            assert any(call.path == used_by.path and (used_by.id_filter is None or used_by.id_filter in call.query)
                       for call in sent)
    assert ("post", f"/sources/{SAMPLE_ID}/actions/pause") in calls
    assert {("post", f"/sources/{SAMPLE_ID}/deploy"), ("post", f"/destinations/{SAMPLE_ID}/deploy")} <= calls
    polled = {(call.method, call.path, call.query) for call in code_calls.watch_calls()}
    listed = ("page", "page_size", "partial_name", "secret_returned")
    assert {("get", "/tags", ()), ("get", "/sources", listed), ("get", "/destinations", listed), ("get", "/pipelines", listed),
            ("get", "/transforms", listed), ("get", f"/pipelines/{SAMPLE_ID}/metrics", ())} <= polled
    # Transforms: PUT on the collection, DELETE by query, and the job.
    assert {("put", "/transforms"), ("delete", "/transforms"), ("get", f"/transforms/{SAMPLE_ID}/job_status"),
            ("put", f"/transforms/{SAMPLE_ID}/deploy-job-preview/no-version"),
            ("put", f"/transforms/{SAMPLE_ID}/deploy-job-live/no-version")} <= calls


def test_every_call_of_the_code_is_a_listed_operation(facts: list[Fact], sent: list[Sent]) -> None:
    unlisted = sorted({f"{call.method.upper()} {call.path}" for call in sent if listed_route(facts, call) is None})
    assert not unlisted, f"the code calls operations tests/contract/api_facts.yml does not list: {unlisted}"


def test_every_query_parameter_the_code_sends_is_listed(facts: list[Fact], sent: list[Sent]) -> None:
    unlisted = sorted({
        f"{call.method.upper()} {route} query {name}"
        for call in sent if (route := listed_route(facts, call))
        for name in call.query if name not in listed_fields(facts, call.method, route, "query")
    })
    assert not unlisted, f"the code sends query parameters the facts file does not list: {unlisted}"


def test_every_body_field_the_code_sends_is_listed(facts: list[Fact], sent: list[Sent]) -> None:
    unlisted = sorted({
        f"{call.method.upper()} {route} body {field}"
        for call in sent if (route := listed_route(facts, call))
        for field in code_calls.body_fields(call.body) if not is_listed(field, listed_fields(facts, call.method, route, "body"))
    })
    assert not unlisted, f"the code sends body fields the facts file does not list: {unlisted}"


def test_every_path_value_the_code_sends_is_among_the_listed_values(facts: list[Fact], sent: list[Sent]) -> None:
    """A path parameter the facts give values for (the source actions) gets only those values from the code."""
    unlisted = []
    for call in sent:
        route = listed_route(facts, call)
        if route is None:
            continue
        for name, fact in listed_fields(facts, call.method, route, "path").items():
            value = _segments(call.path)[_segments(route).index(f"{{{name}}}")]
            if fact.enum is not None and value not in fact.enum:
                unlisted.append(f"{call.method.upper()} {route}: {name}={value}")
    assert not unlisted, f"the code sends path values the facts file does not list: {unlisted}"


def test_the_facts_list_no_operation_the_code_does_not_call(facts: list[Fact], sent: list[Sent]) -> None:
    called = {(call.method, listed_route(facts, call)) for call in sent}
    stale = [fact.label() for fact in facts if fact.place == "operation" and (fact.method, fact.path) not in called]
    assert not stale, f"tests/contract/api_facts.yml lists operations the code never calls: {stale}"


def test_the_facts_list_no_query_or_body_field_the_code_does_not_send(facts: list[Fact], sent: list[Sent]) -> None:
    """Bodies are checked where the derivation builds them (the client's token bodies are its own)."""
    sent_fields: dict[tuple[str, str | None, str], set[str]] = {}
    for call in sent:
        route = listed_route(facts, call)
        sent_fields.setdefault((call.method, route, "query"), set()).update(call.query)
        if call.body is not None:
            sent_fields.setdefault((call.method, route, "body"), set()).update(code_calls.body_fields(call.body))
    stale = [
        fact.label() for fact in facts
        if fact.place in ("query", "body") and (fact.method, fact.path, fact.place) in sent_fields
        and not any(covers(fact.field, field) for field in sent_fields[(fact.method, fact.path, fact.place)])
    ]
    assert not stale, f"tests/contract/api_facts.yml lists fields the code never sends: {stale}"


def test_a_star_covers_any_key_of_a_map_and_nothing_else() -> None:
    assert covers("config.*", "config.database.hostname.user.defined")
    assert not covers("config.*", "config")
    assert not covers("config.*", "configs.x")
    assert covers("source.id", "source.id") and not covers("source.id", "source.idx")


def test_body_fields_are_dotted_for_nested_objects_and_list_items() -> None:
    body = {"name": "p", "source": {"id": "1", "topics": ["a"]}, "transforms": [{"id": "t"}, {"id": "u", "topic": "x"}]}
    assert code_calls.body_fields(body) == [
        "name", "source", "source.id", "source.topics", "transforms", "transforms[].id", "transforms[].topic",
    ]
