"""Compare what the collection knows of the Streamkap API with the API's own OpenAPI document.

`tests/contract/api_facts.yml` lists every fact about the API the collection depends on: the
operations it calls, the query parameters and body fields it sends, the answer fields it reads
and the enum values it sends or looks for, each with its confidence mark (sure, likely, guess;
see docs/api-assumptions.md). This tool reads `<api_url>/openapi.json` and says of every fact
whether the document confirms it, lacks it (missing) or says otherwise (different).

    python tools/api_drift.py [--api-url URL] [--facts FILE] [--document FILE]

Exit status: 0 when every [sure] fact is confirmed, 1 when a [sure] fact is missing or
different, 2 when there is no usable document (unreachable, an HTTP error, not JSON, not an
OpenAPI document) or the facts file is invalid. `make api-drift` runs it (API_URL=...).

The document is fetched with a bearer token when the environment gives one, as the modules take
it: STREAMKAP_ACCESS_TOKEN, or STREAMKAP_CLIENT_ID with STREAMKAP_CLIENT_SECRET (or
STREAMKAP_SECRET) exchanged at POST /auth/access-token.

Everything but fetch_document() and main() is a pure function over plain data.
"""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import json
import os
import re
import sys
import typing as t
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FACTS = ROOT / "tests" / "contract" / "api_facts.yml"
DEFAULT_API_URL = "https://api.streamkap.com"
OPENAPI_PATH = "/openapi.json"
TOKEN_EXCHANGE_PATH = "/auth/access-token"
REQUEST_TIMEOUT = 30.0

MARKS = ("sure", "likely", "guess")
# Where a fact lives in an operation; "operation" is the method and path themselves.
PLACES = ("operation", "path", "query", "body", "answer")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
CONFIRMED, MISSING, DIFFERENT = "confirmed", "missing", "different"
EXIT_CONFIRMED, EXIT_DRIFT, EXIT_UNUSABLE = 0, 1, 2

Schema = t.Dict[str, t.Any]
Document = t.Dict[str, t.Any]


class FactsError(ValueError):
    """The facts file does not say what it should, in the shape it should."""


class DocumentError(Exception):
    """No usable OpenAPI document: the service is unreachable, refuses, or answers something else."""


@dataclasses.dataclass(frozen=True)
class Fact:
    """One thing the collection relies on: an operation, or a field of one (dotted, `[]` for list items)."""

    method: str
    path: str
    place: str
    mark: str
    field: str | None = None
    enum: tuple[str, ...] | None = None

    def label(self) -> str:
        call = f"{self.method.upper()} {self.path}"
        return call if self.place == "operation" else f"{call} {self.place} {self.field}"


@dataclasses.dataclass(frozen=True)
class Finding:
    fact: Fact
    outcome: str
    detail: str = ""


# ============================================================================
# The facts file
# ============================================================================

def parse_facts(data: t.Any) -> list[Fact]:
    """The facts of a loaded api_facts.yml: {"operations": [{"call": "GET /x", "mark": ..., <place>: {field: mark}}]}.

    A field's value is its mark, or {"mark": ..., "enum": [...]} for the values the collection
    sends or looks for in it.
    """
    operations = data.get("operations") if isinstance(data, dict) else None
    if not isinstance(operations, list) or not operations:
        raise FactsError("the facts file needs a non-empty 'operations' list")
    facts: list[Fact] = []
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(operations, start=1):
        if not isinstance(entry, dict):
            raise FactsError(f"operation {number} is not a mapping")
        method, path = _call(entry.get("call"), number)
        if (method, path) in seen:
            raise FactsError(f"operation {number}: {method.upper()} {path} is listed twice")
        seen.add((method, path))
        unknown = sorted(set(entry) - {"call", "mark", *PLACES[1:]})
        if unknown:
            raise FactsError(f"{method.upper()} {path}: unknown keys {', '.join(unknown)} (allowed: call, mark, {', '.join(PLACES[1:])})")
        facts.append(Fact(method, path, "operation", _mark(entry.get("mark"), f"{method.upper()} {path}")))
        for place in PLACES[1:]:
            fields = entry.get(place) or {}
            if not isinstance(fields, dict):
                raise FactsError(f"{method.upper()} {path}: {place} must map field names to marks")
            for field, value in fields.items():
                facts.append(_field_fact(method, path, place, str(field), value))
    return facts


def _call(value: t.Any, number: int) -> tuple[str, str]:
    method, _space, path = str(value or "").partition(" ")
    if method.lower() not in METHODS or not path.startswith("/"):
        raise FactsError(f"operation {number}: 'call' must be '<METHOD> /path', got {value!r}")
    return method.lower(), path.strip()


def _mark(value: t.Any, where: str) -> str:
    if value not in MARKS:
        raise FactsError(f"{where}: the mark must be one of {', '.join(MARKS)}, got {value!r}")
    return t.cast(str, value)


def _field_fact(method: str, path: str, place: str, field: str, value: t.Any) -> Fact:
    where = f"{method.upper()} {path} {place} {field}"
    if place == "path" and f"{{{field}}}" not in path.split("/"):
        raise FactsError(f"{where}: the path has no {{{field}}} segment")
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"mark", "enum"})
        enum = value.get("enum")
        if unknown or not isinstance(enum, list) or not enum:
            raise FactsError(f"{where}: give a mark, or a mapping of 'mark' and a non-empty 'enum' list")
        return Fact(method, path, place, _mark(value.get("mark"), where), field, tuple(str(item) for item in enum))
    return Fact(method, path, place, _mark(value, where), field)


def load_facts(path: Path) -> list[Fact]:
    try:
        return parse_facts(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as exc:
        raise FactsError(f"cannot read {path}: {exc}") from None


# ============================================================================
# The OpenAPI document
# ============================================================================

def _segments(path: str) -> list[str]:
    return path.strip("/").split("/")


def _is_template(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def same_route(fact_path: str, api_path: str) -> bool:
    """Whether two path templates address the same route: parameters match by position, whatever
    their names ({id} is {source_id}), other segments exactly."""
    ours, theirs = _segments(fact_path), _segments(api_path)
    return len(ours) == len(theirs) and all(
        (_is_template(mine) and _is_template(other)) or mine == other for mine, other in zip(ours, theirs)
    )


def find_route(document: Document, fact_path: str) -> str | None:
    """The document's path template for the route of `fact_path`, or None."""
    return next((api_path for api_path in document.get("paths") or {} if same_route(fact_path, api_path)), None)


def resolve(document: Document, schema: t.Any) -> Schema:
    """The schema a (chain of) local $ref points to; a schema without one as it is."""
    seen: set[str] = set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if ref in seen or not ref.startswith("#/"):
            return {}
        seen.add(ref)
        target: t.Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, dict) else None
        schema = target
    return schema if isinstance(schema, dict) else {}


def alternatives(document: Document, schema: t.Any) -> list[Schema]:
    """The schema and every schema it is made of (allOf, anyOf, oneOf, nested), each resolved."""
    found: list[Schema] = []
    pending = [schema]
    while pending:
        current = resolve(document, pending.pop(0))
        if not current or any(current is known for known in found):
            continue
        found.append(current)
        for combinator in ("allOf", "anyOf", "oneOf"):
            pending.extend(current.get(combinator) or [])
    return found


def _step(document: Document, schemas: list[Schema], step: str) -> list[Schema]:
    """Where one step of a field path leads: a property name, `*` (any key of a map) or `[]` (list items)."""
    found: list[Schema] = []
    for schema in schemas:
        for option in alternatives(document, schema):
            if step == "[]":
                target = option.get("items")
            elif step == "*":
                target = option.get("additionalProperties")
                target = {} if target is True else target  # any key, any value
            else:
                target = (option.get("properties") or {}).get(step)
            if isinstance(target, dict):
                found.append(target)
    return found


def field_path_steps(field: str) -> list[str]:
    """"result[].config" -> ["result", "[]", "config"]; "*[].name" -> ["*", "[]", "name"]."""
    steps: list[str] = []
    for part in field.split("."):
        name = part.replace("[]", "")
        if name:
            steps.append(name)
        steps.extend(["[]"] * part.count("[]"))
    return steps


def schemas_at(document: Document, root: t.Any, field: str) -> list[Schema]:
    """Every schema the document declares for `field` under `root`; empty when it declares none."""
    schemas = [root] if isinstance(root, dict) else []
    for step in field_path_steps(field):
        schemas = _step(document, schemas, step)
    return schemas


def _json_schema(content: t.Any) -> Schema | None:
    """The JSON schema of a request body's or answer's content (any JSON media type)."""
    for media_type, entry in (content or {}).items():
        if "json" in media_type and isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
            return entry["schema"]
    return None


def body_schema(document: Document, operation: dict[str, t.Any]) -> Schema | None:
    return _json_schema(resolve(document, operation.get("requestBody")).get("content"))


def answer_schemas(document: Document, operation: dict[str, t.Any]) -> list[Schema]:
    """The schemas of the successful (2xx, or default) JSON answers."""
    found = []
    for status, answer in (operation.get("responses") or {}).items():
        if str(status).startswith("2") or str(status) == "default":
            schema = _json_schema(resolve(document, answer).get("content"))
            if schema is not None:
                found.append(schema)
    return found


def parameters(document: Document, path_item: dict[str, t.Any], operation: dict[str, t.Any], where: str) -> dict[str, Schema]:
    """The operation's parameters in `where` (query, path) by name, the path item's included."""
    found: dict[str, Schema] = {}
    for parameter in [*(path_item.get("parameters") or []), *(operation.get("parameters") or [])]:
        parameter = resolve(document, parameter)
        if parameter.get("in") == where and isinstance(parameter.get("name"), str):
            found[parameter["name"]] = parameter
    return found


# ============================================================================
# Facts against the document
# ============================================================================

def enum_of(document: Document, schemas: t.Iterable[t.Any]) -> list[t.Any] | None:
    """The values the schemas allow (an enum or const, of the value or of its list items), or None."""
    values: list[t.Any] = []
    declared = False
    for schema in schemas:
        for option in alternatives(document, schema):
            for candidate in [option, *alternatives(document, option.get("items"))]:
                if isinstance(candidate.get("enum"), list):
                    declared = True
                    values.extend(value for value in candidate["enum"] if value not in values)
                if "const" in candidate:
                    declared = True
                    if candidate["const"] not in values:
                        values.append(candidate["const"])
    return values if declared else None


def descriptions_of(document: Document, schemas: t.Iterable[t.Any]) -> str:
    """Every description on the schemas and their parts: an API may list its values there instead of an enum."""
    return " ".join(
        str(option["description"]) for schema in schemas for option in alternatives(document, schema) if option.get("description")
    )


def names_value(text: str, value: str) -> bool:
    """Whether a description names `value` as a word of its own ("Paused", not "Unpaused")."""
    return re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text) is not None


def compare_enum(fact: Fact, allowed: list[t.Any] | None, description: str) -> Finding:
    """Every value of the fact must be allowed by the API: in its enum, or (without one) named in its description."""
    wanted = list(fact.enum or ())
    if allowed is not None:
        lacking = [value for value in wanted if value not in [str(item) for item in allowed]]
        if lacking:
            listed = ", ".join(str(item) for item in allowed)
            return Finding(fact, DIFFERENT, f"the API's values lack {', '.join(lacking)} (it allows: {listed})")
        return Finding(fact, CONFIRMED)
    unnamed = [value for value in wanted if not names_value(description, value)]
    if unnamed:
        return Finding(fact, DIFFERENT, f"the API declares no enum, and its description does not name {', '.join(unnamed)}")
    return Finding(fact, CONFIRMED, "values named in its description")


def check_fact(document: Document, fact: Fact) -> Finding:
    """What the document says of one fact."""
    api_path = find_route(document, fact.path)
    path_item = resolve(document, (document.get("paths") or {}).get(api_path)) if api_path else {}
    operation = resolve(document, path_item.get(fact.method))
    if not operation:
        return Finding(fact, MISSING, "no such operation" if fact.place == "operation" else "the operation is missing")
    renamed = f"as {api_path}" if api_path != fact.path else ""
    if fact.place == "operation":
        return Finding(fact, CONFIRMED, renamed)
    field = t.cast(str, fact.field)
    if fact.place in ("query", "path"):
        name = field
        if fact.place == "path":
            # By position: the document may name the parameter otherwise.
            name = _segments(t.cast(str, api_path))[_segments(fact.path).index(f"{{{field}}}")][1:-1]
        parameter = parameters(document, path_item, operation, fact.place).get(name)
        if parameter is None:
            return Finding(fact, MISSING, f"no {fact.place} parameter {name}")
        schemas, description = [parameter.get("schema") or {}], str(parameter.get("description") or "")
    else:
        roots = [body_schema(document, operation)] if fact.place == "body" else answer_schemas(document, operation)
        schemas = [found for root in roots if root is not None for found in schemas_at(document, root, field)]
        if not schemas:
            return Finding(fact, MISSING, f"the {fact.place} schema declares no {field}")
        description = ""
    if fact.enum is None:
        return Finding(fact, CONFIRMED)
    return compare_enum(fact, enum_of(document, schemas), " ".join([description, descriptions_of(document, schemas)]))


def check_facts(document: Document, facts: t.Iterable[Fact]) -> list[Finding]:
    return [check_fact(document, fact) for fact in facts]


def exit_code(findings: t.Iterable[Finding]) -> int:
    """1 when a [sure] fact is not confirmed; facts marked likely or guess are reported, never fatal."""
    return EXIT_DRIFT if any(finding.fact.mark == "sure" and finding.outcome != CONFIRMED for finding in findings) else EXIT_CONFIRMED


def counts(findings: t.Sequence[Finding]) -> dict[str, int]:
    return {outcome: sum(finding.outcome == outcome for finding in findings) for outcome in (CONFIRMED, MISSING, DIFFERENT)}


def report(findings: t.Sequence[Finding], source: str) -> str:
    """One line per fact, then the counts and the verdict."""
    lines = [f"API drift check: {len(findings)} facts against {source}"]
    for finding in findings:
        detail = f": {finding.detail}" if finding.detail else ""
        lines.append(f"{finding.outcome:<10} [{finding.fact.mark}]{' ' * (7 - len(finding.fact.mark))}{finding.fact.label()}{detail}")
    total = counts(findings)
    sure_failures = sum(finding.fact.mark == "sure" and finding.outcome != CONFIRMED for finding in findings)
    lines.append(f"{total[CONFIRMED]} confirmed, {total[MISSING]} missing, {total[DIFFERENT]} different "
                 f"({sure_failures} of them marked sure)")
    lines.append("drift: a fact marked sure is missing or different" if sure_failures else "no drift in the facts marked sure")
    return "\n".join(lines)


# ============================================================================
# Fetching (the only part that talks to the network)
# ============================================================================

def _is_loopback(host: str | None) -> bool:
    if host in (None, ""):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _reason(exc: Exception) -> str:
    """A short reason for a failed request (requests' own text repeats the whole URL and pool)."""
    import requests

    text = str(exc)
    if isinstance(exc, requests.Timeout):
        return f"no answer within {REQUEST_TIMEOUT:g} seconds"
    for known in ("Connection refused", "Name or service not known", "No route to host", "certificate verify failed"):
        if known in text:
            return known.lower()
    return text if len(text) <= 200 else f"{text[:197]}..."


def bearer_token(session: t.Any, api_url: str, environ: t.Mapping[str, str]) -> str | None:
    """The token the environment gives: STREAMKAP_ACCESS_TOKEN, or client credentials exchanged for one."""
    if environ.get("STREAMKAP_ACCESS_TOKEN"):
        return environ["STREAMKAP_ACCESS_TOKEN"]
    client_id = environ.get("STREAMKAP_CLIENT_ID")
    secret = environ.get("STREAMKAP_CLIENT_SECRET") or environ.get("STREAMKAP_SECRET")
    if not (client_id and secret):
        return None
    parts = urlsplit(api_url)
    if parts.scheme != "https" and not _is_loopback(parts.hostname):
        raise DocumentError(f"client credentials are sent over https only (or to a loopback host), not to {api_url}")
    url = f"{api_url}{TOKEN_EXCHANGE_PATH}"
    import requests

    try:
        answer = session.post(url, json={"client_id": client_id, "secret": secret}, timeout=REQUEST_TIMEOUT)
    except requests.RequestException as exc:
        raise DocumentError(f"cannot reach {url}: {_reason(exc)}") from None
    # The answer's detail is not shown: a validation error may quote the request, secret included.
    token = _json_or_none(answer).get("accessToken") if answer.ok else None
    if not isinstance(token, str) or not token:
        raise DocumentError(f"the token exchange at POST {TOKEN_EXCHANGE_PATH} failed (HTTP {answer.status_code}): "
                            "check STREAMKAP_CLIENT_ID and STREAMKAP_CLIENT_SECRET")
    return token


def _json_or_none(answer: t.Any) -> dict[str, t.Any]:
    try:
        payload = answer.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def fetch_document(api_url: str, environ: t.Mapping[str, str]) -> Document:
    """The service's OpenAPI document; DocumentError when there is none to use."""
    import requests

    api_url = api_url.rstrip("/")
    url = f"{api_url}{OPENAPI_PATH}"
    with requests.Session() as session:
        token = bearer_token(session, api_url, environ)
        headers = {"Accept": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
        try:
            answer = session.get(url, headers=headers, timeout=REQUEST_TIMEOUT)
        except requests.RequestException as exc:
            raise DocumentError(f"cannot reach {url}: {_reason(exc)}") from None
    if answer.status_code in (401, 403):
        raise DocumentError(f"{url} answered HTTP {answer.status_code}: set STREAMKAP_ACCESS_TOKEN, or "
                            "STREAMKAP_CLIENT_ID and STREAMKAP_CLIENT_SECRET")
    if not answer.ok:
        raise DocumentError(f"{url} answered HTTP {answer.status_code}")
    return as_document(answer.content, url)


def as_document(raw: bytes, source: str) -> Document:
    """The decoded OpenAPI document; DocumentError for anything else."""
    try:
        document = json.loads(raw)
    except ValueError:
        raise DocumentError(f"{source} is not JSON (it starts with {raw[:40]!r})") from None
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict) or "openapi" not in document:
        raise DocumentError(f"{source} is JSON but not an OpenAPI document (no 'openapi' version and 'paths')")
    return document


# ============================================================================
# Command line
# ============================================================================

def main(argv: t.Sequence[str] | None = None, environ: t.Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--api-url", default=DEFAULT_API_URL, help=f"the API's base URL (default {DEFAULT_API_URL})")
    parser.add_argument("--facts", type=Path, default=DEFAULT_FACTS, help="the facts file (default tests/contract/api_facts.yml)")
    parser.add_argument("--document", type=Path, help="read the OpenAPI document from this file instead of the API")
    args = parser.parse_args(argv)
    environ = os.environ if environ is None else environ
    try:
        facts = load_facts(args.facts)
        if args.document is not None:
            source = str(args.document)
            document = as_document(args.document.read_bytes(), source)
        else:
            source = f"{args.api_url.rstrip('/')}{OPENAPI_PATH}"
            document = fetch_document(args.api_url, environ)
    except (FactsError, DocumentError, OSError) as exc:
        print(f"api-drift: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    findings = check_facts(document, facts)
    print(report(findings, source))
    return exit_code(findings)


if __name__ == "__main__":
    sys.exit(main())
