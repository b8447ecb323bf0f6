# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Property-based tests of streamkap_source's main() over hostile argument dicts.

- Whatever the arguments, the module ends through exit_json or fail_json: never a traceback.
- Invalid input fails naming the problem and sends zero HTTP requests.
- Names full of query syntax or unicode are sent verbatim (URL-encoded) and work.
- Extreme numbers and malformed URLs in the transport options fail naming the option, with
  no request sent.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import json
import re
import typing as t
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import responses
from ansible.module_utils.testing import patch_module_args
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.streamkap.cloud.plugins.modules import streamkap_source
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, list_page, make_source

OPTIONS = sorted(streamkap_source.argument_spec())
VALID_CONFIG = {"database.hostname.user.defined": "db.example.com", "database.password": DB_PASSWORD}
# Lone surrogates are left out: ansible-core refuses them while decoding module arguments,
# before any module code runs (inputs.py still refuses them for direct callers).
TEXT = st.characters(blacklist_categories=("Cs",))
SETTINGS = settings(max_examples=int(__import__("os").environ.get("PROP_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def base_args(**overrides: t.Any) -> dict[str, t.Any]:
    args = {"api_url": API_URL, "access_token": TOKEN, "name": "orders", "connector": "postgresql",
            "config": dict(VALID_CONFIG), "validate_config": False, "retries": 0}
    args.update(overrides)
    return args


class Outcome(t.NamedTuple):
    result: dict[str, t.Any]
    calls: list[t.Any]


def run_main(args: dict[str, t.Any], api_answers: bool) -> Outcome:
    """Run main() with `args`; any exception but SystemExit fails the test.

    With api_answers, the lookup finds nothing and creates succeed; without, no URL is
    registered and every request would fail (and be counted).
    """
    stdout = io.StringIO()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as api, mock.patch("time.sleep"):
        if api_answers:
            api.get(re.compile(r".*/sources(\?.*)?$"), json=list_page([]))
            api.post(re.compile(r".*/sources(\?.*)?$"), json=make_source("created", "new-id"))
        with patch_module_args(args), contextlib.redirect_stdout(stdout):
            try:
                streamkap_source.main()
            except SystemExit:
                pass
            else:
                raise AssertionError("main() returned without exit_json or fail_json")
        calls = list(api.calls)
    return Outcome(json.loads(stdout.getvalue()), calls)


# --- strategies ---

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(alphabet=TEXT, max_size=40),
    st.sampled_from(["a&b=c?d#e/../x", "..", "", " ", "x" * 5000, "%00", "\x00", "Ωμέγα-数据-🚀", "{{ lookup('env','HOME') }}"]),
)
junk = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(TEXT, max_size=8), inner, max_size=4),
                    max_leaves=12)
option_names = st.sampled_from(OPTIONS) | st.text(TEXT, min_size=1, max_size=12).filter(lambda key: not key.startswith("_ansible"))
argument_dicts = st.dictionaries(option_names, junk, max_size=8)


@SETTINGS
@given(overrides=argument_dicts, start_from_valid=st.booleans())
def test_any_argument_dict_ends_in_exit_or_fail_json(overrides, start_from_valid):
    args = dict(base_args() if start_from_valid else {}, **overrides)

    outcome = run_main(args, api_answers=True)

    assert outcome.result.get("failed") is True or "changed" in outcome.result
    if outcome.result.get("failed"):
        assert outcome.result["msg"]
    assert TOKEN not in json.dumps(outcome.result)
    assert DB_PASSWORD not in json.dumps(outcome.result)


def extreme_floats(above: float, below: float) -> st.SearchStrategy[t.Any]:
    """Numbers above `above` or below `below`, up to infinity, and NaN, in every spelling a playbook can use."""
    return st.one_of(
        st.floats(min_value=above, exclude_min=True),
        st.floats(max_value=below, exclude_max=True),
        st.sampled_from([float("nan"), "1e308", "1e400", "-1e400", " inf", "NaN", 1e308, -1e308]),
    )


# URLs that urlsplit refuses, or accepts but requests could not use: bracketed hosts above all.
MALFORMED_URLS = st.one_of(
    st.sampled_from(["http://[::1", "http://[not-an-ip]/", "https://[1:2:3]:99999", "https://[::1]:99999", "https://[::1]x",
                     "https://[v1.x]/", "https://]::1[", "https://[[::1]]", "https://host:-1", "https://host:0x50", "http://[::1]]:80"]),
    st.builds(lambda scheme, host, tail: f"{scheme}://[{host}{tail}", st.sampled_from(["http", "https"]),
              st.text(alphabet="0123456789abcdefgvx:.%[]", max_size=12).filter(lambda host: not _is_ipv6(host)),
              st.sampled_from(["", "]", "]/", "]:8000", "]:99999", "]x", "]]"])),
    st.builds(lambda port: f"https://api.example.com:{port}", st.integers(min_value=65536) | st.integers(max_value=-1)),
)


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


# (option or config key named in the message, arguments to merge into valid ones)
INVALID_INPUTS = st.one_of(
    st.tuples(st.just("name"), st.builds(lambda n: {"name": "x" * n}, st.integers(256, 20000))),
    st.tuples(st.just("name"), st.builds(lambda s: {"name": f"a{s}b"}, st.sampled_from(["\n", "\x00", "\t", "\x7f", "\x1b"]))),
    st.tuples(st.just("name"), st.builds(lambda s: {"name": s}, st.text(alphabet=" \u3000\u2003", min_size=1, max_size=5))),
    st.tuples(st.just("id"), st.builds(lambda v: {"id": v}, st.sampled_from([".", "..", " ", "a\nb", "x" * 300]))),
    st.tuples(st.just("connector"), st.builds(lambda v: {"connector": v}, st.text(TEXT, min_size=1, max_size=30).filter(
        lambda text: not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", text)))),
    st.tuples(st.just("config"), st.builds(lambda v: {"config": v}, st.lists(st.integers(), min_size=1) | st.integers() | st.just("not a dict"))),
    st.tuples(st.just("bad.key"), st.builds(lambda v: {"config": dict(VALID_CONFIG, **{"bad.key": v})},
                                            st.sampled_from([float("nan"), float("inf"), -float("inf"), 2 ** 64, [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]))),
    st.tuples(st.just("config key"), st.builds(lambda k: {"config": {k: "x"}}, st.sampled_from(["", " ", "a\nb", "k\x00"]))),
    st.tuples(st.just("wait_interval"), st.builds(lambda v: {"wait_interval": v}, st.sampled_from([0, -1, "nan", "abc"]))),
    st.tuples(st.just("wait_timeout"), st.builds(lambda v: {"wait_timeout": v}, st.sampled_from([-1, "soon", 1.5]))),
    st.tuples(st.just("retries"), st.builds(lambda v: {"retries": v}, st.sampled_from([-1, 101, "many"]))),
    st.tuples(st.just("retry_max_delay"), st.builds(lambda v: {"retry_max_delay": v}, st.sampled_from([-1, "inf", "nan", 10 ** 6]))),
    st.tuples(st.just("retry_max_delay"), st.builds(lambda v: {"retry_max_delay": v}, extreme_floats(3600, 0))),
    st.tuples(st.just("request_timeout"), st.builds(lambda v: {"request_timeout": v}, st.sampled_from([0, -5, "nan", "inf"]))),
    st.tuples(st.just("request_timeout"), st.builds(lambda v: {"request_timeout": v}, extreme_floats(86400, 0) | st.just(0.0))),
    st.tuples(st.just("api_url"), st.builds(lambda v: {"api_url": v}, st.sampled_from(
        ["http://api.example.com", "ftp://x", "https://", "https://u:p@api.example.com", "https://a b.com", "https://x.com?q=1", "https://x\x00.com"]))),
    st.tuples(st.just("api_url"), st.builds(lambda v: {"api_url": v}, MALFORMED_URLS)),
    st.tuples(st.just("access_token"), st.builds(lambda v: {"access_token": v}, st.sampled_from(["tok en", "tok\nen", "tökén", "t\x00"]))),
    st.tuples(st.just("state"), st.builds(lambda v: {"state": v}, st.text(TEXT, max_size=10).filter(lambda v: v not in ("present", "absent")))),
    st.tuples(st.just("desired_state"), st.builds(lambda v: {"desired_state": v}, st.sampled_from(["active", "Running", 3]))),
    st.tuples(st.just("Unsupported parameters"), st.builds(lambda k: {k: 1}, st.text(TEXT, min_size=1, max_size=10).filter(
        lambda k: k not in OPTIONS and not k.startswith("_ansible")))),
)


@SETTINGS
@given(invalid=INVALID_INPUTS)
def test_invalid_input_fails_naming_the_problem_without_any_request(invalid):
    named, overrides = invalid

    outcome = run_main(base_args(**overrides), api_answers=False)

    assert outcome.result.get("failed") is True, outcome.result
    assert named.split(" ")[0] in outcome.result["msg"]
    assert outcome.calls == []


names_with_syntax = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=255,
).filter(lambda name: name.strip() != "") | st.sampled_from(["a&b=c?d#e/../x", "../../etc/passwd", "%2F%00", "x y+z", "名前/ñ"])


@SETTINGS
@given(name=names_with_syntax)
def test_names_are_sent_verbatim_and_url_encoded(name):
    outcome = run_main(base_args(name=name), api_answers=True)

    assert outcome.result.get("failed") is not True, outcome.result
    assert outcome.result["changed"] is True
    lookup, create = outcome.calls
    # The name travels as one query parameter, never as part of the path.
    assert urlsplit(lookup.request.url).path == "/sources"
    assert parse_qs(urlsplit(lookup.request.url).query)["partial_name"] == [name]
    assert json.loads(create.request.body)["name"] == name


def test_values_that_crash_the_int_conversion_are_refused_cleanly():
    # decimal.Decimal([0, [5], 0]) is 5, Decimal([2**63, None, None]) and int(Decimal("inf")) raise OverflowError.
    for value in ([0, [5], 0], [2 ** 63, None, None], float("inf"), "-Infinity", " inf", {"a": 1}):
        outcome = run_main(base_args(wait_timeout=value), api_answers=False)

        assert outcome.result["failed"] is True
        assert "wait_timeout" in outcome.result["msg"]
        assert outcome.calls == []


url_like = st.builds(
    lambda scheme, rest: f"{scheme}{rest}",
    st.sampled_from(["https://", "http://", "HTTPS://", "https:", ""]),
    st.text(alphabet="[]:@/?#%.-_*0123456789abcdefxvü ", max_size=30) | st.builds(lambda n: "a" * n + ".example", st.integers(60, 70)),
)


@SETTINGS
@given(api_url=url_like)
def test_any_api_url_is_refused_up_front_or_used(api_url):
    outcome = run_main(base_args(api_url=api_url), api_answers=True)

    if outcome.result.get("failed"):
        assert "api_url" in outcome.result["msg"], outcome.result["msg"]
        assert outcome.calls == []
    else:
        assert outcome.result["changed"] is True
