"""SAM template loading and intrinsic functions (no moto)."""
import pytest

from local_stack.template import Template, TemplateError, merge_globals
from tests.local_stack.support import TEMPLATE

TEMPLATE_TEXT = """
Parameters:
  Env: {Type: String, Default: dev}
  Zones: {Type: CommaDelimitedList, Default: "a,b"}
  Count: {Type: Number, Default: 3}
Mappings:
  Sizes: {dev: {Memory: 128}, prod: {Memory: 1024}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Globals:
  Function:
    Timeout: 5
    Layers: [!Ref Shared]
    Environment: {Variables: {A: global, B: global}}
Resources:
  Shared: {Type: AWS::Serverless::LayerVersion, Properties: {LayerName: shared, ContentUri: x/}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Layers: [arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3:1]
      Environment: {Variables: {B: local}}
      Policies: [!ImportValue not-resolved-locally]
  Queue: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}
  Machine: {Type: AWS::Serverless::StateMachine, Properties: {DefinitionUri: m.json}}
  ProdTable: {Type: AWS::DynamoDB::Table, Condition: IsProd, Properties: {TableName: t}}
"""


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE_TEXT)
    return Template(path, endpoint_url="http://moto:1", stack_name="s")


def test_intrinsics(template):
    r = template.resolve
    assert r({"Fn::Sub": "${AWS::StackName}-${Env}-${Fn.Arn}"}) == \
        "s-dev-arn:aws:lambda:us-east-1:123456789012:function:Fn"
    assert r({"Fn::Sub": ["${X}/${!Literal}", {"X": {"Ref": "Env"}}]}) == "dev/${Literal}"
    assert r({"Fn::Join": ["-", ["a", {"Ref": "Count"}]]}) == "a-3"
    assert r({"Fn::Select": [1, {"Ref": "Zones"}]}) == "b"
    assert r({"Fn::Split": [",", "x,y"]}) == ["x", "y"]
    assert r({"Fn::If": ["IsProd", "big", "small"]}) == "small"
    assert r({"Fn::If": ["NotProd", {"Ref": "AWS::NoValue"}, "x"]}) is not None
    assert r({"k": {"Fn::If": ["NotProd", {"Ref": "AWS::NoValue"}, 1]}, "j": 2}) == {"j": 2}
    assert r({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Memory"]}) == 128
    assert r({"Fn::Base64": "hi"}) == "aGk="
    assert r({"Fn::ToJsonString": {"a": [1]}}) == '{"a":[1]}'
    assert r({"Ref": "Queue"}) == "http://moto:1/123456789012/Queue.fifo"      # a FIFO queue's name
    assert r({"Fn::GetAtt": ["Queue", "Arn"]}) == "arn:aws:sqs:us-east-1:123456789012:Queue.fifo"
    assert r({"Ref": "Machine"}) == "arn:aws:states:us-east-1:123456789012:stateMachine:Machine"
    assert r({"Fn::GetAtt": "Machine.Name"}) == "Machine"
    assert r({"Ref": "Shared"}) == "arn:aws:lambda:us-east-1:123456789012:layer:shared:1"
    assert r({"Fn::GetAtt": ["FnRole", "Arn"]}) == "arn:aws:iam::123456789012:role/FnRole"   # SAM's role
    assert r({"Ref": "ServerlessRestApi"}) == Template.api_id("ServerlessRestApi")
    with pytest.raises(TemplateError, match="not supported locally"):
        r({"Fn::ImportValue": "x"})
    with pytest.raises(TemplateError, match="Condition is false"):
        r({"Ref": "ProdTable"})
    with pytest.raises(TemplateError, match="unknown resource"):
        r({"Ref": "Nope"})


def test_globals_merge_and_unused_properties(template):
    props = template.properties("Fn")
    assert props["Timeout"] == 5
    assert props["Environment"] == {"Variables": {"A": "global", "B": "local"}}
    assert props["Layers"] == ["arn:aws:lambda:us-east-1:123456789012:layer:shared:1",
                               "arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3:1"]
    assert "Policies" not in props                       # never resolved: may hold unsupported intrinsics
    assert merge_globals({"a": [1], "m": {"x": 1}}, {"a": [2], "m": {"y": 2}, "s": 3}) == \
        {"a": [1, 2], "m": {"x": 1, "y": 2}, "s": 3}


def test_conditions_drop_resources(template):
    assert [lid for lid, _ in template.of_type("AWS::DynamoDB::Table")] == []
    prod = Template(template.path, parameters={"Env": "prod"})
    assert [lid for lid, _ in prod.of_type("AWS::DynamoDB::Table")] == ["ProdTable"]


def test_the_sample_template_parses_with_short_tags():
    t = Template(TEMPLATE)
    assert t.resolve(t.doc["Outputs"]["ApiUrl"]["Value"]) == \
        f"https://{Template.api_id('CasesApi')}.execute-api.us-east-1.amazonaws.com/dev/"
    assert t.name("CasesTable") == "local-cases"


def test_a_parameter_without_default_must_be_given(tmp_path):
    path = tmp_path / "template.yaml"
    path.write_text("Parameters:\n  Secret: {Type: String}\nResources: {}\n")
    with pytest.raises(TemplateError, match="parameter Secret has no Default"):
        Template(path)
    assert Template(path, parameters={"Secret": 42}).params == {"Secret": "42"}
