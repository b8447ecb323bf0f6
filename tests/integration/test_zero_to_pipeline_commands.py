"""docs/zero-to-pipeline.md followed as a newcomer follows it: the commands and files of its code
blocks, as written and in order, run against the simulator from a project directory whose
group_vars hold the ansible-vault file the guide has you create.

Each command runs in a terminal of its own, so `--ask-vault-pass` and `ansible-vault create` ask
for the vault password as they ask a person, and the test types it. The only things the test
supplies are what a person would: the simulator's address in place of the guide's port 8000, the
secrets where the vault file shows "...", the vault password, and the edits the prose asks for.
A command the guide shows that fails as written (an ad hoc command without the vault password,
a playbook saved under no name the guide gives) fails this test."""
from __future__ import annotations

import fcntl
import os
import re
import select
import shlex
import struct
import subprocess
import termios
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.integration.conftest import CLIENT_SECRET, COLLECTIONS, ROOT, Simulator
from tests.markdown import Page
from tests.support import RECAP, ansible_playbook_env

GUIDE = ROOT / "docs" / "zero-to-pipeline.md"
GUIDE_API_URL = "http://127.0.0.1:8000"
DB_PASSWORD = "pg-Newcomer-3b9e"
SNOWFLAKE_KEY = "sf-Newcomer-key-51d4"
VAULT_PASSWORD = "newcomer-vault-password"
SECRETS = (DB_PASSWORD, SNOWFLAKE_KEY, CLIENT_SECRET, VAULT_PASSWORD)
SOURCE, DESTINATION, PIPELINE, TAG = "shop-orders-postgres", "shop-analytics-snowflake", "shop-orders-to-snowflake", "shop"
TRANSFORM = "shop-mask-email"
# What ansible-vault asks: "Vault password: ", "New Vault password: ", "Confirm New Vault password: ".
VAULT_PROMPT = re.compile(rb"(?:^|\n)[A-Za-z ]*Vault password[^\n\"]*: $")
# A Python warning as the warnings module prints it: "<file>.py:<line>: <Category>Warning: <message>".
PYTHON_WARNING = re.compile(r"\.py:\d+: \w*Warning: ")


@dataclass
class Run:
    command: str
    rc: int
    output: str
    prompts: int

    @property
    def changed(self) -> int:
        recap = RECAP.search(self.output)
        assert recap, f"{self.command}: no play recap\n{self.output}"
        return int(recap.group(2))


def _controlling_terminal() -> None:
    # In the child, after setsid: the terminal on fd 0 becomes its controlling terminal (/dev/tty).
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def in_terminal(argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> tuple[int, str, int]:
    """Run argv on a terminal of its own, typing the vault password at each prompt.

    Returns the exit code, what the terminal showed, and how many prompts were answered.
    """
    primary, secondary = os.openpty()
    fcntl.ioctl(primary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdin=secondary, stdout=secondary, stderr=secondary,
                               start_new_session=True, preexec_fn=_controlling_terminal)
    os.close(secondary)
    shown, since_answer, prompts = bytearray(), bytearray(), 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not select.select([primary], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the command and its children closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            since_answer += chunk
            if VAULT_PROMPT.search(since_answer):
                os.write(primary, f"{VAULT_PASSWORD}\n".encode())
                since_answer.clear()
                prompts += 1
        else:
            process.kill()
            pytest.fail(f"{shlex.join(argv)} did not finish in {timeout} s:\n{shown.decode(errors='replace')}")
    finally:
        os.close(primary)
    return process.wait(timeout=30), shown.decode(errors="replace").replace("\r\n", "\n"), prompts


class Newcomer:
    """A shell as the guide leaves it: a working directory and the exported environment."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.cwd = home
        self.env = env
        self.editor_file = home / ".typed-in-the-editor"

    def run(self, line: str) -> Run | None:
        """One command line of the guide (`a && b` too); the Run of the last Ansible command in it."""
        run = None
        for part in line.split("&&"):
            argv = shlex.split(part, comments=True)
            if argv[0] == "mkdir":
                for path in (arg for arg in argv[1:] if not arg.startswith("-")):
                    (self.cwd / path).mkdir(parents=True, exist_ok=True)
            elif argv[0] == "cd":
                self.cwd = (self.cwd / argv[1]).resolve()
            elif argv[0].startswith("ansible"):
                run = self.ansible(argv, part.strip())
            else:
                raise AssertionError(f"the guide runs {part.strip()!r}, which this test does not know")
        return run

    def ansible(self, argv: list[str], command: str) -> Run:
        # ansible-vault create opens $EDITOR on the new file: the "editor" writes what the guide says to type.
        env = dict(self.env, EDITOR=f"cp {self.editor_file}")
        rc, output, prompts = in_terminal(argv, self.cwd, env)
        run = Run(command, rc, output, prompts)
        assert rc == 0, f"{command}\n{output}"
        if "--ask-vault-pass" in argv or argv[:2] == ["ansible-vault", "create"]:
            assert prompts >= 1, f"{command}: asked for no vault password\n{output}"
        for secret in SECRETS:
            assert secret not in output, f"{command} printed a secret"
        assert "DeprecationWarning" not in output and not PYTHON_WARNING.search(output), f"{command}\n{output}"
        return run


def guide_environment(page: Page, api_url: str) -> dict[str, str]:
    """This process's environment, as `make install` and step 1 leave it, plus the exports of step 2."""
    env = ansible_playbook_env(api_url, COLLECTIONS, ANSIBLE_NOCOLOR="1")
    # Nothing the guide does not set: no pinned interpreter, no vault password file, no credentials.
    for name in ("ANSIBLE_PYTHON_INTERPRETER", "ANSIBLE_VAULT_PASSWORD_FILE", "STREAMKAP_API_URL"):
        env.pop(name, None)
    exports = [shlex.split(line, comments=True) for line in page.commands("2. Credentials") if line.startswith("export ")]
    for words in exports:
        for assignment in words[1:]:
            name, value = assignment.split("=", 1)
            env[name] = value.replace(GUIDE_API_URL, api_url)
    assert {"STREAMKAP_API_URL", "STREAMKAP_CLIENT_ID", "STREAMKAP_CLIENT_SECRET"} <= set(env)
    return env


def vault_content(page: Page) -> str:
    """The vault file the guide shows, with secrets where it shows "..." (its commented lines stay comments)."""
    content = page.block_with("3. The playbook", "yaml", 'vault_orders_db_password: "..."')
    values = {"vault_orders_db_password": DB_PASSWORD, "vault_snowflake_private_key": SNOWFLAKE_KEY}
    for name, value in values.items():
        content = content.replace(f'{name}: "..."', f'{name}: "{value}"')
    assert yaml.safe_load(content) == values
    return content


def playbook_of(command: str) -> str:
    [playbook] = [word for word in shlex.split(command) if word.endswith(".yml")]
    return playbook


def with_refunds(playbook: str) -> str:
    """The edit step 4 suggests: public.refunds in the source's table list and the pipeline's topics."""
    edited = playbook.replace("table.include.list.user.defined: public.orders,public.customers\n",
                              "table.include.list.user.defined: public.orders,public.customers,public.refunds\n")
    edited = edited.replace("topics: [public.orders, public.customers]", "topics: [public.orders, public.customers, public.refunds]")
    assert edited.count("public.refunds") == 2, "the guide's example edit no longer fits its playbook"
    return edited


def without_listed_entities(playbook: str) -> str:
    """The edit step 6 asks for: the entity lists out of the role's vars, so group_vars supply them."""
    plays = yaml.safe_load(playbook)
    role_vars = plays[0]["roles"][0]["vars"]
    for name in ("streamkap_sources", "streamkap_destinations", "streamkap_transforms", "streamkap_pipelines"):
        del role_vars[name]
    return yaml.safe_dump(plays, sort_keys=False)


def entity_ids(sim: Simulator) -> dict[str, str]:
    ids = {kind: next(item["id"] for item in sim.api("GET", f"/{kind}", params={"partial_name": name})["result"]
                      if item["name"] == name)
           for kind, name in (("sources", SOURCE), ("destinations", DESTINATION), ("pipelines", PIPELINE),
                              ("transforms", TRANSFORM))}
    ids["tags"] = next(tag["id"] for tag in sim.api("GET", "/tags")["tags"] if tag["name"] == TAG)
    return ids


def test_a_newcomer_runs_the_guides_commands_as_written(sim: Simulator, tmp_path: Path) -> None:
    page = Page(GUIDE)
    you = Newcomer(tmp_path, guide_environment(page, sim.url))

    # 3. The playbook: the project directory, the vault file typed into ansible-vault's editor, the playbook.
    you.editor_file.write_text(vault_content(page), encoding="utf-8")
    for line in page.commands("3. The playbook"):
        you.run(line)
    assert (you.cwd / "group_vars" / "all" / "vault.yml").read_text(encoding="utf-8").startswith("$ANSIBLE_VAULT;")
    run_it, check_it = page.commands("4. Run it")
    playbook = you.cwd / playbook_of(run_it)
    playbook_text = page.block_with("3. The playbook", "yaml", "hosts: localhost")
    playbook.write_text(playbook_text, encoding="utf-8")
    # The transform's code, next to the playbook where the guide's tree shows it.
    (you.cwd / "files").mkdir(exist_ok=True)
    (you.cwd / "files" / "mask_email.js").write_text(
        page.block_with("3. The playbook", "javascript", "_streamkap_transform"), encoding="utf-8")

    # 4. Check mode on the empty tenant finishes, predicting the five creates, with warnings.
    empty = t.cast(Run, you.run(check_it))
    assert empty.changed == 5, empty.output
    assert f"no tag has the name or id '{TAG}' (yet)" in empty.output
    assert f"Source '{SOURCE}' does not exist (yet)" in empty.output
    assert f"Destination '{DESTINATION}' does not exist (yet)" in empty.output
    assert sim.writes() == []

    # (A rerun changing nothing is test_zero_to_pipeline.py's; here the adoption in step 6 reruns it.)
    first = t.cast(Run, you.run(run_it))
    assert first.changed == 5, first.output
    assert f"{SOURCE} -> {DESTINATION}, topics source_" in first.output
    ids = entity_ids(sim)
    sim.clear_log()

    # The preview of an edit: each diff headed by its entity, the password said not to be sent.
    playbook.write_text(with_refunds(playbook_text), encoding="utf-8")
    preview = t.cast(Run, you.run(check_it))
    assert preview.changed == 2, preview.output
    for kind, name in (("source", SOURCE), ("pipeline", PIPELINE)):
        assert f"--- before: {kind} {name}\n+++ after: {kind} {name}\n" in preview.output
    assert '+            "database.password": "******** (not sent under update_secrets=on_create)"' in preview.output
    assert sim.writes() == []
    playbook.write_text(playbook_text, encoding="utf-8")

    # 5. Read it back, ad hoc, from the project directory.
    for line in page.commands("5. Read it back"):
        read = t.cast(Run, you.run(line))
        assert "localhost | SUCCESS" in read.output, read.output
        assert re.search(r'"(tags|sources|destinations|transforms|pipelines)": \[\s*\{', read.output), read.output
    assert sim.writes() == []

    # 6. Brownfield: the export playbook under the name the guide runs it by, then the stack from that file.
    [export] = page.commands("6. Brownfield")
    (you.cwd / playbook_of(export)).write_text(page.block_with("6. Brownfield", "yaml", "state: gathered"), encoding="utf-8")
    exported = t.cast(Run, you.run(export))
    assert exported.changed == 1, exported.output
    gathered = yaml.safe_load((you.cwd / "group_vars" / "all" / "shop_stack.yml").read_text(encoding="utf-8"))
    assert {kind: [entry["name"] for entry in entries] for kind, entries in gathered.items()} == {
        "streamkap_sources": [SOURCE], "streamkap_destinations": [DESTINATION], "streamkap_transforms": [TRANSFORM],
        "streamkap_pipelines": [PIPELINE]}
    playbook.write_text(without_listed_entities(playbook_text), encoding="utf-8")
    sim.clear_log()
    adopted = t.cast(Run, you.run(run_it))
    assert adopted.changed == 0, adopted.output
    assert sim.writes() == []

    # 7. Tear it down, in reverse order (now from the gathered file).
    [teardown] = page.commands("7. Tear it down")
    down = t.cast(Run, you.run(teardown))
    assert down.changed == 5, down.output
    assert [entry["path"] for entry in sim.writes() if entry["method"] == "DELETE"] == [
        f"/pipelines/{ids['pipelines']}", "/transforms", f"/destinations/{ids['destinations']}",
        f"/sources/{ids['sources']}", f"/tags/{ids['tags']}"]
