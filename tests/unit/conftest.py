# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures shared by the unit tests: mocked HTTP and a clean environment."""

from __future__ import annotations

import typing as t

import pytest
import responses

from tests.unit import module_args_backport
from tests.unit.helpers import API_URL, STREAMKAP_ENV_VARS, list_page

module_args_backport.install()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not pick up credentials from the developer's shell."""
    for var in STREAMKAP_ENV_VARS:
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def api() -> t.Iterator[responses.RequestsMock]:
    """Mocked HTTP: any request without a registered answer fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        # No pipeline uses anything unless a test says so (mock.replace): a delete asks first.
        mock.get(f"{API_URL}/pipelines", json=list_page([]))
        yield mock
