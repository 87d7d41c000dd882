from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from sample_shared import store

TABLE = store.cases_table()


class DownstreamUnavailableError(Exception):
    pass


@event_source(data_class=EventBridgeEvent)
def lambda_handler(event: EventBridgeEvent, context):
    detail = event.detail
    store.put(TABLE, f"NOTIFY#{detail['caseId']}", detailType=event.detail_type,
              eventTime=event.get("time"), account=event.get("account"))
    if detail["title"] == "fail":
        raise DownstreamUnavailableError("downstream unavailable")
    return {"ok": True}
