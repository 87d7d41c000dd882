"""What the billing routes read: a company's invoices and one invoice, for a person usable for the
company's enterprise (NOWJOBS' access rule: otherwise it does not exist, 404), and a submitted batch's
pain.008 file for the bank, rebuilt byte for byte from what was presented."""
from __future__ import annotations

from extra_services.billing.api_models import InvoiceOut, InvoicePageOut
from extra_services.billing.creditor import Creditor
from extra_services.billing.ledger import BilledInvoice
from extra_services.billing.pain008 import DirectDebitBatch, build_pain008
from extra_services.billing.ports import CompanyDirectory, UsableCheck
from extra_services.billing.repository import BillingRepository
from extra_services.billing.statuses import BatchStatus
from extra_services.errors import Conflict, NotFound
from extra_services.nowjobs.access import found, require_access
from extra_services.nowjobs.ports import Actor

DEFAULT_PAGE = 20


class BillingReads:
    def __init__(self, repository: BillingRepository, companies: CompanyDirectory, eligibility: UsableCheck,
                 creditor: Creditor) -> None:
        self.repository = repository
        self.companies = companies
        self.eligibility = eligibility
        self.creditor = creditor

    def invoices_of_company(self, actor: Actor, company_id: str, *, limit: int = DEFAULT_PAGE,
                            next_token: str | None = None) -> InvoicePageOut:
        company = found(self.companies.billing_profile(company_id), "company")
        require_access(self.eligibility, actor, company.enterprise_number, "company")
        page = self.repository.invoices_of_company(company_id, limit=limit, next_token=next_token)
        return InvoicePageOut(items=[self._out(i) for i in page.items], next_token=page.next_token)

    def invoice(self, actor: Actor, invoice_id: str) -> InvoiceOut:
        invoice = found(self.repository.get_invoice(invoice_id), "invoice")
        require_access(self.eligibility, actor, invoice.enterprise_number, "invoice")
        return self._out(invoice)

    def pain008(self, batch_id: str) -> bytes:
        batch = self.repository.get_batch(batch_id)
        if batch is None:
            raise NotFound(f"No direct-debit batch {batch_id}.", code="BATCH_NOT_FOUND")
        if batch.status is not BatchStatus.SUBMITTED:
            raise Conflict(f"Batch {batch_id} is {batch.status.value}: it has no file.", code="BATCH_NOT_SUBMITTED")
        members = tuple(m.direct_debit() for m in self.repository.batch_members(batch_id))
        return build_pain008(DirectDebitBatch(batch.due_on, batch.scheme, members), self.creditor,
                             message_id=batch.batch_id, created_at=batch.created_at)

    def _out(self, invoice: BilledInvoice) -> InvoiceOut:
        collection = None if invoice.collection_id is None else self.repository.get_collection(invoice.collection_id)
        return InvoiceOut.of(invoice, collection)
