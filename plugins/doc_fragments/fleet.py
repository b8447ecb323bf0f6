# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The task-wide options of every plural module (streamkap_sources, streamkap_destinations, ...).
    # The argument spec lives in plugins/module_utils/fleet.py (fleet_argument_spec).
    DOCUMENTATION = r"""
options:
  state:
    description:
      - V(merged) creates the entities of O(config) that do not exist and updates the keys given of those that do.
      - V(replaced) is V(merged), except that each entry's C(config) is the entity's whole user configuration -
        user-defined keys it leaves out go back to their schema defaults (a key without a default stays as it is).
        Secrets left out are kept, never reset.
      - V(overridden) is V(replaced), and also deletes every entity in O(scope) that O(config) does not list.
        O(scope) is required.
      - V(deleted) deletes the entities listed in O(config); with an empty O(config), every entity in O(scope)
        (then O(scope) is required). With O(scope) given, a listed entity outside it is refused.
      - V(gathered) reads only, and returns the entities in O(scope) (all of them without one) as C(gathered), in the
        shape of O(config) and ready to be applied again, as registered or saved to a vars file with C(to_nice_yaml)
        and read back. Nothing is changed. It takes no O(config) - O(scope) chooses what is gathered - and a
        non-empty one fails the task before any request.
      - In C(gathered), text Ansible would template (holding C({{), C({%) or C({#)) is escaped (see the notes), and an
        entity whose name another entity holds too carries its C(id).
      - V(rendered) sends nothing at all (no credentials needed), and returns the request bodies the entries would be
        created with as C(rendered). Their C(tags) are the entry's tags as given (names or ids), since turning a name
        into an id takes a request; the write resolves them.
    type: str
    choices: [merged, replaced, overridden, deleted, gathered, rendered]
    default: merged
    version_added: 1.1.0
  scope:
    description:
      - The entities this task may delete (V(overridden), V(deleted) without entries) or gathers (V(gathered)).
        Entities outside it are never deleted.
      - When both keys are given, an entity must match both.
    type: dict
    version_added: 1.1.0
    suboptions:
      name_prefix:
        description:
          - Entities whose name starts with this text (case-sensitive).
        type: str
      tag:
        description:
          - Entities carrying this tag, given by its exact name or its id. A tag no one has fails the task.
        type: str
  max_concurrent_writes:
    description:
      - How many writes run at the same time (1 to 10). They share one access token, exchanged once and renewed once
        when the API rejects it, and an HTTP 429 answer with C(Retry-After) slows all of them down.
    type: int
    default: 4
    version_added: 1.1.0
  update_secrets:
    description:
      - What to do with secret values the API withholds, for every entry that does not set its own - V(on_create)
        sends them only when the entity is created, V(always) on every run.
    type: str
    choices: [on_create, always]
    default: on_create
    version_added: 1.1.0
  validate_config:
    description:
      - Check each config to be written against its connector schema before anything is written.
        Each connector's schema is read once per task, and only when something of that connector is written.
    type: bool
    default: true
    version_added: 1.1.0
  wait:
    description:
      - After each write, wait until the entity reaches its status (or, deleted, is gone), for every entry that
        does not set its own.
      - An entry the task does not write is not waited for, whatever its status (unlike the singular modules,
        which wait on a run that changes nothing too); read the statuses with the C(_info) modules to gate on them.
    type: bool
    default: false
    version_added: 1.1.0
  wait_timeout:
    description:
      - Seconds to wait for each entity when waiting, for every entry that does not set its own.
    type: int
    default: 300
    version_added: 1.1.0
  wait_interval:
    description:
      - Seconds between two reads of an entity when waiting.
    type: float
    default: 5
    version_added: 1.1.0
attributes:
  check_mode:
    support: full
    description: A plan - the same C(results) and C(summary), with nothing written.
  diff_mode:
    support: full
    description:
      - Before and after of the changed entities only, keyed by name; secret values are shown as C(********).
notes:
  - The task reads the kind's list once (every page, 100 entities a page); a task that changes nothing sends nothing else.
  - Each entry is planned exactly as the singular module plans one entity, against that read. Bad input in any entry
    (an unknown key, a wrong type, a name or an id listed twice, two entries that find one entity, a set-once key
    changed, a config the connector schema refuses) fails the task before anything is written, listing every bad entry.
    A name may be listed twice only when each entry holding it gives the C(id) of its own entity.
  - Escaped text - a text value of an entry (its name, a config value, a source, destination, topic or tag) that starts
    with C(streamkap-escaped:) stands for the text after that prefix, with every C(%25) read as C(%) and every
    C(%7B) as C({). V(gathered) writes this way each value holding C({{), C({%) or C({#) (and each starting with the
    prefix), so that no templating ever changes it, neither when the result is registered nor when a vars file made
    of it is read back. A value written as it is with the C(!unsafe) tag is read as it is too.
  - An API failure while writing fails that entry only; the other entries are applied, the task fails naming the
    failed ones, and running it again converges. A name two entities hold fails that entry and touches neither.
  - Connector schemas are read once per connector, only when something is created or updated (and, for
    V(replaced), when an entity holds user-defined keys its entry leaves out, to learn their defaults).
  - See C(docs/fleet.md) in the collection for the states, the scope and the brownfield path (gather, then apply).
"""
