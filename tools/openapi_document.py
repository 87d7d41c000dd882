"""Builds docs/openapi.json from the code: every API function's Powertools resolver document,
merged, with each operation's security taken from the template's authorizers.

    python -m tools.openapi_document > docs/openapi.json"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Extra services for entrepreneurs"
VERSION = "1.0.0"
SECURITY_SCHEMES = {
    "channelToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                     "description": "RS256 token of a person using CBC Mobile or CBC Touch (claims sub, channel)"},
    "partnerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                     "description": "RS256 client-credentials token of a partner (claim partner: "
                                    "go-solid | nowjobs | bank)"},
}
SCHEME_OF_AUTHORIZER = {"ChannelAuthorizer": "channelToken", "PartnerAuthorizer": "partnerToken"}


def template_routes(template_path: Path = ROOT / "template.yaml") -> dict[tuple[str, str], dict[str, str]]:
    """(method, path) -> {"function": code folder, "authorizer": name} for every Api event."""
    from cfnlint.decode import cfn_yaml
    template = cfn_yaml.load(str(template_path))
    resources = template["Resources"]
    default = None
    for res in resources.values():
        if res.get("Type") == "AWS::Serverless::Api":
            default = res["Properties"].get("Auth", {}).get("DefaultAuthorizer")
    routes = {}
    for res in resources.values():
        if res.get("Type") != "AWS::Serverless::Function":
            continue
        code = str(res["Properties"].get("CodeUri", "")).strip("/")
        for event in res["Properties"].get("Events", {}).values():
            if event.get("Type") != "Api":
                continue
            props = event["Properties"]
            authorizer = props.get("Auth", {}).get("Authorizer", default)
            routes[(props["Method"].lower(), props["Path"])] = {"function": code, "authorizer": authorizer}
    return routes


def _load_resolver(function_dir: str) -> Any:
    path = ROOT / function_dir / "app.py"
    spec = importlib.util.spec_from_file_location(f"openapi_{Path(function_dir).name}", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _document_success_responses(module.app)
    return module.app


def _document_success_responses(app: Any) -> None:
    """Powertools leaves a route's success response out of the document when the route declares
    `responses` (its error statuses, http/error_models.error_responses): put it back, with no content
    given, so that Powertools describes the body from the route's return annotation."""
    for route in [*app._static_routes, *app._dynamic_routes]:
        responses = route.responses
        if responses and not any(200 <= int(code) < 300 for code in responses):
            route.responses = {route.status_code: {"description": "Successful Response"}, **responses}


def build() -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "layers" / "common"))
    routes = template_routes()
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION,
                 "description": "Generated from the handlers' pydantic models (make openapi). "
                                "Binding names: ../shared/design/API.md."},
        "paths": {}, "components": {"schemas": {}, "securitySchemes": SECURITY_SCHEMES}}
    for function_dir in sorted({r["function"] for r in routes.values()}):
        part = json.loads(_load_resolver(function_dir).get_openapi_json_schema(title=TITLE, version=VERSION))
        for path, operations in part.get("paths", {}).items():
            for method, operation in operations.items():
                route = routes.get((method, path))
                if route is None:
                    raise SystemExit(f"{function_dir} serves {method.upper()} {path}, absent from template.yaml")
                operation["security"] = [{SCHEME_OF_AUTHORIZER[route["authorizer"]]: []}]
                _use_project_error_shape(operation)
                document["paths"].setdefault(path, {})[method] = operation
        for name, schema in part.get("components", {}).get("schemas", {}).items():
            known = document["components"]["schemas"].setdefault(name, schema)
            if known != schema:
                raise SystemExit(f"two different schemas are both named {name}")
    document["paths"] = dict(sorted(document["paths"].items()))
    for unused in ("HTTPValidationError", "ValidationError"):
        if f"#/components/schemas/{unused}" not in json.dumps(document["paths"]):
            document["components"]["schemas"].pop(unused, None)
    return document


def _use_project_error_shape(operation: dict[str, Any]) -> None:
    """Powertools documents its own 422 body; ours is the API.md error shape (http/errors.py).
    Every operation with a body may also answer 400 MALFORMED_JSON (the shared error mapping)."""
    responses = operation.setdefault("responses", {})
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
    if "422" in responses:
        responses["422"] = {"description": "The request breaks a rule; each bad field is listed", "content": error}
    if "requestBody" in operation and "400" not in responses:
        responses["400"] = {"description": "Malformed request: the body is not JSON", "content": error}


def render() -> str:
    return json.dumps(build(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
