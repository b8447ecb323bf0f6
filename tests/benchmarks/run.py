"""Run the benchmarks against a simulator process and write docs/performance.md.

    python -m tests.benchmarks [--runs 5] [--loop-items 50] [--only requests,loops,scale,process,fleet,release]
    [--release 1.0.0]
"""
from __future__ import annotations

import argparse
import sys
import time
import typing as t
from pathlib import Path

from tests.benchmarks import machine, scenarios
from tests.benchmarks.ansiballz import measure_wrappers
from tests.benchmarks.baseline import compare_with_release
from tests.benchmarks.fleet import FleetSizes, run_fleet
from tests.benchmarks.loops import run_loops
from tests.benchmarks.modrun import COLLECTIONS
from tests.benchmarks.report import Results, Settings, render
from tests.benchmarks.sim import BenchSimulator

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("requests", "loops", "scale", "process", "fleet", "release")  # in the order they run


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of every measurement (default 5)")
    parser.add_argument("--loop-items", type=int, default=50, help="items per looped task (default 50)")
    parser.add_argument("--loop-runs", type=int, default=None, help="playbook runs of the loop benchmark (default: --runs)")
    parser.add_argument("--sizes", default="100,1000,10000", help="numbers of seeded sources (default 100,1000,10000)")
    parser.add_argument("--worst-case-size", type=int, default=10000, help="sources in the worst case (default 10000)")
    parser.add_argument("--worst-case-runs", type=int, default=3, help="runs of the worst case (default 3)")
    parser.add_argument("--fleet-runs", type=int, default=3, help="playbook runs of the fleet benchmark (default 3)")
    parser.add_argument("--fleet-loop-sample", type=int, default=100,
                        help="items of the streamkap_source loops the fleet is compared with (default 100)")
    parser.add_argument("--release", default="1.0.0",
                        help="git ref of the release whose per-task time is compared (default 1.0.0)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {', '.join(SECTIONS)}")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md", help="where to write the report")
    args = parser.parse_args(argv)
    args.only = [section.strip() for section in args.only.split(",") if section.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    args.sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    args.loop_runs = args.loop_runs or args.runs
    return args


def command_line(argv: list[str]) -> str:
    return "python -m tests.benchmarks" + "".join(f" {arg}" for arg in argv)


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def measure_requests(sim: BenchSimulator, args: argparse.Namespace, results: Results) -> None:
    progress("1. requests per module run")
    results.requests = scenarios.request_counts(sim, args.runs)


def measure_loops(sim: BenchSimulator, args: argparse.Namespace, results: Results) -> None:
    progress(f"2. per-task time, {args.loop_runs} playbook runs of {args.loop_items}-item loops")
    results.loops = run_loops(sim, args.loop_items, args.loop_runs)


def measure_scale(sim: BenchSimulator, args: argparse.Namespace, results: Results) -> None:
    progress(f"3. lookups among {', '.join(map(str, args.sizes))} sources")
    results.scale = scenarios.scale_lookups(sim, args.sizes, args.runs)
    progress(f"3. worst case, {args.worst_case_size} sources")
    results.worst_case, results.near_miss_absent = scenarios.worst_case_lookup(sim, args.worst_case_size, args.worst_case_runs)


def measure_process(sim: BenchSimulator, args: argparse.Namespace, results: Results) -> None:
    progress("4. module process: memory, CPU, imports")
    results.floors = scenarios.interpreter_floors(args.runs)
    results.wrappers = measure_wrappers(sim, args.runs)


def measure_fleet(sim: BenchSimulator, args: argparse.Namespace, results: Results) -> None:
    sizes = FleetSizes(loop_sample=args.fleet_loop_sample)
    progress(f"5. streamkap_sources vs a loop of streamkap_source, {args.fleet_runs} playbook runs; "
             f"gathered on {sizes.gathered_total:,} sources")
    results.fleet = run_fleet(sim, sizes, args.fleet_runs)


def measure_release(sim: BenchSimulator, args: argparse.Namespace, results: Results) -> None:
    progress(f"6. per-task time against {args.release}, {args.loop_runs} pairs of interleaved playbook runs")
    results.release = compare_with_release(sim, args.release, args.loop_items, args.loop_runs)


SECTION_RUNNERS: dict[str, t.Callable[[BenchSimulator, argparse.Namespace, Results], None]] = {
    "requests": measure_requests,
    "loops": measure_loops,
    "scale": measure_scale,
    "process": measure_process,
    "fleet": measure_fleet,
    "release": measure_release,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if not (COLLECTIONS / "ansible_collections" / "streamkap" / "cloud").is_dir():
        print(f"The collection is not installed in {COLLECTIONS}: run `make install` first.", file=sys.stderr)
        return 2
    settings = Settings(runs=args.runs, loop_items=args.loop_items, loop_runs=args.loop_runs, sizes=args.sizes,
                        worst_case_size=args.worst_case_size, worst_case_runs=args.worst_case_runs,
                        command=command_line(argv))
    results = Results(settings=settings, machine=machine.describe(), load_before=machine.load_average())
    started = time.perf_counter()
    with BenchSimulator() as sim:
        for section in (name for name in SECTIONS if name in args.only):
            section_started = time.perf_counter()
            SECTION_RUNNERS[section](sim, args, results)
            results.section_s[section] = time.perf_counter() - section_started
    results.elapsed_s = time.perf_counter() - started
    results.load_after = machine.load_average()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(results), encoding="utf-8")
    progress(f"wrote {args.output} in {results.elapsed_s:.0f} s")
    return 0
