"""What `ansible-playbook --check --diff` prints for streamkap_source: each diff headed by the kind
and the name (the new name after a rename), and a withheld secret that the update leaves out
(update_secrets=on_create) marked as not sent. The plural modules' headers, through the stack role,
are in test_zero_to_pipeline_commands.py."""
from __future__ import annotations

from tests.integration.conftest import STATIC_TOKEN
from tests.integration.test_source_lifecycle import CONFIG, DB_PASSWORD, NAME, run_steps, step, with_config


def test_check_diff_output_names_the_source_and_the_secret_not_sent(sim, run_playbook):
    source_id = sim.create_source(NAME, CONFIG)["id"]
    sim.clear_log()

    run = run_steps(
        run_playbook,
        step(config=with_config(**{"table.include.list.user.defined": "public.orders,public.refunds"})),
        step(id=source_id, name="orders-renamed", config=with_config()),
        check=True, diff=True, auth="token",
    )

    assert run.rc == 0, run.output
    assert [result["changed"] for result in run.results] == [True, True]
    assert f"--- before: source {NAME}\n+++ after: source {NAME}\n" in run.output
    assert f"--- before: source {NAME}\n+++ after: source orders-renamed\n" in run.output
    lines = [line.replace(" ", "") for line in run.output.splitlines()]
    assert lines.count('-"database.password":"********",') == 2
    assert lines.count('+"database.password":"********(notsentunderupdate_secrets=on_create)",') == 2
    for secret in (DB_PASSWORD, STATIC_TOKEN):
        assert secret not in run.output
    assert sim.writes() == []
