"""Runs the SAM transform on template.yaml offline, as CloudFormation will at `sam deploy`.

cfn-lint (and so `sam validate --lint`) validates a SAM template against SAM's schemas without running
the transform, so a template can lint clean and still be refused at deploy time (e.g. a ScheduleV2
DeadLetterConfig with both `Type` and `Arn`), or expand into resources nobody wrote (a DeadLetterConfig
with `Type: SQS` makes SAM create a new queue, outside the stack's key and alarms). This runs samtranslator
(the copy in .tools/sam) with the code locations replaced by S3 placeholders, then checks that the
transform created no SQS queue of its own.

Usage (make build-check): .tools/sam/bin/python tools/check_sam_transform.py template.yaml
Needs a region (AWS_DEFAULT_REGION, set by the Makefile); no AWS credentials, no network."""
from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

CODE_LOCATIONS = ("CodeUri", "ContentUri", "DefinitionUri")


class NoManagedPolicies:
    """The template names no AWS managed policy by name: nothing to look up in IAM."""

    def load(self) -> dict[str, str]:
        return {}


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        template: dict[str, Any] = yaml_parse(handle.read())
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        for name in CODE_LOCATIONS:
            if isinstance(properties.get(name), str):
                properties[name] = "s3://placeholder-bucket/placeholder-key"
    written = {lid for lid, res in template["Resources"].items() if res.get("Type") == "AWS::SQS::Queue"}
    try:
        output = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as exc:  # every problem found, not only the first
        print("SAM transform: FAILED, CloudFormation would refuse the template:")
        for cause in exc.causes:
            print(f"  - {cause.message}")
        return 1
    resources: dict[str, Any] = output["Resources"]
    added = sorted(lid for lid, res in resources.items() if res["Type"] == "AWS::SQS::Queue" and lid not in written)
    if added:
        print("SAM transform: FAILED, it adds queues the template does not declare (not on the stack's key, "
              f"no alarm): {', '.join(added)}; give DeadLetterConfig an Arn, not a Type")
        return 1
    kinds = Counter(res["Type"] for res in resources.values())
    print(f"SAM transform: ok ({len(resources)} CloudFormation resources, {kinds['AWS::Lambda::Function']} functions, "
          f"{kinds['AWS::CloudWatch::Alarm']} alarms, {kinds['AWS::SQS::Queue']} queue(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "template.yaml"))
