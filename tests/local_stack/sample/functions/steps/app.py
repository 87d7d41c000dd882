"""Tasks of the sample state machines."""
from sample_shared import store

TABLE = store.cases_table()


def lambda_handler(event, context):
    step, now = event["step"], store.now().isoformat()
    if step == "ask":
        store.put(TABLE, f"CASE#{event['caseId']}", "TOKEN", token=event["token"], askedAt=now)
    elif step == "expired":
        store.put(TABLE, f"CASE#{event['caseId']}", "EXPIRED", at=now)
    elif step == "sweep":
        store.put(TABLE, "JOB#sweep", job=event["input"]["job"], scheduledAt=event["input"]["at"])
    return {"step": step, "at": now}
