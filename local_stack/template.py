"""A SAM template with its intrinsic functions resolved to *local* names (no random suffixes).

Physical names: the resource's name property (TableName, FunctionName, QueueName...) or its logical id.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Template", "TemplateError", "load_template", "merge_globals"]

NO_VALUE: Any = object()

_NAME_PROPERTY = {
    "AWS::Serverless::Function": "FunctionName", "AWS::Lambda::Function": "FunctionName",
    "AWS::DynamoDB::Table": "TableName", "AWS::Serverless::SimpleTable": "TableName",
    "AWS::Events::EventBus": "Name", "AWS::Events::Rule": "Name",
    "AWS::Serverless::StateMachine": "Name", "AWS::StepFunctions::StateMachine": "StateMachineName",
    "AWS::SQS::Queue": "QueueName", "AWS::SNS::Topic": "TopicName",
    "AWS::Serverless::LayerVersion": "LayerName", "AWS::IAM::Role": "RoleName",
    "AWS::Scheduler::Schedule": "Name", "AWS::Logs::LogGroup": "LogGroupName",
}
_ARN_FORMAT = {
    "AWS::Serverless::Function": "arn:aws:lambda:{r}:{a}:function:{n}",
    "AWS::Lambda::Function": "arn:aws:lambda:{r}:{a}:function:{n}",
    "AWS::DynamoDB::Table": "arn:aws:dynamodb:{r}:{a}:table/{n}",
    "AWS::Serverless::SimpleTable": "arn:aws:dynamodb:{r}:{a}:table/{n}",
    "AWS::Events::EventBus": "arn:aws:events:{r}:{a}:event-bus/{n}",
    "AWS::Events::Rule": "arn:aws:events:{r}:{a}:rule/{n}",
    "AWS::Serverless::StateMachine": "arn:aws:states:{r}:{a}:stateMachine:{n}",
    "AWS::StepFunctions::StateMachine": "arn:aws:states:{r}:{a}:stateMachine:{n}",
    "AWS::SQS::Queue": "arn:aws:sqs:{r}:{a}:{n}",
    "AWS::SNS::Topic": "arn:aws:sns:{r}:{a}:{n}",
    "AWS::Serverless::LayerVersion": "arn:aws:lambda:{r}:{a}:layer:{n}:1",
    "AWS::IAM::Role": "arn:aws:iam::{a}:role/{n}",
    "AWS::Scheduler::Schedule": "arn:aws:scheduler:{r}:{a}:schedule/default/{n}",
    "AWS::Logs::LogGroup": "arn:aws:logs:{r}:{a}:log-group:{n}",
}
API_TYPES = ("AWS::Serverless::Api", "AWS::ApiGateway::RestApi")
# Never needed locally (and may use intrinsics we do not support): not resolved.
_NOT_NEEDED = frozenset({
    "Policies", "Role", "Tags", "Tracing", "VpcConfig", "DeploymentPreference", "AutoPublishAlias",
    "ProvisionedConcurrencyConfig", "Logging", "LoggingConfig", "KmsKeyArn", "PermissionsBoundary",
    "AccessLogSetting", "MethodSettings", "Domain", "SSESpecification", "PointInTimeRecoverySpecification",
    "DeletionProtectionEnabled", "ContributorInsightsSpecification", "KinesisStreamSpecification",
    "ImportSourceSpecification", "ResourcePolicy", "KmsMasterKeyId", "DataProtectionPolicy"})
_REF_IS_ARN = ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine", "AWS::SNS::Topic",
               "AWS::Serverless::LayerVersion")


class TemplateError(ValueError):
    pass


# ------------------------------------------------------------------ YAML with CloudFormation tags
class _CfnLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_tag(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if tag_suffix == "Ref":
        return {"Ref": value}
    if tag_suffix == "Condition":
        return {"Condition": value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{tag_suffix}": value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(path: str | Path) -> dict[str, Any]:
    """YAML or JSON template -> plain JSON-like dict (dates become strings)."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=_CfnLoader)  # a SafeLoader with CloudFormation tags
    return json.loads(json.dumps(doc, default=str))


def merge_globals(global_props: Any, local_props: Any) -> Any:
    """SAM Globals semantics: maps merge, lists add up (globals first), local scalars win."""
    if isinstance(global_props, dict) and isinstance(local_props, dict):
        out = dict(global_props)
        for key, value in local_props.items():
            out[key] = merge_globals(global_props[key], value) if key in global_props else value
        return out
    if isinstance(global_props, list) and isinstance(local_props, list):
        return global_props + local_props
    return local_props


# ------------------------------------------------------------------ template
class Template:
    def __init__(self, path: str | Path, *, stack_name: str = "local", region: str = "us-east-1",
                 account: str = "123456789012", parameters: dict[str, Any] | None = None,
                 endpoint_url: str = "") -> None:
        self.path = Path(path).resolve()
        self.dir = self.path.parent
        self.doc = load_template(self.path)
        self.globals: dict[str, Any] = self.doc.get("Globals") or {}
        self.stack_name, self.region, self.account = stack_name, region, account
        self.endpoint_url = endpoint_url          # the moto server: SQS queue URLs live there
        self.params = self._parameters(parameters or {})
        self.pseudo = {
            "AWS::Region": region, "AWS::AccountId": account, "AWS::StackName": stack_name,
            "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com", "AWS::NotificationARNs": [],
            "AWS::StackId": f"arn:aws:cloudformation:{region}:{account}:stack/{stack_name}/local"}
        self._conditions: dict[str, bool] = {}
        all_resources: dict[str, Any] = self.doc.get("Resources") or {}
        self.resources = {lid: r for lid, r in all_resources.items()
                          if "Condition" not in r or self.condition(r["Condition"])}
        self.all_resources = all_resources

    def _parameters(self, given: dict[str, Any]) -> dict[str, Any]:
        declared = self.doc.get("Parameters") or {}
        unknown = set(given) - set(declared)
        if unknown:
            raise TemplateError(f"parameters not declared in {self.path.name}: {sorted(unknown)}")
        out = {}
        for name, spec in declared.items():
            if name in given:
                value = given[name]
            elif "Default" in spec:
                value = spec["Default"]
            else:
                raise TemplateError(f"parameter {name} has no Default: pass it in parameters")
            allowed = spec.get("AllowedValues")
            if allowed is not None and str(value) not in [str(a) for a in allowed]:
                raise TemplateError(f"parameter {name}={value!r} not in AllowedValues {allowed}")
            if spec.get("Type", "").startswith("List<") or spec.get("Type") == "CommaDelimitedList":
                value = value if isinstance(value, list) else [v.strip() for v in str(value).split(",")]
            elif not isinstance(value, str):
                value = str(value)
            out[name] = value
        return out

    # ------------------------------------------------------------ resources
    def of_type(self, *types: str) -> list[tuple[str, dict[str, Any]]]:
        """(logical id, resource) of the given types whose Condition (if any) holds."""
        return [(lid, r) for lid, r in self.resources.items() if r.get("Type") in types]

    def properties(self, lid: str) -> dict[str, Any]:
        """Resolved Properties, with Globals merged for functions and APIs."""
        res = self.resources[lid]
        props = res.get("Properties") or {}
        section = {"AWS::Serverless::Function": "Function", "AWS::Serverless::Api": "Api",
                   "AWS::Serverless::SimpleTable": "SimpleTable",
                   "AWS::Serverless::LayerVersion": "LayerVersion"}.get(res["Type"])
        if section and section in self.globals:
            props = merge_globals(copy.deepcopy(self.globals[section]), props)
        return self.resolve({k: v for k, v in props.items() if k not in _NOT_NEEDED})

    def _type(self, lid: str) -> str:
        if lid in self.resources:
            return self.resources[lid]["Type"]
        if lid == "ServerlessRestApi":             # SAM's implicit API
            return "AWS::Serverless::Api"
        if lid.endswith("Role") and self.resources.get(lid[:-4], {}).get("Type") in (
                "AWS::Serverless::Function", "AWS::Serverless::StateMachine"):
            return "AWS::IAM::Role"                # SAM's generated execution role
        if lid in self.all_resources:
            raise TemplateError(f"{lid} is referenced but its Condition is false")
        raise TemplateError(f"unknown resource {lid!r} in {self.path.name}")

    def name(self, lid: str) -> str:
        rtype = self._type(lid)
        prop = _NAME_PROPERTY.get(rtype)
        value = (self.resources.get(lid, {}).get("Properties") or {}).get(prop) if prop else None
        if value is not None:
            return str(self.resolve(value))
        if rtype == "AWS::SQS::Queue" and (self.resources[lid].get("Properties") or {}).get("FifoQueue"):
            return lid + ".fifo"
        return lid

    def arn(self, lid: str) -> str:
        rtype = self._type(lid)
        if rtype not in _ARN_FORMAT:
            raise TemplateError(f"no ARN known for {lid} ({rtype})")
        return _ARN_FORMAT[rtype].format(r=self.region, a=self.account, n=self.name(lid))

    @staticmethod
    def api_id(lid: str) -> str:
        return hashlib.sha1(lid.encode()).hexdigest()[:10]

    def queue_url(self, lid: str) -> str:
        return f"{self.endpoint_url}/{self.account}/{self.name(lid)}"

    # ------------------------------------------------------------ intrinsics
    def ref(self, name: str) -> Any:
        if name in self.pseudo:
            return self.pseudo[name]
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.params:
            return self.params[name]
        rtype = self._type(name)
        if rtype in API_TYPES:
            return self.api_id(name)
        if rtype in _REF_IS_ARN:
            return self.arn(name)
        if rtype == "AWS::SQS::Queue":
            return self.queue_url(name)
        return self.name(name)

    def get_att(self, lid: str, attr: str) -> Any:
        rtype = self._type(lid)
        if attr in ("Arn", "TopicArn"):
            return self.arn(lid)
        if attr in ("Name", "QueueName", "TopicName", "StateMachineName"):
            return self.name(lid)
        if attr == "QueueUrl":
            return self.queue_url(lid)
        if attr == "StreamArn" and rtype == "AWS::DynamoDB::Table":
            return f"{self.arn(lid)}/stream/local"
        if attr == "RootResourceId":
            return "root"
        raise TemplateError(f"!GetAtt {lid}.{attr} is not supported locally")

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            conditions = self.doc.get("Conditions") or {}
            if name not in conditions:
                raise TemplateError(f"unknown condition {name!r}")
            self._conditions[name] = bool(self.resolve(conditions[name]))
        return self._conditions[name]

    def _sub(self, arg: Any) -> str:
        text, local = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))

        def replace(m: re.Match[str]) -> str:
            key = m.group(1)
            if key.startswith("!"):
                return "${" + key[1:] + "}"
            if key in local:
                return str(local[key])
            if "." in key and key not in self.pseudo:
                return str(self.get_att(*key.split(".", 1)))
            return str(self.ref(key))

        return re.sub(r"\$\{([^}]+)\}", replace, text)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [x for x in map(self.resolve, value) if x is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((fn, arg),) = value.items()
            handler = _INTRINSICS.get(fn)
            if handler is not None:
                return handler(self, arg)
            if fn.startswith("Fn::"):
                raise TemplateError(f"intrinsic {fn} is not supported locally")
        out = {}
        for key, item in value.items():
            resolved = self.resolve(item)
            if resolved is not NO_VALUE:
                out[key] = resolved
        return out


def _get_att(t: Template, arg: Any) -> Any:
    lid, attr = arg if isinstance(arg, list) else arg.split(".", 1)
    return t.get_att(lid, t.resolve(attr))


def _select(t: Template, arg: Any) -> Any:
    index, items = t.resolve(arg)
    return items[int(index)]


def _split(t: Template, arg: Any) -> Any:
    sep, text = t.resolve(arg)
    return text.split(sep)


def _equals(t: Template, arg: Any) -> bool:
    a, b = t.resolve(arg)
    return str(a) == str(b)


def _find_in_map(t: Template, arg: Any) -> Any:
    mapping, key1, key2 = t.resolve(arg)
    return t.doc["Mappings"][mapping][key1][key2]


_INTRINSICS = {
    "Ref": lambda t, arg: t.ref(arg),
    "Fn::GetAtt": _get_att,
    "Fn::Sub": lambda t, arg: t._sub(arg),
    "Fn::Join": lambda t, arg: arg[0].join(str(x) for x in t.resolve(arg[1])),
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::If": lambda t, arg: t.resolve(arg[1] if t.condition(arg[0]) else arg[2]),
    "Fn::Equals": _equals,
    "Fn::Not": lambda t, arg: not t.resolve(arg[0]),
    "Fn::And": lambda t, arg: all(t.resolve(arg)),
    "Fn::Or": lambda t, arg: any(t.resolve(arg)),
    "Condition": lambda t, arg: t.condition(arg),
    "Fn::FindInMap": _find_in_map,
    "Fn::Base64": lambda t, arg: base64.b64encode(str(t.resolve(arg)).encode()).decode(),
    "Fn::ToJsonString": lambda t, arg: json.dumps(t.resolve(arg), separators=(",", ":")),
}
