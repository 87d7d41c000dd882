"""What SAM and cfn-lint do not check for state machines defined by DefinitionUri files:
the file exists, its ${placeholders} and DefinitionSubstitutions match both ways, and the
definition is valid ASL (cfn-lint's E3601 on a wrapped copy, and the npm asl-validator)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from cfnlint.decode import cfn_yaml

PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


def check(template_path: Path) -> tuple[list[str], int]:
    template = cfn_yaml.load(str(template_path))
    errors: list[str] = []
    definitions: list[tuple[str, Path, dict]] = []
    for name, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::StateMachine":
            continue
        props = resource.get("Properties", {})
        uri = props.get("DefinitionUri")
        if not isinstance(uri, str):
            errors.append(f"{name}: DefinitionUri must name a file in statemachines/")
            continue
        path = template_path.parent / uri
        if not path.is_file():
            errors.append(f"{name}: DefinitionUri {uri} not found")
            continue
        text = path.read_text()
        used = set(PLACEHOLDER.findall(text))
        given = set((props.get("DefinitionSubstitutions") or {}).keys())
        errors += [f"{name}: ${{{p}}} in {uri} has no DefinitionSubstitutions entry" for p in sorted(used - given)]
        errors += [f"{name}: DefinitionSubstitutions.{p} is not used in {uri}" for p in sorted(given - used)]
        try:
            definitions.append((name, path, json.loads(text)))
        except json.JSONDecodeError as exc:
            errors.append(f"{name}: {uri} is not JSON: {exc}")
    if definitions:
        errors += _cfn_lint(definitions) + _asl_validator([p for _, p, _ in definitions])
    return errors, len(definitions)


def _cfn_lint(definitions: list[tuple[str, Path, dict]]) -> list[str]:
    # E3601 only runs on AWS::StepFunctions::StateMachine: wrap each definition in one
    wrapped = {"Resources": {name: {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
        "RoleArn": "arn:aws:iam::123456789012:role/x", "Definition": d}} for name, _, d in definitions}}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(wrapped, f)
    cfn_lint = Path(sys.executable).with_name("cfn-lint")     # cfn-lint 1.x has no `python -m cfnlint`
    run = subprocess.run([str(cfn_lint), "--", f.name], capture_output=True, text=True, check=False)
    Path(f.name).unlink()
    return [f"cfn-lint E3601:\n{run.stdout}{run.stderr}"] if run.returncode else []


def _asl_validator(paths: list[Path]) -> list[str]:
    args = [arg for p in paths for arg in ("--json-path", str(p))]
    run = subprocess.run(["npx", "--no-install", "asl-validator", *args], capture_output=True, text=True, check=False)
    return [f"asl-validator:\n{run.stdout}{run.stderr}"] if run.returncode else []


def main() -> int:
    errors, count = check(Path(sys.argv[1] if len(sys.argv) > 1 else "template.yaml"))
    print("\n".join(errors) if errors else f"{count} state machine definition(s) OK")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
