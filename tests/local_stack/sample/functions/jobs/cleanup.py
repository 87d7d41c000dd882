from common import record


def lambda_handler(event, context):
    record("cleanup", eventTime=event["time"], detailType=event["detail-type"], resource=event["resources"][0])
    return {"ok": True}
