"""Settings of the billing functions and what their wirings share, read once per cold start (never at import).

Each function is given only the names it uses: the routes read BillingTable (and NOWJOBS for the
company, eligibility for the access check); the run bills from NOWJOBS' hours; the submission and the
bank's results write BillingTable, the outbox and the bus. The creditor (NOWJOBS NV) is validated at
cold start: a wrong identifier, IBAN or BIC stops the function before it writes anything.

Each function's collaborators are built by its own module, so that it imports only those: reads_wiring
(the routes), run_wiring (the weekly run), submission_wiring (the daily submission) and settlement_wiring
(the bank's results)."""
from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import Field

from extra_services.billing.creditor import Creditor
from extra_services.billing.errors import InvalidCreditorError
from extra_services.observability import metrics
from extra_services.settings import EnvSettings, SettingsError


class BillingSettings(EnvSettings):
    table: str = Field(alias="BILLING_TABLE", min_length=3)
    creditor_name: str = Field(alias="CREDITOR_NAME", min_length=1)
    creditor_iban: str = Field(alias="CREDITOR_IBAN", min_length=15)
    creditor_bic: str = Field(alias="CREDITOR_BIC", min_length=8)
    creditor_identifier: str = Field(alias="CREDITOR_IDENTIFIER", min_length=8)

    def creditor(self) -> Creditor:
        try:
            return Creditor(name=self.creditor_name, iban=self.creditor_iban, bic=self.creditor_bic,
                            identifier=self.creditor_identifier)
        except InvalidCreditorError as exc:
            raise SettingsError(f"{type(self).__name__}: the creditor is not valid: {exc.message}") from exc


class ApiSettings(BillingSettings):
    nowjobs_table: str = Field(alias="NOWJOBS_TABLE", min_length=3)
    eligibility_table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)


class WriterSettings(BillingSettings):
    notifications_table: str = Field(alias="NOTIFICATIONS_TABLE", min_length=3)
    event_bus_name: str = Field(alias="EVENT_BUS_NAME", min_length=1)


class RunSettings(WriterSettings):
    nowjobs_table: str = Field(alias="NOWJOBS_TABLE", min_length=3)


class PowertoolsBillingMetrics:
    """Counts as CloudWatch metrics; NowjobsCollectionsNeedingAttention has an alarm in the template."""

    def record(self, metric: str, value: float) -> None:
        metrics.add_metric(name=metric, unit=MetricUnit.Count, value=value)
