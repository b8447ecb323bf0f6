"""Generate the offline table of connector config keys from the Terraform provider's schemas.

The public Terraform provider (streamkap-com/terraform-provider-streamkap, branch `develop`)
ships one generated Go file per connector in `internal/generated/`: `source_<code>.go`,
`destination_<code>.go` and `transform_<type>.go`. Each holds the Terraform schema (`Required`,
`Sensitive`, `Default`, validators) and a `<Kind><Name>FieldMappings` map from Terraform attribute
names to the API's config keys. The file stem after `source_`/`destination_` is the connector code
the provider sends to the API (`GetConnectorCode()` in `internal/resource/*/<code>_generated.go`);
after `transform_`, the transform type (`GetTransformType()`). A transform's name is its config key
`transforms.name`, which the provider sets from its `name` attribute: the table lists it for every type.

Outputs:
- `plugins/module_utils/_connector_keys.py`: every connector's config keys, split into secret
  (`Sensitive: true`) and plain keys, plus `classify_key()`. It ships in every module run, so it
  is pure data and imports nothing.
- `plugins/module_utils/_connector_defaults.py`: every connector's plain keys that have a default,
  with it. Read only on a change (to tell offline that a left-out key holds its default under
  `replaced`, or that a placeholder-looking value is the key's default), so a run that changes
  nothing never loads it.
- `tests/simulator/data/destination_connectors.json`: every destination key with its flags,
  default, type and choices, for the simulator (which imports nothing from plugins/); and beside
  it `transform_types.json`, the same for every transform type.

To refresh, with a provider checkout (git, so the commit is read from it):

    make connector-keys PROVIDER_DIR=/path/to/terraform-provider-streamkap/internal/generated

or directly, when the files come from elsewhere (then name the commit they were taken from):

    python tools/generate_connector_keys.py DIR --commit <40-hex provider commit>

Review the diff of the outputs and commit them with the provider commit in the message.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
MODULE_PATH = ROOT / "plugins" / "module_utils" / "_connector_keys.py"
DEFAULTS_NAME = "_connector_defaults.py"  # written beside the key table
SIMULATOR_PATH = ROOT / "tests" / "simulator" / "data" / "destination_connectors.json"
COMMAND = "tools/generate_connector_keys.py"
TRANSFORMS_DATA_NAME = "transform_types.json"  # written beside the simulator's destination data
KINDS = {"source": "sources", "destination": "destinations", "transform": "transforms"}
# The key that holds a transform's name: the provider maps it from `name`, not through FieldMappings.
TRANSFORM_NAME_KEY = "transforms.name"
# Provider file stems that differ from the API's connector code (none at the provider
# commit the table was last generated from; listed here if the provider ever renames).
CODE_OVERRIDES: Dict[str, str] = {}

_FILE_NAME = re.compile(r"^(source|destination|transform)_([a-z0-9_]+)\.go$")
_ATTRIBUTES_MAP = re.compile(r"Attributes:\s*map\[string\]schema\.Attribute\{")
_ATTRIBUTE_START = re.compile(r'"(\w+)":\s*schema\.(\w+)Attribute\{')
_NESTED_OBJECT = re.compile(r"NestedObject:\s*schema\.NestedAttributeObject\{")
_FIELD_MAPPINGS = re.compile(r"var\s+\w+FieldMappings\s*=\s*map\[string\]string\{")
_GO_STRING = r'"(?:[^"\\]|\\.)*"|`[^`]*`'
_MAPPING_ENTRY = re.compile(rf"({_GO_STRING})\s*:\s*({_GO_STRING})")
_FLAG = r"\b{}:\s*true\b"
_DEFAULT = re.compile(rf"Default:\s*\w+\.Static\w+\(\s*({_GO_STRING}|-?\d+|true|false)\s*\)")
_ONE_OF = re.compile(r"stringvalidator\.OneOf\(([^)]*)\)")
_BETWEEN = re.compile(r"int64validator\.Between\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)")
_AT_LEAST = re.compile(r"int64validator\.AtLeast\(\s*(-?\d+)\s*\)")
_AT_MOST = re.compile(r"int64validator\.AtMost\(\s*(-?\d+)\s*\)")
_TYPES = {"String": "string", "Int64": "integer", "Float64": "number", "Bool": "boolean",
          "List": "list", "Set": "list", "Map": "map", "MapNested": "map", "ListNested": "list"}
_HEADER_COMMIT = re.compile(r"^# Provider commit: ([0-9a-f]{40})$", re.MULTILINE)
_HEADER_COMMAND = re.compile(r"^# Command: (.+)$", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Key:
    """One config key of one connector, as the provider's schema describes it."""

    name: str
    secret: bool
    required: bool = False
    type: Optional[str] = None
    default: Any = None
    has_default: bool = False
    choices: Tuple[str, ...] = ()
    minimum: Optional[int] = None
    maximum: Optional[int] = None


@dataclasses.dataclass(frozen=True)
class Connector:
    kind: str  # "sources" or "destinations"
    code: str
    keys: Tuple[Key, ...]


# Go text ------------------------------------------------------------------------------------

def go_string(literal: str) -> str:
    """The value of a Go string literal (interpreted "..." or raw `...`)."""
    if literal.startswith("`"):
        return literal[1:-1]
    return json.loads(literal)


def closing_brace(text: str, start: int) -> int:
    """Index of the `}` that closes the `{` at `start`, skipping braces inside string literals."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char in "\"`":
            index = _string_end(text, index)
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise ValueError(f"unbalanced braces from offset {start}")


def _string_end(text: str, start: int) -> int:
    quote, index = text[start], start + 1
    while text[index] != quote:
        index += 2 if quote == '"' and text[index] == "\\" else 1
    return index


def block_after(text: str, pattern: re.Pattern, start: int = 0) -> Optional[Tuple[int, int]]:
    """(start, end) of the brace block that `pattern` opens (its match ends on `{`), or None."""
    match = pattern.search(text, start)
    if match is None:
        return None
    opening = match.end() - 1
    return opening + 1, closing_brace(text, opening)


def without_nested_objects(body: str) -> str:
    """The attribute body minus any NestedObject block, whose flags belong to inner attributes."""
    span = block_after(body, _NESTED_OBJECT)
    while span is not None:
        body = body[:span[0]] + body[span[1]:]
        span = block_after(body, _NESTED_OBJECT, span[0])
    return body


# Schema and mappings ------------------------------------------------------------------------

def iter_attributes(text: str) -> Iterator[Tuple[str, str, str]]:
    """(attribute name, attribute kind such as "String", body) for each top-level schema attribute."""
    span = block_after(text, _ATTRIBUTES_MAP)
    if span is None:
        raise ValueError("no `Attributes: map[string]schema.Attribute{` block")
    position, end = span
    while True:
        match = _ATTRIBUTE_START.search(text, position, end)
        if match is None:
            return
        close = closing_brace(text, match.end() - 1)
        yield match.group(1), match.group(2), text[match.end():close]
        position = close + 1


def field_mappings(text: str) -> Dict[str, str]:
    """Terraform attribute name -> API config key, from the file's FieldMappings map."""
    span = block_after(text, _FIELD_MAPPINGS)
    if span is None:
        raise ValueError("no `<Name>FieldMappings = map[string]string{` block")
    body = text[span[0]:span[1]]
    return {go_string(attr): go_string(key) for attr, key in _MAPPING_ENTRY.findall(body)}


def parse_key(api_key: str, kind: str, body: str) -> Key:
    """A Key from one attribute's Go body (its nested objects already removed)."""
    default_match = _DEFAULT.search(body)
    return Key(
        name=api_key,
        secret=bool(re.search(_FLAG.format("Sensitive"), body)),
        required=bool(re.search(_FLAG.format("Required"), body)),
        type=_TYPES.get(kind),
        default=_go_value(default_match.group(1)) if default_match else None,
        has_default=default_match is not None,
        choices=_choices(body),
        minimum=_bound(body, "min"),
        maximum=_bound(body, "max"),
    )


def _go_value(literal: str) -> Any:
    if literal[0] in "\"`":
        return go_string(literal)
    if literal in ("true", "false"):
        return literal == "true"
    return int(literal)


def _choices(body: str) -> Tuple[str, ...]:
    match = _ONE_OF.search(body)
    return tuple(go_string(item) for item in re.findall(_GO_STRING, match.group(1))) if match else ()


def _bound(body: str, which: str) -> Optional[int]:
    between = _BETWEEN.search(body)
    if between:
        return int(between.group(1 if which == "min" else 2))
    single = (_AT_LEAST if which == "min" else _AT_MOST).search(body)
    return int(single.group(1)) if single else None


def parse_connector(path: Path) -> Connector:
    """The connector (or transform type) that one provider file describes: its kind, API code and mapped keys."""
    match = _FILE_NAME.match(path.name)
    if match is None:
        raise ValueError(f"{path.name}: not a source_*.go, destination_*.go or transform_*.go file")
    text = path.read_text(encoding="utf-8")
    mappings = field_mappings(text)
    keys = []
    for attribute, kind, body in iter_attributes(text):
        api_key = mappings.get(attribute)
        if api_key is not None:  # unmapped attributes (id, name, tags, timeouts...) are not config
            keys.append(parse_key(api_key, kind, without_nested_objects(body)))
    if match.group(1) == "transform":
        keys.append(Key(TRANSFORM_NAME_KEY, secret=False, required=True, type="string"))
    code = CODE_OVERRIDES.get(match.group(2), match.group(2))
    return Connector(KINDS[match.group(1)], code, tuple(sorted(keys, key=lambda k: k.name)))


def parse_directory(directory: Path) -> List[Connector]:
    """Every source and destination connector and transform type in `directory`, sorted by kind and code."""
    connectors = [parse_connector(path) for path in sorted(directory.iterdir()) if _FILE_NAME.match(path.name)]
    if not any(connector.kind != "transforms" for connector in connectors):
        raise ValueError(f"{directory}: no source_*.go or destination_*.go files")
    for connector in connectors:
        for key in connector.keys:
            if not key.name or any(char.isspace() for char in key.name):
                raise ValueError(f"{connector.code}: key {key.name!r} cannot be stored space-joined")
    return sorted(connectors, key=lambda c: (c.kind, c.code))


# Outputs ------------------------------------------------------------------------------------

def render_module(connectors: List[Connector], commit: str) -> str:
    """The text of plugins/module_utils/_connector_keys.py: per kind, one text of connector blocks.

    One string literal per kind, not a literal per connector: every module run compiles this
    file anew (AnsiballZ keeps no bytecode), and one literal compiles about four times faster.
    """
    lines = [_MODULE_HEAD.format(commit=commit, command=f"{COMMAND} <provider>/internal/generated --commit {commit}")]
    for kind in KINDS.values():
        lines.append(f'    {kind!r}: """')
        for connector in (c for c in connectors if c.kind == kind):
            lines.append(f"@{connector.code}")
            lines.extend(_wrapped_words([f"!{k.name}" for k in connector.keys if k.secret]
                                        + [k.name for k in connector.keys if not k.secret]))
        lines.append('""",')
    lines.append("}\n\n" + _MODULE_TAIL)
    return "\n".join(lines)


def render_defaults_module(connectors: List[Connector], commit: str) -> str:
    """The text of plugins/module_utils/_connector_defaults.py: the default of every plain key that has one."""
    command = f"{COMMAND} <provider>/internal/generated --commit {commit}"
    lines = [_DEFAULTS_HEAD.format(commit=commit, command=command)]
    for kind in KINDS.values():
        lines.append(f"    {kind!r}: {{")
        for connector in (c for c in connectors if c.kind == kind):
            defaults = [k for k in connector.keys if k.has_default and not k.secret]
            lines.append(f"        {connector.code!r}: {{" + ("" if defaults else "},"))
            for key in defaults:
                lines.extend(_default_entry(key))
            if defaults:
                lines.append("        },")
        lines.append("    },")
    lines.append("}\n\n\n" + _DEFAULTS_TAIL)
    return "\n".join(lines)


def _default_entry(key: Key, indent: str = " " * 12, width: int = 120) -> List[str]:
    """Source lines of one `name: default,` entry; a long text as adjacent literals in parentheses."""
    line = f"{indent}{key.name!r}: {key.default!r},"
    if len(line) <= width or not isinstance(key.default, str):
        return [line]
    step = width - len(indent) - 10  # room for the deeper indent, quotes and escapes
    chunks = [key.default[start:start + step] for start in range(0, len(key.default), step)]
    return [f"{indent}{key.name!r}: ("] + [f"{indent}    {chunk!r}" for chunk in chunks] + [f"{indent}),"]


def _wrapped_words(words: List[str], width: int = 120) -> List[str]:
    """Lines of space-separated words, each line at most `width` long (one long word excepted)."""
    for word in words:
        if not word.lstrip("!") or any(char.isspace() or char in "@!\"\\" for char in word.lstrip("!")):
            raise ValueError(f"a key name the table cannot hold: {word!r}")
    lines: List[str] = []
    for word in words:
        if lines and len(lines[-1]) + len(word) + 1 <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def simulator_data(connectors: List[Connector], commit: str, kind: str = "destinations") -> Dict[str, Any]:
    """The keys of a kind's connectors (destinations, or transform types) for the simulator: flags, default,
    type, choices, bounds."""
    return {
        "provider_commit": commit,
        "generated_by": COMMAND,
        "connectors": {c.code: [_key_entry(k) for k in c.keys] for c in connectors if c.kind == kind},
    }


def _key_entry(key: Key) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"name": key.name, "required": key.required, "secret": key.secret, "type": key.type}
    if key.has_default:
        entry["default"] = key.default
    if key.choices:
        entry["choices"] = list(key.choices)
    if key.minimum is not None:
        entry["min"] = key.minimum
    if key.maximum is not None:
        entry["max"] = key.maximum
    return entry


def read_header(text: str) -> Tuple[Optional[str], Optional[str]]:
    """(provider commit, command) named in a generated module's header; None where missing."""
    commit, command = _HEADER_COMMIT.search(text), _HEADER_COMMAND.search(text)
    return (commit.group(1) if commit else None, command.group(1) if command else None)


def provider_commit(directory: Path) -> str:
    """The commit of the provider checkout holding `directory` (its internal/generated)."""
    try:
        result = subprocess.run(["git", "-C", str(directory), "rev-parse", "--show-prefix", "HEAD"],
                                capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise ValueError(f"{directory} is not in a git checkout: pass --commit") from error
    prefix, commit = result.stdout.split("\n")[:2]  # the prefix line is empty at the top level
    # A copy of the files inside some other repository would name that repository's commit.
    if prefix != "internal/generated/":
        raise ValueError(f"{directory} is not the internal/generated directory of a provider checkout: pass --commit")
    return commit


def write_outputs(connectors: List[Connector], commit: str, module_path: Path, simulator_path: Path,
                  defaults_path: Path) -> None:
    module_path.write_text(render_module(connectors, commit), encoding="utf-8")
    defaults_path.write_text(render_defaults_module(connectors, commit), encoding="utf-8")
    simulator_path.parent.mkdir(parents=True, exist_ok=True)
    simulator_path.write_text(render_json(simulator_data(connectors, commit)), encoding="utf-8")
    simulator_path.with_name(TRANSFORMS_DATA_NAME).write_text(
        render_json(simulator_data(connectors, commit, "transforms")), encoding="utf-8")


def render_json(data: Dict[str, Any]) -> str:
    """JSON with one key entry per line, so a provider refresh shows as a readable diff."""
    head = {name: value for name, value in data.items() if name != "connectors"}
    lines = [json.dumps(head)[:-1] + ', "connectors": {']
    for number, (code, keys) in enumerate(data["connectors"].items()):
        comma = "," if number < len(data["connectors"]) - 1 else ""
        entries = ",\n".join(f"  {json.dumps(entry)}" for entry in keys)
        lines.append(f" {json.dumps(code)}: [\n{entries}\n ]{comma}")
    return "\n".join(lines) + "\n}}\n"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="the provider's internal/generated directory")
    parser.add_argument("--commit", help="the provider commit the files come from (default: git HEAD of DIRECTORY)")
    parser.add_argument("--module", type=Path, default=MODULE_PATH)
    parser.add_argument("--simulator", type=Path, default=SIMULATOR_PATH,
                        help=f"the simulator's destination data; {TRANSFORMS_DATA_NAME} is written beside it")
    parser.add_argument("--defaults", type=Path, help=f"default: {DEFAULTS_NAME} beside --module")
    args = parser.parse_args(argv)
    try:
        commit = args.commit or provider_commit(args.directory)
        if not re.fullmatch(r"[0-9a-f]{40}", commit):
            raise ValueError(f"--commit must be a full 40-hex commit id; got {commit!r}")
        connectors = parse_directory(args.directory)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_outputs(connectors, commit, args.module, args.simulator, args.defaults or args.module.with_name(DEFAULTS_NAME))
    for kind in KINDS.values():
        chosen = [c for c in connectors if c.kind == kind]
        secrets = sum(k.secret for c in chosen for k in c.keys)
        print(f"{kind}: {len(chosen)} connectors, {sum(len(c.keys) for c in chosen)} keys, {secrets} secret")
    return 0


_GENERATED_HEAD = '''\
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# GENERATED FILE, DO NOT EDIT. Private to the streamkap.cloud collection: not a public API.
# Generated from the streamkap-com/terraform-provider-streamkap schemas (internal/generated).
# Provider commit: {commit}
# Command: {command}

'''

_MODULE_HEAD = _GENERATED_HEAD + '''\
"""Every connector's config keys, known offline: secret (the provider marks them sensitive) or plain.

Lets the modules hide secret values before anything is printed or logged, with no request.
Per kind, one text of connector blocks: a line "@<connector code>", then the connector's keys
separated by spaces or line breaks, a secret one marked with a leading "!". A connector's
block is split on first use.
"""

from __future__ import annotations

import typing as t

_TABLE = {{'''

_MODULE_TAIL = '''\
_SPLIT: t.Dict[t.Tuple[str, t.Optional[str]], t.Tuple[t.FrozenSet[str], t.FrozenSet[str]]] = {}


def _blocks(kind: str) -> t.Iterator[t.Tuple[str, t.List[str]]]:
    """(connector code, its key words) of every connector of a kind."""
    for block in _TABLE.get(kind, "").split("\\n@")[1:]:
        code, _newline, words = block.partition("\\n")
        yield code, words.split()


def _keys(kind: str, connector: str | None) -> t.Tuple[t.FrozenSet[str], t.FrozenSet[str]] | None:
    """(secret keys, plain keys) of one connector, or of the whole kind when connector is None."""
    cache_key = (kind, connector)
    if cache_key not in _SPLIT:
        words = [word for code, block in _blocks(kind) if connector in (None, code) for word in block]
        if connector is not None and not words and f"\\n@{connector}\\n" not in _TABLE.get(kind, ""):
            return None
        secret = frozenset(word[1:] for word in words if word.startswith("!"))
        plain = frozenset(word for word in words if not word.startswith("!"))
        _SPLIT[cache_key] = (secret, plain)
    return _SPLIT[cache_key]


def knows_connector(kind: str, connector: str | None) -> bool:
    """True when the table holds the connector (a connector newer than the table is unknown)."""
    return connector is not None and _keys(kind, connector) is not None


def known_keys(kind: str, connector: str | None) -> t.FrozenSet[str] | None:
    """Every key of one connector (None: of the whole kind), secret or plain; None when the connector is unknown."""
    keys = _keys(kind, connector)
    return None if keys is None else keys[0] | keys[1]


def classify_key(kind: str, connector: str | None, key: str) -> bool | None:
    """True: a secret key; False: a known non-secret key; None: unknown offline.

    kind is "sources", "destinations" or "transforms" (connector: the transform type); connector None = any
    connector of that kind
    (True if secret in any connector of the kind, False if known and secret in none, None if in none).
    """
    keys = _keys(kind, connector)
    if keys is None:
        return None
    secret, plain = keys
    if key in secret:
        return True
    return False if key in plain else None
'''

_DEFAULTS_HEAD = _GENERATED_HEAD + '''\
"""The default of every connector's plain config keys that have one, known offline.

Lets `replaced` tell, with no request, that the keys an entry leaves out already hold their
defaults, so that a run that changes nothing reads no connector schema, and a PUT without a
schema tell a server placeholder from a value the user set. Imported inside the functions that
need it (ResourceKind.offline_defaults): a run that changes nothing never loads it.
Per kind and connector code: {{key: default}}; a plain key of the connector (see _connector_keys)
missing here has no default.
"""

from __future__ import annotations

import typing as t

_DEFAULTS: t.Dict[str, t.Dict[str, t.Dict[str, t.Any]]] = {{'''

_DEFAULTS_TAIL = '''\
def connector_defaults(kind: str, connector: str | None) -> t.Mapping[str, t.Any] | None:
    """{plain key: default} of one connector of a kind ("sources", "destinations" or "transforms"); None when
    the connector is unknown offline."""
    return _DEFAULTS.get(kind, {}).get(connector) if connector is not None else None
'''

if __name__ == "__main__":
    sys.exit(main())
