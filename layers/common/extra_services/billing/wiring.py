"""Settings and collaborators of the billing functions, built once per cold start (never at import).

Each function is given only the names it uses: the routes read BillingTable (and NOWJOBS for the
company, eligibility for the access check); the run bills from NOWJOBS' hours; the submission and the
bank's results write BillingTable, the outbox and the bus. The creditor (NOWJOBS NV) is validated at
cold start: a wrong identifier, IBAN or BIC stops the function before it writes anything."""
from __future__ import annotations

from functools import cache

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import Field

from extra_services.billing.creditor import Creditor
from extra_services.billing.errors import InvalidCreditorError
from extra_services.billing.issuance import IssuanceService
from extra_services.billing.nowjobs_adapter import NowjobsCompanies, NowjobsDirectory, NowjobsHours
from extra_services.billing.reads import BillingReads
from extra_services.billing.repository import BillingRepository
from extra_services.billing.run import BillingRun
from extra_services.billing.settlement import SettlementService
from extra_services.billing.submission import SubmissionService
from extra_services.billing.unbilled_index import UnbilledIndex
from extra_services.caller import Channel
from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.eligibility.wiring import eligibility_service
from extra_services.errors import Forbidden
from extra_services.nowjobs.company_service import CompanyService
from extra_services.nowjobs.contract_service import ContractService
from extra_services.nowjobs.outbox import NotificationsOutbox
from extra_services.nowjobs.ports import EventPublisher, Outbox
from extra_services.nowjobs.repository import NowjobsRepository
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


class NoPerson:
    """The run acts for no person: the NOWJOBS services it uses never ask for one."""

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        raise Forbidden("The billing run acts for no person.", code="NO_PERSON")


def _nowjobs(table: str, publisher: EventPublisher, outbox: Outbox) -> tuple[CompanyService, ContractService]:
    repository, clock = NowjobsRepository(table), SystemClock()
    return (CompanyService(repository, NoPerson(), clock, publisher, outbox),
            ContractService(repository, NoPerson(), clock, publisher, outbox))


@cache
def reads() -> BillingReads:
    settings = ApiSettings.from_environ()
    return BillingReads(BillingRepository(settings.table, SystemClock()),
                        NowjobsDirectory(NowjobsRepository(settings.nowjobs_table)), eligibility_service(),
                        settings.creditor())


@cache
def billing_run() -> BillingRun:
    settings = RunSettings.from_environ()
    clock = SystemClock()
    publisher = DomainEventPublisher(settings.event_bus_name)
    outbox = NotificationsOutbox(settings.notifications_table, clock)
    companies, contracts = _nowjobs(settings.nowjobs_table, publisher, outbox)
    repository = BillingRepository(settings.table, clock)
    issuance = IssuanceService(repository, NowjobsCompanies(companies), NowjobsHours(contracts), clock, publisher,
                               outbox=outbox, creditor_identifier=settings.creditor().identifier)
    return BillingRun(issuance, UnbilledIndex(settings.nowjobs_table), repository, clock, PowertoolsBillingMetrics())


@cache
def submission() -> SubmissionService:
    settings = WriterSettings.from_environ()
    clock = SystemClock()
    return SubmissionService(BillingRepository(settings.table, clock), settings.creditor(), clock,
                             DomainEventPublisher(settings.event_bus_name),
                             outbox=NotificationsOutbox(settings.notifications_table, clock),
                             metrics=PowertoolsBillingMetrics())


@cache
def settlement() -> SettlementService:
    settings = WriterSettings.from_environ()
    clock = SystemClock()
    return SettlementService(BillingRepository(settings.table, clock), clock,
                             DomainEventPublisher(settings.event_bus_name),
                             NotificationsOutbox(settings.notifications_table, clock), PowertoolsBillingMetrics(),
                             creditor_identifier=settings.creditor().identifier)
