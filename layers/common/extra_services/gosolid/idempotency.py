"""Idempotency-Key for state-changing POSTs (API.md: the same key and body within 24 h returns
the first response and has no second effect), on Powertools idempotency. (A Go Solid submission
needs no record here: its case, with an id derived from the key, is the record — service.submit.)

The record is keyed on the operation, the caller and the key (never the body), and the body is
checked against the first one: the same key with another body is a 422 (as the IETF
Idempotency-Key draft says), not a second operation. A request still running under the same
key is a 409. The operation's own domain errors are not recorded (Powertools deletes the
record), so a corrected retry runs again. Could move to extra_services/ for NOWJOBS."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from extra_services.aws_clients import client
from extra_services.errors import Conflict, InvalidInput, TemporarilyUnavailable

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
    from aws_lambda_powertools.utilities.typing import LambdaContext

IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600
_PRINTABLE = frozenset(chr(c) for c in range(0x21, 0x7F))

Compute = Callable[[], dict[str, Any]]


class IdempotentRunner(Protocol):
    def run(self, operation: str, key: str, payload: Mapping[str, Any], compute: Compute) -> dict[str, Any]:
        """`compute()` once per (operation, key) within the window; later calls return its result."""
        ...


def check_idempotency_key(value: str) -> str:
    if not 1 <= len(value) <= 255 or not set(value) <= _PRINTABLE:
        raise InvalidInput("The Idempotency-Key header is 1 to 255 visible ASCII characters.",
                           details=[{"field": "header.Idempotency-Key", "message": "1-255 visible ASCII characters"}])
    return value


class PowertoolsIdempotency:
    def __init__(self, table_name: str, *, expires_after_seconds: int = IDEMPOTENCY_WINDOW_SECONDS) -> None:
        # Powertools idempotency is imported here, not with the module: only the API function builds one, and
        # the functions sharing check_idempotency_key need not load it at cold start.
        from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig  # noqa: PLC0415

        self.table_name = table_name
        self.config = IdempotencyConfig(event_key_jmespath="key", payload_validation_jmespath="payload",
                                        raise_on_no_idempotency_key=True,
                                        expires_after_seconds=expires_after_seconds)
        self._store: DynamoDBPersistenceLayer | None = None
        self._store_client: Any = None

    def register_lambda_context(self, context: LambdaContext) -> None:
        """Lets a crashed invocation's in-progress record expire with the Lambda's timeout
        instead of blocking the key for the whole window. The handler calls it."""
        self.config.register_lambda_context(context)

    def run(self, operation: str, key: str, payload: Mapping[str, Any], compute: Compute) -> dict[str, Any]:
        from aws_lambda_powertools.utilities.idempotency import idempotent_function  # noqa: PLC0415
        from aws_lambda_powertools.utilities.idempotency.exceptions import (  # noqa: PLC0415
            IdempotencyAlreadyInProgressError,
            IdempotencyPersistenceLayerError,
            IdempotencyValidationError,
        )

        @idempotent_function(data_keyword_argument="request", persistence_store=self._persistence(),  # type: ignore[untyped-decorator]
                             config=self.config, key_prefix=operation)
        def once(request: dict[str, Any]) -> dict[str, Any]:
            return compute()

        try:
            result: dict[str, Any] = once(request={"key": key, "payload": dict(payload)})
        except IdempotencyValidationError as exc:
            raise InvalidInput("This Idempotency-Key was already used with a different request body; use a new key "
                               "for a new request.", code="IDEMPOTENCY_KEY_REUSED") from exc
        except IdempotencyAlreadyInProgressError as exc:
            raise Conflict("A request with this Idempotency-Key is still being processed; retry in a moment.",
                           code="REQUEST_IN_PROGRESS") from exc
        except IdempotencyPersistenceLayerError as exc:
            raise TemporarilyUnavailable("The service is busy; please retry in a moment.") from exc
        return result

    def _persistence(self) -> DynamoDBPersistenceLayer:
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer  # noqa: PLC0415

        # rebuilt when the client changes (another endpoint: a new local stack in the same process)
        dynamodb = client("dynamodb")
        if self._store is None or self._store_client is not dynamodb:
            self._store = DynamoDBPersistenceLayer(table_name=self.table_name, key_attr="id",
                                                   expiry_attr="expiration", boto3_client=dynamodb)
            self._store_client = dynamodb
        return self._store


class WithoutIdempotency:
    """For callers that sent no key, and for tests of other behaviour."""

    def run(self, operation: str, key: str, payload: Mapping[str, Any], compute: Compute) -> dict[str, Any]:
        return compute()
