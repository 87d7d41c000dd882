"""What the NOWJOBS routes answer (API.md, NOWJOBS): camelCase, money "12.53", instants ISO 8601 with
offset. Each model is built from the domain by its `of` constructor, in the handler.

Here the answers of channel and partner routes alike: a company, a contract and the cost quotes. What only
the channel routes answer (and their lists) is in channel_responses, what only the partner's is in
partner_models: each function loads the models of its own routes."""
from datetime import date
from decimal import Decimal
from typing import Annotated, Self

from pydantic import Field, PlainSerializer

from extra_services.api_models import ApiModel
from extra_services.billing.mandate import Scheme
from extra_services.nowjobs.company import Company
from extra_services.nowjobs.contract import Contract, contract_quote
from extra_services.nowjobs.contributions import ContributionKind, ContributionShare
from extra_services.nowjobs.fields import Instant, Money
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.statuses import AcquisitionChannel, CompanyStatus, ContractStatus, DimonaType
from extra_services.nowjobs.wage_quote import ShiftLine, WageQuote
from extra_services.nowjobs.workers import WorkerStatus

DecimalText = Annotated[Decimal, PlainSerializer(str, return_type=str)]  # hours "8.00", rates "0.28"


class ShiftOut(ApiModel):
    start: Instant
    end: Instant
    break_minutes: int

    @classmethod
    def of(cls, shift: Shift) -> Self:
        return cls(start=shift.start, end=shift.end, break_minutes=shift.break_minutes)


# ------------------------------------------------------------------------------------------ companies
class MandateOut(ApiModel):
    reference: str
    scheme: Scheme
    signed_on: date
    iban: str = Field(description="Masked: country, check digits and last four characters")


class CompanyOut(ApiModel):
    company_id: str
    enterprise_number: str
    name: str
    status: CompanyStatus
    joint_committees: list[str]
    acquisition_channel: AcquisitionChannel
    direct_debit_mandate: MandateOut
    registered_at: Instant
    activation_due: Instant
    verified_at: Instant | None
    activated_at: Instant | None
    activation_target_met: bool | None
    refused_at: Instant | None
    refusal_reason: str | None

    @classmethod
    def of(cls, company: Company) -> Self:
        signed = company.mandate
        iban = signed.mandate.debtor_iban
        return cls(
            company_id=company.company_id, enterprise_number=company.enterprise_number, name=company.name,
            status=company.status, joint_committees=list(company.joint_committees),
            acquisition_channel=company.acquisition_channel,
            direct_debit_mandate=MandateOut(reference=signed.mandate.reference, scheme=signed.mandate.scheme,
                                            signed_on=signed.mandate.signed_on, iban=f"{iban[:4]}…{iban[-4:]}"),
            registered_at=company.registered_at, activation_due=company.activation_due,
            verified_at=company.verified_at, activated_at=company.activated_at,
            activation_target_met=company.activation_target_met, refused_at=company.refused_at,
            refusal_reason=company.refusal_reason)


# ------------------------------------------------------------------------------------------- quotes
class ContributionShareOut(ApiModel):
    kind: ContributionKind
    rate: DecimalText
    hours: DecimalText

    @classmethod
    def of(cls, share: ContributionShare) -> Self:
        return cls(kind=share.kind, rate=share.rate, hours=share.hours)


class QuoteLineOut(ApiModel):
    start: Instant
    end: Instant
    break_minutes: int
    work_date: date
    hours: DecimalText
    holiday_hours: DecimalText = Field(description="Hours on a Belgian legal holiday, paid double")
    hourly_wage: Money
    legal_floor: Money
    gross_wage: Money
    employer_contributions: Money
    contributions: list[ContributionShareOut]
    fees: Money
    total: Money
    student_quota_hours_counted: int

    @classmethod
    def of(cls, line: ShiftLine) -> Self:
        return cls(start=line.shift.start, end=line.shift.end, break_minutes=line.shift.break_minutes,
                   work_date=line.work_date, hours=line.hours, holiday_hours=line.holiday_hours,
                   hourly_wage=line.hourly_wage, legal_floor=line.legal_floor, gross_wage=line.gross_wage,
                   employer_contributions=line.employer_contributions,
                   contributions=[ContributionShareOut.of(s) for s in line.contributions], fees=line.fees,
                   total=line.total, student_quota_hours_counted=line.student_quota_hours_counted)


class WageQuoteOut(ApiModel):
    hours: DecimalText
    gross_wage: Money
    employer_contributions: Money
    contribution_rate: DecimalText
    contribution_rates: list[ContributionShareOut]
    fees: Money
    total: Money
    lines: list[QuoteLineOut]

    @classmethod
    def of(cls, quote: WageQuote) -> Self:
        return cls(hours=quote.hours, gross_wage=quote.gross_wage,
                   employer_contributions=quote.employer_contributions, contribution_rate=quote.contribution_rate,
                   contribution_rates=[ContributionShareOut.of(s) for s in quote.contribution_rates],
                   fees=quote.fees, total=quote.total, lines=[QuoteLineOut.of(line) for line in quote.lines])


# ---------------------------------------------------------------------------------------- contracts
class DimonaOut(ApiModel):
    request_id: str
    type: DimonaType
    requested_at: Instant
    file_before: Instant
    reference: str | None
    confirmed_at: Instant | None
    rejected_at: Instant | None
    rejection_reason: str | None


class CancellationOut(ApiModel):
    reason: str
    requested_at: Instant
    cancelled_at: Instant | None
    refused_at: Instant | None


class ContractOut(ApiModel):
    contract_id: str
    application_id: str
    offer_id: str
    company_id: str
    worker_id: str
    worker_status: WorkerStatus
    status: ContractStatus
    proposal_version: int
    function: str
    joint_committee: str
    location: str
    hourly_wage: Money
    shifts: list[ShiftOut]
    proposed_at: Instant
    accepted_at: Instant | None
    declined_at: Instant | None
    dimona: DimonaOut | None
    cancellation: CancellationOut | None
    cost_quote: WageQuoteOut

    @classmethod
    def of(cls, contract: Contract) -> Self:
        """With its cost quote: what the contract's shifts cost, as the invoice will charge them."""
        d, c = contract.dimona, contract.cancellation
        return cls(
            contract_id=contract.contract_id, application_id=contract.application_id, offer_id=contract.offer_id,
            company_id=contract.company_id, worker_id=contract.worker_id, worker_status=contract.worker.status,
            status=contract.status, proposal_version=contract.proposal_version, function=contract.function,
            joint_committee=contract.joint_committee, location=contract.location,
            hourly_wage=contract.hourly_wage, shifts=[ShiftOut.of(s) for s in contract.shifts],
            proposed_at=contract.proposed_at, accepted_at=contract.accepted_at, declined_at=contract.declined_at,
            dimona=None if d is None else DimonaOut(
                request_id=d.request_id, type=d.type, requested_at=d.requested_at, file_before=d.file_before,
                reference=d.reference, confirmed_at=d.confirmed_at, rejected_at=d.rejected_at,
                rejection_reason=d.rejection_reason),
            cancellation=None if c is None else CancellationOut(
                reason=c.reason, requested_at=c.requested_at, cancelled_at=c.cancelled_at, refused_at=c.refused_at),
            cost_quote=WageQuoteOut.of(contract_quote(contract)))
