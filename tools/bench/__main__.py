"""`make bench`: every figure of issue 7, each in a fresh process, then the table and docs/performance.md.

    python -m tools.bench                     # all figures, writes docs/performance.md
    python -m tools.bench --only cold_import,latency      # some figures, printed only

Exit status 1 when a figure FAILs (or crashes); PENDING (a feature not in template.yaml yet) and INFO
rows do not fail the run. The figures that time something run alone, one after the other; the others
(counts, sizes) then run side by side, as many at a time as the machine has cores (at most 4)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools.bench.report import render_console, render_markdown
from tools.bench.support import ROOT, Figure

# (module, number, title, timeout in seconds, timed: runs alone on a quiet machine)
FIGURES = [
    ("cold_import", 1, "cold import", 300, True),
    ("aws_calls", 2, "AWS calls per operation", 300, False),
    ("transitions", 3, "state transitions per Go Solid case", 400, False),
    ("due_work", 4, "work grows with what is due", 600, False),
    ("billing_scale", 5, "billing at scale", 900, True),
    ("package_sizes", 6, "package sizes", 400, False),
    ("latency", 7, "GET /v1/extra-services latency", 180, True),
]
OUTPUT = ROOT / "docs" / "performance.md"


def run_figure(module: str, number: int, title: str, timeout: int, workdir: Path) -> Figure:
    out, log = workdir / f"{module}.json", workdir / f"{module}.log"
    t0 = time.perf_counter()
    try:
        with log.open("w") as sink:
            done = subprocess.run([sys.executable, "-m", f"tools.bench.{module}", "--json", str(out)], cwd=ROOT,
                                  stdout=sink, stderr=subprocess.STDOUT, timeout=timeout, check=False)
        if done.returncode == 0 and out.exists():
            return Figure.from_json(json.loads(out.read_text()))
        why = f"exit {done.returncode}: {_tail(log)}"
    except subprocess.TimeoutExpired:
        why = f"no result within {timeout} s: {_tail(log)}"
    figure = Figure(number, title, seconds=round(time.perf_counter() - t0, 1))
    figure.add("the figure's run", "crashed", "runs", "FAIL", why)
    return figure


def _tail(log: Path) -> str:
    lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    return " / ".join(lines[-3:])[-400:] if lines else "no output"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench")
    parser.add_argument("--only", help="comma-separated figure modules, e.g. cold_import,latency (the table is "
                                       "printed, docs/performance.md is left as it is)")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/performance.md")
    args = parser.parse_args()
    chosen = [f for f in FIGURES if not args.only or f[0] in args.only.split(",")]
    if not chosen:
        parser.error(f"--only: none of {[f[0] for f in FIGURES]}")
    results: dict[int, Figure] = {}
    t0 = time.perf_counter()

    def one(module: str, number: int, title: str, timeout: int, tmp: Path) -> None:
        figure = run_figure(module, number, title, timeout, tmp)
        results[number] = figure
        verdicts = ", ".join(f"{r.status}" for r in figure.rows)
        print(f"   {number}. {title}: {figure.seconds:.0f} s, {verdicts}", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for module, number, title, timeout, _ in [f for f in chosen if f[4]]:
            print(f"== {number}. {title} (alone) ...", flush=True)
            one(module, number, title, timeout, Path(tmp))
        side_by_side = [f for f in chosen if not f[4]]
        if side_by_side:
            print("== " + ", ".join(f"{f[1]}. {f[2]}" for f in side_by_side) + " (side by side) ...", flush=True)
            with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
                for done in [pool.submit(one, *f[:4], Path(tmp)) for f in side_by_side]:
                    done.result()
    figures = [results[n] for n in sorted(results)]
    took = time.perf_counter() - t0
    print()
    print(render_console(figures))
    if not args.no_write and not args.only:
        OUTPUT.write_text(render_markdown(figures, took=took))
        print(f"\nwritten to {OUTPUT.relative_to(ROOT)} ({took:.0f} s)")
    failed = [r for f in figures for r in f.rows if r.status == "FAIL"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
