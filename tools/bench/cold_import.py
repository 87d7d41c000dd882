"""Figure 1: cold import of every function's handler module against a bare Powertools resolver.

Each import runs in a fresh `.venv/bin/python` with the layer's folder on sys.path (Lambda's /opt/python)
and the function's own folder first (/var/task), under the function's environment variables from
template.yaml (resolved by the local stack's Template; nothing is wired at import time, so any values do).
The time is the import of the handler module, measured inside the process (interpreter start excluded),
median of RUNS processes, rounds interleaved so drift hits every module alike. The ratio uses the CPU time
of the import (time.process_time): on a shared machine (CI, other jobs) the wall time also counts the
time the process waited for a core, which an idle Lambda sandbox does not; the wall time is shown too.
One discarded warm-up each first, so every module is timed with its bytecode cached. Baseline: a bare
APIGatewayRestResolver(enable_validation=True) handler module in a temporary folder, measured in the same rounds."""
from __future__ import annotations

import os
import random
import statistics
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tools.bench.support import LAYER_DIR, ROOT, TEMPLATE, VENV_PYTHON, Figure, functions, module_main, verdict

RUNS = 11                # fresh processes per module (the issue: at least 7; 11 steady the medians)
TARGET_RATIO = 1.25
BASELINE_MODULE = '''"""A bare Powertools REST resolver: the baseline of figure 1."""
from aws_lambda_powertools.event_handler import APIGatewayRestResolver

app = APIGatewayRestResolver(enable_validation=True)


@app.get("/v1/ping")
def ping() -> dict[str, str]:
    return {"ping": "pong"}


def lambda_handler(event, context):
    return app.resolve(event, context)
'''
# The same resolver with the AWS SDK loaded at init, as AWS advises for a function that calls AWS (SDK and
# clients outside the handler, so the INIT phase pays for them once): the fair baseline for such functions.
# Deferring `import boto3` to the first request would pass a bare-resolver target without making any cold
# start shorter, so a function that loads boto3 is held to this baseline and one that doesn't to the bare one.
BASELINE_WITH_SDK_MODULE = BASELINE_MODULE.replace(
    "from aws_lambda_powertools.event_handler", "import boto3  # noqa: F401\nfrom aws_lambda_powertools.event_handler")
TIMER = ("import importlib, sys, time\n"
         "t0, c0 = time.perf_counter(), time.process_time()\n"
         "importlib.import_module(sys.argv[1])\n"
         "print(time.perf_counter() - t0, time.process_time() - c0, int('boto3' in sys.modules))\n")


@dataclass
class Subject:
    name: str                       # logical id, or "baseline" / "reference: import boto3"
    module: str                     # what is imported
    path: list[str]                 # prepended to sys.path
    env: dict[str, str]
    times: list[float] = field(default_factory=list)          # CPU seconds of the import
    wall: list[float] = field(default_factory=list)           # wall-clock seconds of the import
    loads_sdk: bool = False                                   # boto3 imported by the module

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def wall_ms(self) -> float:
        return statistics.median(self.wall) * 1000


def _base_env() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {k: v for k, v in os.environ.items() if k in keep} | {
        "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1", "POWERTOOLS_METRICS_DISABLED": "true"}


def function_subjects() -> list[Subject]:
    from local_stack.template import Template
    template = Template(TEMPLATE, region="eu-west-1")
    out = []
    for lid in functions():
        props = template.properties(lid)
        module = str(props["Handler"]).rsplit(".", 1)[0].replace("/", ".")
        env = {k: ("" if v is None else str(v)) for k, v in
               ((props.get("Environment") or {}).get("Variables") or {}).items()}
        env |= {"AWS_LAMBDA_FUNCTION_NAME": template.name(lid), "AWS_LAMBDA_FUNCTION_MEMORY_SIZE":
                str(props.get("MemorySize", 128)), "_HANDLER": str(props["Handler"])}
        out.append(Subject(lid, module, [str((ROOT / str(props["CodeUri"])).resolve()), str(LAYER_DIR)],
                           _base_env() | env))
    return out


def time_import(subject: Subject) -> tuple[float, float]:
    """(wall, CPU) seconds of one import in a fresh process; notes whether it loaded boto3."""
    env = subject.env | {"PYTHONPATH": os.pathsep.join(subject.path)}
    done = subprocess.run([str(VENV_PYTHON), "-c", TIMER, subject.module], env=env, capture_output=True,
                          text=True, check=False, cwd=subject.path[0])
    if done.returncode != 0:
        raise RuntimeError(f"{subject.name}: import {subject.module} failed: {done.stderr.strip()[-300:]}")
    wall, cpu, sdk = done.stdout.strip().splitlines()[-1].split()
    subject.loads_sdk = sdk == "1"
    return float(wall), float(cpu)


# ------------------------------------------------------------------ -X importtime
@dataclass
class ImportNode:
    name: str
    self_us: int
    cumulative_us: int
    children: list[ImportNode] = field(default_factory=list)


def import_tree(subject: Subject) -> list[ImportNode]:
    """The roots of `python -X importtime -c 'import <module>'` (children nested)."""
    env = subject.env | {"PYTHONPATH": os.pathsep.join(subject.path)}
    done = subprocess.run([str(VENV_PYTHON), "-X", "importtime", "-c", f"import {subject.module}"], env=env,
                          capture_output=True, text=True, check=True, cwd=subject.path[0])
    return parse_importtime(done.stderr)


def parse_importtime(text: str) -> list[ImportNode]:
    pending: dict[int, list[ImportNode]] = defaultdict(list)
    for line in text.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        self_us, cumulative, name_field = line[len("import time:"):].split("|", 2)
        name = name_field.rstrip()
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        node = ImportNode(name.strip(), int(self_us), int(cumulative), pending.pop(depth + 1, []))
        pending[depth].append(node)
    return pending.get(0, [])


def heaviest_chain(roots: list[ImportNode], module: str, floor_us: int = 3000,
                   skip: frozenset[str] = frozenset()) -> list[ImportNode]:
    """From the handler module down, the heaviest child each time (ignoring modules in `skip`), while it
    costs >= floor_us."""
    node = next((r for r in roots if r.name == module), max(roots, key=lambda r: r.cumulative_us))
    chain = [node]
    while True:
        children = [c for c in node.children if c.name not in skip]
        if not children:
            break
        child = max(children, key=lambda c: c.cumulative_us)
        if child.cumulative_us < floor_us:
            break
        chain.append(child)
        node = child
    return chain


def module_names(roots: list[ImportNode]) -> frozenset[str]:
    names, stack = set(), list(roots)
    while stack:
        node = stack.pop()
        names.add(node.name)
        stack += node.children
    return frozenset(names)


def self_time_by_package(roots: list[ImportNode]) -> list[tuple[str, int]]:
    totals: dict[str, int] = defaultdict(int)
    stack = list(roots)
    while stack:
        node = stack.pop()
        totals[node.name.split(".", 1)[0]] += node.self_us
        stack += node.children
    return sorted(totals.items(), key=lambda kv: -kv[1])


# ------------------------------------------------------------------ the figure
def run() -> Figure:
    figure = Figure(1, "cold import")
    subjects = function_subjects()
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
        (Path(tmp) / "baseline_app.py").write_text(BASELINE_MODULE)
        (Path(tmp) / "baseline_sdk_app.py").write_text(BASELINE_WITH_SDK_MODULE)
        baseline = Subject("baseline: bare Powertools resolver", "baseline_app", [tmp, str(LAYER_DIR)], _base_env())
        with_sdk = Subject("baseline: the same resolver + boto3 at init", "baseline_sdk_app", [tmp, str(LAYER_DIR)],
                           _base_env())
        boto3_ref = Subject("reference: import boto3", "boto3", [tmp], _base_env())
        everything = [baseline, with_sdk, boto3_ref, *subjects]
        for subject in everything:
            time_import(subject)                       # warm-up: bytecode written, disk cache warm
        for _ in range(RUNS):
            for subject in random.sample(everything, len(everything)):
                wall, cpu = time_import(subject)
                subject.wall.append(wall)
                subject.times.append(cpu)
        base = baseline.median_ms
        figure.add(baseline.name, f"{base:.0f} ms CPU ({baseline.wall_ms:.0f} wall)", f"baseline, median of {RUNS}",
                   "INFO")
        sdk_base = with_sdk.median_ms
        figure.add(with_sdk.name, f"{sdk_base:.0f} ms = {sdk_base / base:.2f}x", "baseline of functions that call AWS",
                   "INFO")
        figure.add(boto3_ref.name, f"{boto3_ref.median_ms:.0f} ms = {boto3_ref.median_ms / base:.2f}x", "-", "INFO")
        for s in sorted(subjects, key=lambda s: -s.median_ms):
            own = sdk_base if s.loads_sdk else base
            ratio = s.median_ms / own
            figure.add(s.name, f"{s.median_ms:.0f} ms = {ratio:.2f}x ({s.median_ms / base:.2f}x bare)",
                       f"<= {TARGET_RATIO}x {'resolver + boto3' if s.loads_sdk else 'bare resolver'}",
                       verdict(ratio <= TARGET_RATIO))
        slowest = max(subjects, key=lambda s: s.median_ms)
        trees = sorted((import_tree(slowest) for _ in range(3)), key=lambda t: sum(r.cumulative_us for r in t))
        roots = trees[1]                               # the run of median total, of three
        in_baseline = module_names(import_tree(with_sdk))
    chain = heaviest_chain(roots, slowest.module, skip=in_baseline)
    packages = self_time_by_package(roots)[:10]
    baseline_packages = {n.split(".", 1)[0] for n in in_baseline}
    total = sum(us for _, us in self_time_by_package(roots))
    figure.add(f"heaviest import chain beyond the baseline ({slowest.name})",
               " > ".join(f"{n.name} {n.cumulative_us / 1000:.0f}" for n in chain[:5]) + " ms", "named", "INFO")
    lines = [f"Baseline (bare `APIGatewayRestResolver(enable_validation=True)` handler): **{base:.0f} ms** CPU "
             f"({baseline.wall_ms:.0f} ms wall); the same with `import boto3` at init: **{sdk_base:.0f} ms**; "
             f"`import boto3` alone: {boto3_ref.median_ms:.0f} ms. Median of {RUNS} fresh processes each (warm disk "
             "cache, bytecode cached); the ratio is on CPU time, against the resolver + boto3 for a function that "
             "loads the SDK (every function that calls AWS: AWS advises loading the SDK at init, and deferring it "
             "would only move its cost into the first request) and against the bare resolver otherwise.", "",
             "| function | CPU median | baseline | ratio | ratio to the bare resolver | wall median | CPU runs (ms) |",
             "|---|---|---|---|---|---|---|"]
    for s in sorted(subjects, key=lambda s: -s.median_ms):
        runs = ", ".join(f"{t * 1000:.0f}" for t in sorted(s.times))
        own, name = (sdk_base, "resolver + boto3") if s.loads_sdk else (base, "bare resolver")
        lines.append(f"| {s.name} | {s.median_ms:.0f} ms | {name} | {s.median_ms / own:.2f}x | "
                     f"{s.median_ms / base:.2f}x | {s.wall_ms:.0f} ms | {runs} |")
    lines += ["", f"Heaviest import chain of the slowest function, **{slowest.name}**, among the modules the "
                  "baseline with boto3 does not import (`python -X importtime`, cumulative):", "", "```"]
    lines += [f"{'  ' * i}{n.name}  {n.cumulative_us / 1000:.1f} ms" for i, n in enumerate(chain[:10])]
    top = next((r for r in roots if r.name == slowest.module), chain[0])
    lines += ["```", "", f"What `{slowest.module}` imports directly, heaviest first (cumulative):", "",
              "| module | cumulative |", "|---|---|"]
    lines += [f"| {c.name} | {c.cumulative_us / 1000:.1f} ms |"
              for c in sorted(top.children, key=lambda c: -c.cumulative_us)[:8]]
    lines += ["", f"Self time by top-level package (of {total / 1000:.0f} ms imported):", "",
              "| package | self time | also in the baseline |", "|---|---|---|"]
    lines += [f"| {name} | {us / 1000:.1f} ms | {'yes' if name in baseline_packages else 'no'} |"
              for name, us in packages]
    figure.details = "\n".join(lines)
    return figure


if __name__ == "__main__":
    module_main(run)
