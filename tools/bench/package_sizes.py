"""Figure 6: package sizes after `sam build` — the layer and each function, zipped as Lambda receives them.

`sam build` (no container) needs the runtime's interpreter (python3.13, found by tools/find-python) on PATH
and PyPI for the layer's requirements; it builds into a temporary folder, never into .aws-sam. Targets are
Lambda's limits: 50 MB zipped for a direct upload, 250 MB unzipped for a function and its layers together;
and the layer must not carry boto3/botocore/s3transfer (the runtime provides them)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from tools.bench.support import ROOT, TEMPLATE, Figure, module_main, resources_of_type, verdict

SAM = ROOT / ".tools" / "sam" / "bin" / "sam"
MB = 1024 * 1024
ZIPPED_LIMIT = 50 * MB
UNZIPPED_LIMIT = 250 * MB
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")


def find_python313() -> str | None:
    done = subprocess.run([str(ROOT / "tools" / "find-python")], capture_output=True, text=True, check=False)
    path = done.stdout.strip()
    if done.returncode != 0 or not path:
        return None
    version = subprocess.run([path, "-c", "import sys; print(sys.version_info[:2] == (3, 13))"],
                             capture_output=True, text=True, check=False).stdout.strip()
    return path if version == "True" else None


def human(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.1f} KB"


def zip_size(folder: Path, into: Path) -> int:
    with zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder))
    return into.stat().st_size


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def biggest(folder: Path, n: int = 8) -> list[tuple[str, int]]:
    sizes = [(p.name, tree_size(p) if p.is_dir() else p.stat().st_size) for p in folder.iterdir()
             if not p.name.endswith((".dist-info", ".data"))]
    return sorted(sizes, key=lambda kv: -kv[1])[:n]


def run() -> Figure:
    figure = Figure(6, "package sizes")
    if not SAM.exists():
        figure.pending("sam build", f"{SAM.relative_to(ROOT)} missing: run `make install`")
        return figure
    python = find_python313()
    if python is None:
        figure.pending("sam build", "no Python 3.13 (the Lambda runtime) found by tools/find-python")
        return figure
    layers = resources_of_type("AWS::Serverless::LayerVersion")
    with tempfile.TemporaryDirectory(prefix="bench-sam-") as tmp:
        build = Path(tmp) / "build"
        env = os.environ | {"PATH": f"{Path(python).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                            "SAM_CLI_TELEMETRY": "0", "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION",
                                                                                           "eu-west-1")}
        env.pop("PYENV_VERSION", None)
        done = subprocess.run([str(SAM), "build", "--template-file", str(TEMPLATE), "--build-dir", str(build),
                               "--cache-dir", str(Path(tmp) / "cache")], env=env, cwd=ROOT, capture_output=True,
                              text=True, check=False, timeout=600)
        if done.returncode != 0:
            tail = " / ".join(done.stderr.strip().splitlines()[-2:]) or done.stdout.strip()[-200:]
            figure.pending("sam build", f"sam build failed (PyPI reachable?): {tail[:200]}")
            return figure
        zips = Path(tmp) / "zips"
        zips.mkdir()
        artefacts = sorted(p for p in build.iterdir() if p.is_dir())
        sized = {p.name: (zip_size(p, zips / f"{p.name}.zip"), tree_size(p)) for p in artefacts}
        layer_total = 0
        details = ["| artefact | zipped | unzipped |", "|---|---|---|"]
        for name in sorted(sized, key=lambda n: (n not in layers, n)):
            zipped, unzipped = sized[name]
            details.append(f"| {name}{' (layer)' if name in layers else ''} | {human(zipped)} | {human(unzipped)} |")
        for name in layers:
            if name not in sized:
                figure.add(f"layer {name}", "not built", "built", "FAIL")
                continue
            zipped, unzipped = sized[name]
            layer_total += unzipped
            figure.add(f"layer {name}, zipped", f"{zipped / MB:.1f} MB ({unzipped / MB:.0f} MB unzipped)",
                       "<= 50 MB zipped", verdict(zipped <= ZIPPED_LIMIT))
            content = build / name / "python"
            found = [m for m in RUNTIME_PROVIDED if (content / m).exists()]
            figure.add(f"layer {name} without boto3/botocore", "absent" if not found else "has " + ", ".join(found),
                       "absent", verdict(not found))
            details += ["", f"Largest packages in {name} (unzipped):", "", "| package | size |", "|---|---|"]
            details += [f"| {n} | {human(s)} |" for n, s in biggest(content if content.is_dir() else build / name)]
        functions = [n for n in sized if n not in layers]
        if functions:
            largest = max(functions, key=lambda n: sized[n][0])
            total = max(sized[n][1] for n in functions) + layer_total
            figure.add("functions, zipped", f"{len(functions)} functions, largest {largest} "
                       f"{human(sized[largest][0])}", "<= 50 MB zipped each",
                       verdict(all(sized[n][0] <= ZIPPED_LIMIT for n in functions)))
            figure.add("function + layer, unzipped", f"{total / MB:.0f} MB", "<= 250 MB",
                       verdict(total <= UNZIPPED_LIMIT))
        figure.details = "\n".join(details)
    shutil.rmtree(Path(tmp), ignore_errors=True)
    return figure


if __name__ == "__main__":
    module_main(run)
