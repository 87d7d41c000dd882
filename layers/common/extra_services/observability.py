"""Logger, metrics and tracing set up the same way for every function.

Tracing: active X-Ray tracing in the template, without the Powertools Tracer (it costs the
import of aws-xray-sdk on every cold start; see docs/decisions/observability.md)."""
from __future__ import annotations

import os
import warnings
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter
from aws_lambda_powertools.logging.types import PowertoolsLogRecord

from extra_services.redaction import redact

METRICS_NAMESPACE = "ExtraServicesForEntrepreneurs"


class RedactingFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON formatter, with personal data masked before serialisation."""

    def serialize(self, log: dict[str, Any] | PowertoolsLogRecord) -> str:
        record = redact(log)
        # the service of the function being run (several functions share one process locally)
        record["service"] = os.environ.get("POWERTOOLS_SERVICE_NAME", record.get("service"))
        return super().serialize(record)


# A request that records no business metric is normal; Powertools would warn on each one.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger(service=os.environ.get("POWERTOOLS_SERVICE_NAME", "extra-services"),
                logger_formatter=RedactingFormatter())
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE))
