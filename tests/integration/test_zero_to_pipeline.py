"""docs/zero-to-pipeline.md runs as written: playbooks/zero_to_pipeline.yml and its files/mask_email.js,
copied unchanged into a project whose group_vars hold an ansible-vault encrypted file, creates the stack
(changed: the transform deployed and running before the pipeline routes through it), finds
it as asked on the second run (no change, no write), plans nothing in check mode, then tears it
down in reverse dependency order with `-e streamkap_state=deleted` (a second teardown: no write).
The guide shows that playbook verbatim."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.integration.conftest import CLIENT_ID, CLIENT_SECRET, ROOT, Simulator
from tests.support import VENV_BIN

PLAYBOOK = ROOT / "playbooks" / "zero_to_pipeline.yml"
CODE = ROOT / "playbooks" / "files" / "mask_email.js"
GUIDE = ROOT / "docs" / "zero-to-pipeline.md"
DB_PASSWORD = "pg-Guide-5e1a"
SNOWFLAKE_KEY = "sf-Guide-key-77c0"
VAULT_PASSWORD = "guide-vault-password"
SOURCE, DESTINATION, PIPELINE, TAG = "shop-orders-postgres", "shop-analytics-snowflake", "shop-orders-to-snowflake", "shop"
TRANSFORM = "shop-mask-email"


@pytest.fixture()
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The guide's project: the playbook and group_vars/all/vault.yml, encrypted as the guide says."""
    root = tmp_path_factory.mktemp("zero-to-pipeline")
    playbook = Path(shutil.copy(PLAYBOOK, root / PLAYBOOK.name))
    (root / "files").mkdir()
    shutil.copy(CODE, root / "files" / CODE.name)
    password_file = root / ".vault-password"
    password_file.write_text(VAULT_PASSWORD, encoding="utf-8")
    vault_file = root / "group_vars" / "all" / "vault.yml"
    vault_file.parent.mkdir(parents=True)
    vault_file.write_text(yaml.safe_dump({
        "vault_orders_db_password": DB_PASSWORD,
        "vault_snowflake_private_key": SNOWFLAKE_KEY,
        "streamkap_client_id": CLIENT_ID,
        "streamkap_client_secret": CLIENT_SECRET,
    }), encoding="utf-8")
    subprocess.run([str(VENV_BIN / "ansible-vault"), "encrypt", "--vault-password-file", str(password_file), str(vault_file)],
                   check=True, capture_output=True)
    assert vault_file.read_text(encoding="utf-8").startswith("$ANSIBLE_VAULT;")
    return playbook, {"ANSIBLE_VAULT_PASSWORD_FILE": str(password_file)}


def test_the_guide_shows_the_tested_playbook_and_code_verbatim():
    assert f"```yaml\n{PLAYBOOK.read_text(encoding='utf-8')}```\n" in GUIDE.read_text(encoding="utf-8")
    assert f"```javascript\n{CODE.read_text(encoding='utf-8')}```\n" in GUIDE.read_text(encoding="utf-8")


def _named(sim: Simulator, kind: str, name: str) -> list[dict[str, Any]]:
    page = sim.api("GET", f"/{kind}", params={"partial_name": name, "page_size": 100})
    return [item for item in page["result"] if item["name"] == name]


def test_the_guides_playbook_creates_reruns_silently_and_tears_down(sim, run_playbook, project):
    playbook, vault_env = project
    assert playbook.read_bytes() == PLAYBOOK.read_bytes()

    # The job runs at the first status read (one wait_interval): the test need not wait for more.
    sim.settings(job_polls=0)
    # Credentials only from the vault file (auth="none"): module_defaults and the role's variables.
    first = run_playbook(str(playbook), auth="none", env=vault_env)
    assert first.rc == 0, first.output
    assert first.changed == 5, first.output  # the tag, the source, the destination, the transform, the pipeline
    [tag] = [tag for tag in sim.api("GET", "/tags")["tags"] if tag["name"] == TAG]
    [source], [destination], [pipeline] = (_named(sim, kind, name) for kind, name in
                                           (("sources", SOURCE), ("destinations", DESTINATION), ("pipelines", PIPELINE)))
    for entity in (source, destination, pipeline):
        assert tag["id"] in entity["tags"]
    assert pipeline["source"]["id"] == source["id"] and pipeline["destination"]["id"] == destination["id"]
    assert pipeline["topics"] == [f"source_{source['id']}.public.orders", f"source_{source['id']}.public.customers"]
    [transform] = _named(sim, "transforms", TRANSFORM)
    assert tag["id"] in transform["tags"] and transform["status"] == "RUNNING"
    assert transform["implementation"]["value_transform"] == CODE.read_text(encoding="utf-8").rstrip("\n")
    # The pipeline routes the transform's output topic, named by the transform's own topic id.
    assert pipeline["transforms"] == [{"id": transform["id"], "name": TRANSFORM, "start_time": None,
                                       "topic": "shop.customers_masked",
                                       "topic_id": f"transform_{transform['id']}_2.shop.customers_masked"}]
    # The play's own _info task read it back (the last registered result).
    assert [item["id"] for item in first.results["pipelines"]] == [pipeline["id"]]
    assert sim.record(source["id"])["config"]["database.password"] == DB_PASSWORD

    sim.clear_log()
    second = run_playbook(str(playbook), auth="none", env=vault_env)
    assert second.rc == 0, second.output
    assert second.changed == 0, second.output
    assert sim.writes() == []

    checked = run_playbook(str(playbook), auth="none", env=vault_env, check=True, diff=True)
    assert checked.rc == 0, checked.output
    assert checked.changed == 0, checked.output
    assert sim.writes() == []

    for run in (first, second, checked):
        for secret in (DB_PASSWORD, SNOWFLAKE_KEY, CLIENT_SECRET, VAULT_PASSWORD):
            assert secret not in run.output

    sim.clear_log()
    teardown = run_playbook(str(playbook), {"streamkap_state": "deleted"}, auth="none", env=vault_env)
    assert teardown.rc == 0, teardown.output
    assert teardown.changed == 5, teardown.output
    deletes = [(entry["path"], entry["query"]) for entry in sim.writes() if entry["method"] == "DELETE"]
    assert deletes == [(f"/pipelines/{pipeline['id']}", {"wait": "false"}), ("/transforms", {"id": transform["id"]}),
                       (f"/destinations/{destination['id']}", {"wait": "false"}),
                       (f"/sources/{source['id']}", {"wait": "false"}), (f"/tags/{tag['id']}", {})]
    assert not any(_named(sim, kind, name) for kind, name in
                   (("sources", SOURCE), ("destinations", DESTINATION), ("transforms", TRANSFORM),
                    ("pipelines", PIPELINE)))

    sim.clear_log()
    again = run_playbook(str(playbook), {"streamkap_state": "deleted"}, auth="none", env=vault_env)
    assert again.rc == 0, again.output
    assert again.changed == 0, again.output
    assert sim.writes() == []
