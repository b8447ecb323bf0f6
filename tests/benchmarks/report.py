"""Render the measurements as docs/performance.md."""
from __future__ import annotations

import statistics
import typing as t
from dataclasses import dataclass, field

from tests.benchmarks.ansiballz import WrapperResults
from tests.benchmarks.baseline import COMPARED, BaselineResults
from tests.benchmarks.fleet import RATIO_TARGETS, FleetResults, pages_and_auth
from tests.benchmarks.loops import EXTRA_RATIOS, GROUPS, RATIOS, TOKEN_ONCE_GROUPS, LoopResults
from tests.benchmarks.scenarios import LONG_COMMON_NAME, REQUEST_TARGETS, Sample, ScaleCase


@dataclass
class Settings:
    runs: int
    loop_items: int
    loop_runs: int
    sizes: list[int]
    worst_case_size: int
    worst_case_runs: int
    command: str


@dataclass
class Results:
    settings: Settings
    machine: dict[str, str]
    load_before: str = ""
    load_after: str = ""
    elapsed_s: float = 0.0
    section_s: dict[str, float] = field(default_factory=dict)
    requests: list[Sample] = field(default_factory=list)
    loops: LoopResults | None = None
    scale: list[ScaleCase] = field(default_factory=list)
    worst_case: ScaleCase | None = None
    near_miss_absent: bool | None = None
    floors: list[Sample] = field(default_factory=list)
    wrappers: WrapperResults | None = None
    fleet: FleetResults | None = None
    release: BaselineResults | None = None


def verdict(passed: bool) -> str:
    return "**pass**" if passed else "**FAIL**"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def _table(header: list[str], rows: t.Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _column in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(results: Results) -> str:
    settings = results.settings
    lines = [
        "# Performance",
        "",
        "Measured by `make bench` (`tests/benchmarks/`) against the API simulator on loopback; generated,",
        "do not edit by hand. Medians of repeated runs; every ratio is taken within one run (same machine",
        "load) and its median over the runs is shown. The simulator runs as a separate process, so its",
        "CPU use is not counted in the module's CPU time (it is in wall times: it answers the calls).",
        "",
    ]
    lines += _summary(results)
    lines += _requests_section(results.requests, settings)
    if results.loops:
        lines += _loop_section(results.loops)
    lines += _scale_section(results)
    lines += _process_section(results)
    if results.fleet:
        lines += _fleet_section(results.fleet)
    if results.release:
        lines += _release_section(results.release)
    lines += _machine_section(results)
    lines += _method_section(settings)
    return "\n".join(lines) + "\n"


def _summary(results: Results) -> list[str]:
    rows = []
    for sample in results.requests:
        target = REQUEST_TARGETS[sample.label]
        rows.append([f"requests, {sample.label}", target.label, _request_count(sample),
                     verdict(all(target.met_by(logged) for logged in sample.requests))])
    if results.loops:
        for numerator, denominator, target in RATIOS:
            ratio = results.loops.median_ratio(numerator, denominator)
            rows.append([f"per-task time, {GROUPS[numerator][0]} / {GROUPS[denominator][0]}", f"at most {target}x",
                         f"{ratio:.2f}x", verdict(ratio <= target)])
    for case in results.scale + ([results.worst_case] if results.worst_case else []):
        rows.append([f"exact match among {case.sources:,} sources", "correct", "correct" if case.correct else "wrong",
                     verdict(case.correct)])
    if results.near_miss_absent is not None:
        rows.append(["a name that matches every source by substring only", "reported absent",
                     "absent" if results.near_miss_absent else "matched", verdict(results.near_miss_absent)])
    if results.fleet:
        rows += _fleet_target_rows(results.fleet)
    if results.release:
        for group in COMPARED:
            ratio = results.release.median_ratio(group)
            rows.append([f"per-task time, {GROUPS[group][0]}, this tree / {results.release.ref} (interleaved runs)",
                         f"at most {RELEASE_TARGET}x", f"{ratio:.3f}x", verdict(ratio <= RELEASE_TARGET)])
    return ["## Targets", ""] + _table(["measure", "target", "measured", "result"], rows) + [""]


# Issue 13: list pages and auth calls of a no-change task on 1,000 sources; requests of gathered on 10,000.
FLEET_NOOP_MAX_PAGES = 11
FLEET_NOOP_MAX_AUTH = 1
FLEET_GATHERED_MAX_REQUESTS = 101
FLEET_LABELS = {"fleet_noop": "no change", "fleet_create": "create"}


# Issue 10: no slower per task than the release before the resource engine.
RELEASE_TARGET = 1.0


def _release_section(release: BaselineResults) -> list[str]:
    rows = []
    for group in ("ping", *COMPARED):
        ratio = f"{release.median_ratio(group):.3f}x" if group in COMPARED else "–"
        rows.append([GROUPS[group][0], f"{release.median_ms('release', group):,.1f}", f"{release.median_ms('this', group):,.1f}", ratio])
    return [
        f"## 6. Per-task time against {release.ref}",
        "",
        f"The same loop playbook ({release.items} items per task) run {release.repetitions} times with each collection:",
        f"this tree and {release.ref} (commit `{release.commit[:12]}`, exported with `git archive`), the two runs of a",
        "repetition adjacent and their order alternated, so both meet the same machine load. Per item is the median",
        "item time; the ratio is this tree's / the release's within a repetition, its median over the repetitions",
        "shown (`tests/benchmarks/baseline.py`).",
        "",
    ] + _table(["task group", f"{release.ref} per item ms", "this tree per item ms", "ratio (median)"], rows) + [""]


def _fleet_noop_passes(fleet: FleetResults) -> bool:
    pages, auth, other = pages_and_auth(fleet.noop_requests)
    return pages <= FLEET_NOOP_MAX_PAGES and auth <= FLEET_NOOP_MAX_AUTH and other == 0


def _fleet_target_rows(fleet: FleetResults) -> list[list[str]]:
    sizes = fleet.sizes
    pages, auth, other = pages_and_auth(fleet.noop_requests)
    rows = [[f"requests, streamkap_sources, {sizes.noop_total:,} existing sources, no change",
             f"at most {FLEET_NOOP_MAX_PAGES} list pages + auth", f"{pages} pages + {auth} auth + {other} other",
             verdict(_fleet_noop_passes(fleet))]]
    for task, loop, target in RATIO_TARGETS:
        items = sizes.noop_total if task == "fleet_noop" else sizes.create_total
        ratio = fleet.median_ratio(task)
        rows.append([f"time, streamkap_sources {FLEET_LABELS[task]} of {items:,} / loop of streamkap_source (scaled)",
                     f"at most {target}x", f"{ratio:.3f}x", verdict(ratio <= target)])
    count = len(fleet.gathered_requests)
    rows.append([f"requests, streamkap_sources gathered on {sizes.gathered_total:,} sources",
                 f"at most {FLEET_GATHERED_MAX_REQUESTS}", str(count), verdict(count <= FLEET_GATHERED_MAX_REQUESTS)])
    return rows


def _request_count(sample: Sample) -> str:
    logged = sample.typical_requests
    auth = sum(1 for request in logged if request.is_auth)
    return f"{len(logged) - auth} + {auth} auth" if auth else str(len(logged))


def _requests_section(samples: list[Sample], settings: Settings) -> list[str]:
    lines = [
        "## 1. HTTP requests per module run",
        "",
        f"Read from the simulator's request log (`/_sim/requests`), cleared before each run; {settings.runs} runs per case,",
        "all with the same count unless the table says otherwise. `streamkap_source` runs as a module process",
        "(`python -m ansible_collections.streamkap.cloud.plugins.modules.streamkap_source args.json`).",
        "",
    ]
    rows = []
    for sample in samples:
        target = REQUEST_TARGETS[sample.label]
        counts = sorted(set(sample.request_counts))
        seen = "<br>".join(f"`{request.describe()}`" for request in sample.typical_requests)
        rows.append([sample.label, target.label, _request_count(sample) + ("" if len(counts) == 1 else f" (varied: {counts})"),
                     verdict(all(target.met_by(logged) for logged in sample.requests)), seen,
                     _ms(sample.wall_s), _ms(sample.cpu_s)])
    lines += _table(["case", "target", "requests", "result", "requests seen", "wall ms", "module CPU ms"], rows)
    return lines + [""]


def _loop_section(loops: LoopResults) -> list[str]:
    lines = [
        "## 2. Per-task wall time in a loop",
        "",
        f"One `ansible-playbook` run per repetition ({loops.repetitions} runs) holds every task group, each looping over",
        f"the same {loops.items} items, in an order rotated between runs (`tests/benchmarks/playbooks/`).",
        "`callback_plugins/bench_timer.py` times every item (from one item's result to the next). Per item is the",
        "median item time (summed over the group's tasks), which a burst of other work during a few items does",
        "not move; the ratios use it. Mean per item is the group's whole task time / items, the task's fixed",
        "cost included.",
        "The `uri` equivalent does per item what the module does: a token request (client credentials), a",
        "lookup by `partial_name` (first page only, no validation, no drift check) and a create when no name",
        "matches exactly. Credentials come from `STREAMKAP_*` environment variables for the module and from",
        "variables for `uri`. The rows marked derived leave the `uri` token task out: what a play pays when one",
        "token, requested once, serves every item (the module asks for a token on every run unless given one).",
        "",
    ]
    rows = []
    labels = {group: label for group, (label, _changed) in GROUPS.items()}
    labels.update({group: label for group, (_source, label) in TOKEN_ONCE_GROUPS.items()})
    for group, label in labels.items():
        values = loops.per_item_s[group]
        rows.append([label, f"{loops.median_ms(group):,.0f}", f"{_ms(min(values))}–{_ms(max(values))}",
                     f"{loops.mean_ms(group):,.0f}"])
    lines += _table(["task group", "per item ms", "range over runs", "mean per item ms"], rows)
    lines += [""]
    rows = []
    for numerator, denominator, target in RATIOS:
        values = loops.ratios[(numerator, denominator)]
        ratio = loops.median_ratio(numerator, denominator)
        rows.append([f"{labels[numerator]} / {labels[denominator]}", f"{ratio:.2f}x",
                     ", ".join(f"{value:.2f}" for value in values), f"at most {target}x", verdict(ratio <= target)])
    for numerator, denominator in EXTRA_RATIOS:
        values = loops.ratios[(numerator, denominator)]
        rows.append([f"{labels[numerator]} / {labels[denominator]}", f"{loops.median_ratio(numerator, denominator):.2f}x",
                     ", ".join(f"{value:.2f}" for value in values), "(information)", ""])
    lines += _table(["ratio", "median", "per run", "target", "result"], rows)
    lines += ["", "Whole playbook runs took " + ", ".join(f"{value:.0f} s" for value in loops.playbook_wall_s) + ".", ""]
    return lines


def _scale_section(results: Results) -> list[str]:
    settings = results.settings
    lines = [
        "## 3. Lookups at scale",
        "",
        "A no-op run (access token, so every request is a lookup page of 100) looks up `scale-1` among the",
        "seeded sources `scale-1..N`: `partial_name` also returns `scale-10`, `scale-100`, ... The worst case seeds",
        f"N sources named `{_long_name()}-1..N` plus one named",
        f"`{_long_name()}`, the name looked up: every source matches `partial_name`, so every",
        "page is read. Correct means every run found exactly the expected source (same id) and reported no change.",
        "Wall time includes the simulator's answers (it filters and renders every page); module CPU is the",
        "module process alone.",
        "",
    ]
    rows = []
    cases = results.scale + ([results.worst_case] if results.worst_case else [])
    for case in cases:
        sample = case.sample
        runs = settings.worst_case_runs if case is results.worst_case else settings.runs
        rows.append([f"{case.sources:,}", f"{case.matching:,}", _request_count(sample), _ms(sample.wall_s), _ms(sample.cpu_s),
                     f"{sample.max_rss_mib:.1f}", "yes" if case.correct else "**no**", str(runs)])
    lines += _table(["sources", "matching partial_name", "requests", "wall ms", "module CPU ms", "peak RSS MiB", "correct", "runs"], rows)
    if results.near_miss_absent is not None:
        lines += ["", f"A check-mode run for `{_long_name()[:-1]}` (a substring of all {cases[-1].sources:,} names, the name of none)",
                  f"reports the source as absent (would create): {'yes' if results.near_miss_absent else '**no**'}."]
    return lines + [""]


def _long_name() -> str:
    return LONG_COMMON_NAME


def _process_section(results: Results) -> list[str]:
    lines = [
        "## 4. The module process: memory, CPU, imports",
        "",
        "Peak RSS (`ru_maxrss`), CPU (user + system) and wall time of single processes, measured with `os.wait4`.",
        "The AnsiballZ rows run the wrapper files Ansible itself executes (kept with `ANSIBLE_KEEP_REMOTE_FILES=1`):",
        "there the collection's module_utils are imported from a zip and compiled on every run.",
        "",
    ]
    rows = [[sample.label, f"{sample.max_rss_mib:.1f}", _ms(sample.cpu_s), _ms(sample.wall_s)] for sample in results.floors]
    if results.wrappers:
        for sample in (results.wrappers.ping, results.wrappers.module):
            rows.append([f"AnsiballZ: {sample.label}", f"{sample.max_rss_mib:.1f}", _ms(sample.cpu_s), _ms(sample.wall_s)])
    for sample in results.requests:
        rows.append([f"module process: {sample.label}", f"{sample.max_rss_mib:.1f}", _ms(sample.cpu_s), _ms(sample.wall_s)])
    if results.worst_case:
        sample = results.worst_case.sample
        rows.append([f"module process: lookup, {sample.label}", f"{sample.max_rss_mib:.1f}", _ms(sample.cpu_s), _ms(sample.wall_s)])
    lines += _table(["process", "peak RSS MiB", "CPU ms", "wall ms"], rows)
    if results.wrappers:
        wrappers = results.wrappers
        extra_cpu = wrappers.module.cpu_s - wrappers.ping.cpu_s
        lines += ["", f"A no-op `streamkap_source` process costs {_ms(extra_cpu)} ms more CPU than a `ping` process "
                  f"({wrappers.module.cpu_s / wrappers.ping.cpu_s:.2f}x).", ""]
        imports = wrappers.imports
        lines += [f"### Imports of a no-op run (AnsiballZ, `python -X importtime`, median of {len(wrappers.module.runs)} runs)", "",
                  f"All imports together: {imports.total_ms:,.0f} ms (the instrumentation inflates every figure; compare them",
                  "with each other). Heaviest imports (cumulative: with what they import; AnsiballZ's loader, which holds",
                  "everything it loads, is left out):", ""]
        lines += _table(["import", "imported by", "cumulative ms", "self ms"],
                        ([f"`{cost.module}`", f"`{cost.parent}`" if cost.parent else "(top level)", f"{cost.cumulative_ms:.1f}",
                          f"{cost.self_ms:.1f}"] for cost in imports.top_cumulative(15)))
        lines += ["", "Largest self times (the module's own code, compiled from the zip, shows here):", ""]
        lines += _table(["import", "imported by", "self ms"],
                        ([f"`{cost.module}`", f"`{cost.parent}`" if cost.parent else "(top level)", f"{cost.self_ms:.1f}"]
                         for cost in imports.top_self(10)))
    return lines + [""]


def _fleet_section(fleet: FleetResults) -> list[str]:
    sizes = fleet.sizes
    lines = [
        "## 5. Many sources in one task: streamkap_sources against a loop of streamkap_source",
        "",
        f"One `ansible-playbook` run per repetition ({fleet.repetitions} runs, `tests/benchmarks/playbooks/fleet.yml`) on a",
        f"tenant seeded with {sizes.noop_total:,} sources times four tasks (`bench_timer`, start to final result):",
        f"a loop of `streamkap_source` over a sample of {sizes.loop_sample} of the existing sources (every",
        f"{max(1, sizes.noop_total // sizes.loop_sample)}th, so that short and long names are in it; no change), one `streamkap_sources`",
        f"task over all {sizes.noop_total:,} (no change), a loop of `streamkap_source` creating {sizes.loop_sample} new",
        f"sources, and one `streamkap_sources` task creating {sizes.create_total} (`max_concurrent_writes` 4). **The loops",
        "are timed on the sample and scaled** to the fleet task's items (task time / sample x items): a loop over",
        f"all {sizes.noop_total:,} would take the scaled time. Client credentials from the environment, as a play would use.",
        "",
    ]
    rows = []
    for task, loop, _target in RATIO_TARGETS:
        items = sizes.noop_total if task == "fleet_noop" else sizes.create_total
        scaled = fleet.scaled_loop_s(loop)
        rows.append([f"{FLEET_LABELS[task]}, {items:,} sources", f"{statistics.median(fleet.task_s[loop]):.1f}",
                     f"{statistics.median(scaled):.1f}", f"{fleet.median_s(task):.2f}", f"{fleet.median_ratio(task):.3f}x",
                     ", ".join(f"{value:.3f}" for value in fleet.ratios[task])])
    lines += _table(["case", f"loop of {sizes.loop_sample} s", "loop scaled s", "streamkap_sources s",
                     "ratio (median)", "per run"], rows)
    pages, auth, other = pages_and_auth(fleet.noop_requests)
    gathered_pages, gathered_auth, gathered_other = pages_and_auth(fleet.gathered_requests)
    lines += [
        "",
        f"Requests of the no-change task on {sizes.noop_total:,} sources (its own playbook run, log cleared before):",
        f"{pages} list pages (`GET /sources`, 100 a page) + {auth} auth + {other} other, in {fleet.noop_wall_s:.2f} s.",
        f"`state: gathered` on {sizes.gathered_total:,} sources: {len(fleet.gathered_requests)} requests ({gathered_pages} list pages +",
        f"{gathered_auth} auth + {gathered_other} other), in {fleet.gathered_wall_s:.1f} s.",
        "",
        "Whole playbook runs took " + ", ".join(f"{value:.0f} s" for value in fleet.playbook_wall_s) + ".",
        "",
    ]
    return lines


def _machine_section(results: Results) -> list[str]:
    rows = [[key, value] for key, value in results.machine.items()]
    rows.append(["Load average (1, 5, 15 min)", f"{results.load_before} before; {results.load_after} after"])
    sections = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in results.section_s.items())
    rows.append(["Benchmark duration", f"{results.elapsed_s:.0f} s ({sections})"])
    return ["## Machine", ""] + _table(["", ""], rows) + [""]


def _method_section(settings: Settings) -> list[str]:
    return [
        "## How to reproduce",
        "",
        "`make bench` installs the collection into build/collections (`make install`) and runs the default",
        "settings. By hand, from the repository root:",
        "",
        "```console",
        "$ make install",
        f"$ .venv/bin/{settings.command}",
        "```",
        "",
        "Options of `python -m tests.benchmarks` (`--help`): `--runs` (repetitions, default 5), `--loop-items`",
        "(items per loop, default 50), `--loop-runs` (default `--runs`), `--sizes` (default 100,1000,10000),",
        "`--worst-case-size` (default 10000), `--worst-case-runs` (default 3: the 10,000-source worst case reads",
        "about 100 pages per run), `--fleet-runs` (default 3), `--fleet-loop-sample` (default 100), `--release`",
        "(the git ref section 6 compares with, default 1.0.0), `--output`, `--only` (a subset of: requests, loops,",
        "scale, process, fleet, release).",
        "",
        f"This run: {settings.runs} runs per case, loops of {settings.loop_items} items x {settings.loop_runs} runs, "
        f"sizes {', '.join(f'{size:,}' for size in settings.sizes)}, worst case {settings.worst_case_size:,} sources "
        f"x {settings.worst_case_runs} runs.",
        "",
        "Other work on the machine shows in absolute times; the ratios, measured within one run, are the figures",
        "to compare between machines.",
    ]
