"""Docker-free local stand-in for AWS: the SAM template's REST API, Lambda functions, DynamoDB,
Step Functions, EventBridge, SQS/SNS and schedules in one process, on one virtual clock.

Start here: ``LocalStack`` (stack.py). The pieces: virtual_time (the clock), template (SAM +
intrinsics), functions (in-process Lambda), gateway (API Gateway REST), eventbridge (async invokes,
rule delivery), schedules (cron/rate), provision (moto resources), local_routes (/_local/*),
testing (events and an HTTP client for tests).
"""
from .eventbridge import AsyncFailure
from .functions import LocalFunction
from .local_routes import LocalRequest, LocalRouteError
from .moto_server import shutdown_moto_server
from .stack import LocalStack
from .template import Template, TemplateError
from .virtual_time import ClockError, SettleTimeout, VirtualClock, format_instant, parse_duration, parse_instant

__all__ = ["AsyncFailure", "ClockError", "LocalFunction", "LocalRequest", "LocalRouteError", "LocalStack",
           "SettleTimeout", "Template", "TemplateError", "VirtualClock", "format_instant", "parse_duration",
           "parse_instant", "shutdown_moto_server"]
