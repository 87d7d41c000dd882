from sample_shared import store

TABLE = store.cases_table()


def lambda_handler(event, context):
    detail = event["detail"]
    store.put(TABLE, f"AUDIT#{detail['caseId']}", title=detail["title"])
    if detail["title"] == "audit-fail":
        raise ValueError("audit store rejected the event")
    return {"ok": True}
