import os

import sample_extra
import sample_shared
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from sample_shared import store
from utils import label

app = APIGatewayRestResolver(enable_validation=True)


@app.get("/v1/health")
def health():
    ctx = app.current_event.raw_event["requestContext"]
    return {"ok": True, "service": os.environ["SERVICE_LABEL"], "utils": label(), "stage": os.environ["STAGE"],
            "hasAuthorizer": "authorizer" in ctx, "now": store.now().isoformat(),
            "publicBaseUrl": os.environ["PUBLIC_BASE_URL"], "debug": os.environ["DEBUG_ENABLED"],
            "sharedLayer": sample_shared.__file__, "extraLayer": sample_extra.greeting(),
            "alertsTopic": os.environ["ALERTS_TOPIC_ARN"], "workQueue": os.environ["WORK_QUEUE_URL"]}


@app.get("/v1/whoami")
def whoami():
    auth = app.current_event.raw_event["requestContext"]["authorizer"]
    return {"principalId": auth["principalId"], "tenant": auth["tenant"], "level": auth["level"],
            "admin": auth["admin"], "table": os.environ["CASES_TABLE"],
            "casesFn": os.environ["CASES_FUNCTION_ARN"]}


@app.get("/v1/boom")
def boom():
    raise RuntimeError("unhandled in handler: secret-detail-42")


def lambda_handler(event, context):
    return app.resolve(event, context)
