"""The lists the NOWJOBS channel routes answer, parametrised once here (a handler module loaded by file path,
like the OpenAPI tool does, cannot parametrise a generic model itself). Apart from response_models: the
partner callbacks, the schedules and the billing run import the models but answer no list."""
from __future__ import annotations

from extra_services.nowjobs.response_models import (
    ApplicationOut,
    CompanyOut,
    ContractOut,
    JobOfferOut,
    Page,
    TimesheetOut,
)

CompanyPage = Page[CompanyOut]
JobOfferPage = Page[JobOfferOut]
ApplicationPage = Page[ApplicationOut]
ContractPage = Page[ContractOut]
TimesheetPage = Page[TimesheetOut]
