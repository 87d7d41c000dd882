"""docs/openapi.json is generated from the code and agrees with template.yaml."""
import json
from pathlib import Path

from tools.openapi_document import build, render, template_routes

ROOT = Path(__file__).resolve().parents[2]


def test_committed_openapi_document_is_what_the_code_generates():
    committed = (ROOT / "docs" / "openapi.json").read_text()
    assert committed == render(), "docs/openapi.json is stale: run `make openapi` and commit it"


def test_every_route_of_the_template_is_documented_and_nothing_else():
    documented = {(method, path) for path, ops in build()["paths"].items() for method in ops}
    assert documented == set(template_routes())


def test_every_operation_documents_its_credential_and_error_shape():
    for path, ops in json.loads(render())["paths"].items():
        for method, op in ops.items():
            assert op["security"], f"{method} {path} has no security"
            for status, response in op["responses"].items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, (method, path, status)
