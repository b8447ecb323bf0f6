"""A play-level module_defaults for group/streamkap.cloud.streamkap reaches the stack and the sources
roles' modules, and the roles' own streamkap_* variables still win where they are defined.

The environment holds no STREAMKAP_* credentials and a STREAMKAP_API_URL where nothing listens, so
every request that reaches the simulator used the play's module_defaults (or a role variable).
"""
from __future__ import annotations

from tests.integration.conftest import CLIENT_ID, CLIENT_SECRET

CONFIG = {
    "database.hostname.user.defined": "db.example.internal",
    "database.user": "streamkap",
    "database.password": "pg-RoleDefaults-27c1",
    "database.dbname": "shop",
    "schema.include.list": "public",
    "table.include.list.user.defined": "public.orders",
}
DEAD_API_URL = "http://127.0.0.1:9"


def variables(api_url: str) -> dict[str, object]:
    return {
        "defaults_api_url": api_url,
        "defaults_client_id": CLIENT_ID,
        "defaults_client_secret": CLIENT_SECRET,
        "tag_name": "shop",
        "stack_source_name": "stack-orders",
        "role_source_name": "role-orders",
        "source_config": CONFIG,
    }


def assert_both_roles_applied(sim, run) -> None:
    assert run.rc == 0, run.output
    assert run.failed == 0
    [tag] = [item for item in sim.api("GET", "/tags")["tags"] if item["name"] == "shop"]
    [stack_source] = sim.sources_named("stack-orders")
    [role_source] = sim.sources_named("role-orders")
    assert stack_source["tags"] == [tag["id"]]
    outcome = run.results["ansible_facts"]["roles_outcome"]
    assert [(item["name"], item["action"]) for item in outcome["stack"]["sources"]] == [("stack-orders", "created")]
    assert [(item["name"], item["id"]) for item in outcome["sources"]] == [("role-orders", role_source["id"])]
    assert CLIENT_SECRET not in run.output
    assert CONFIG["database.password"] not in run.output


def test_play_module_defaults_reach_both_roles(sim, run_playbook):
    run = run_playbook("roles_module_defaults.yml", variables(sim.url), auth="none",
                       env={"STREAMKAP_API_URL": DEAD_API_URL})

    assert_both_roles_applied(sim, run)


def test_role_variables_win_over_play_module_defaults_key_by_key(sim, run_playbook):
    # module_defaults point nowhere for api_url; the role variable streamkap_api_url fixes only that.
    run = run_playbook("roles_module_defaults.yml", dict(variables(DEAD_API_URL), streamkap_api_url=sim.url),
                       auth="none", env={"STREAMKAP_API_URL": DEAD_API_URL})

    assert_both_roles_applied(sim, run)


def test_check_mode_on_an_empty_tenant_plans_the_tagged_sources_with_a_warning(sim, run_playbook):
    # The tag task would create the tag; the sources task must not reject it in a check run.
    run = run_playbook("roles_module_defaults.yml", variables(sim.url), auth="none", check=True,
                       env={"STREAMKAP_API_URL": DEAD_API_URL})

    assert run.rc == 0, run.output
    assert run.failed == 0
    assert sim.writes() == []
    outcome = run.results["ansible_facts"]["roles_outcome"]
    assert [(item["name"], item["action"]) for item in outcome["stack"]["sources"]] == [("stack-orders", "created")]
    assert "no tag has the name or id 'shop' (yet)" in run.output
