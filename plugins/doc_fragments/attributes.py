# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The attributes every streamkap.cloud module documents. DOCUMENTATION says what each one means;
    # a module states its support (and what check and diff mode show) in its own `attributes:` block,
    # or, for an _info module, takes INFO_MODULE.
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
"""

    # Modules in the streamkap.cloud.streamkap action group (meta/runtime.yml).
    ACTION_GROUP = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/streamkap.cloud.streamkap) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - streamkap.cloud.streamkap
"""

    # _info modules only read: check mode runs them unchanged, and there is never a diff.
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: This action does not modify state.
  diff_mode:
    support: N/A
    details: This action does not modify state.
"""
