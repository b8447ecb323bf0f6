# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""`ansible.module_utils.testing.patch_module_args` for ansible-core before 2.19.

The unit tests set module arguments with that helper, which ansible-core 2.19 added. The version
matrix (tox.ini) runs the same tests on 2.16 to 2.18, so there the helper is provided with the
same behaviour: the arguments are exposed as the serialized `_ANSIBLE_ARGS` that AnsibleModule reads.
"""

from __future__ import annotations

import contextlib
import json
import sys
import types
import typing as t
from unittest import mock


@contextlib.contextmanager
def patch_module_args(args: dict[str, t.Any] | None = None) -> t.Iterator[None]:
    from ansible.module_utils import basic

    if not isinstance(args, (dict, type(None))):
        raise TypeError("The `args` arg must be a dict or None.")
    serialized = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode()
    with mock.patch.object(basic, "_ANSIBLE_ARGS", serialized):
        yield


def install() -> None:
    """Register the backport as ansible.module_utils.testing when ansible-core lacks it."""
    try:
        import ansible.module_utils.testing  # noqa: F401 pylint: disable=unused-import
    except ImportError:
        backport = types.ModuleType("ansible.module_utils.testing")
        backport.patch_module_args = patch_module_args  # type: ignore[attr-defined]
        sys.modules["ansible.module_utils.testing"] = backport
