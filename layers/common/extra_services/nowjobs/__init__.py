"""NOWJOBS: hiring students, flexi-jobbers and regular workers through NOWJOBS (RULES.md §3).

Three layers, one direction (docs/decisions/nowjobs-lifecycle.md):
- rules, pure: the wage quote (wage_quote, shift_hours, legal_floor, student_quota, contributions,
  workers, rates_on_date), the aggregates and their lifecycles (company, job_offer, invitation,
  application, contract, timesheet, discount_code, schedule_rules, statuses), the API models and the
  outbound events (events);
- data access: records (item mapping) and repository (NowjobsTable, the only boto3 user here);
- use cases: company_service, hiring_service, contract_service, with their ports (ports, access) and
  wiring (service_wiring: the settings, and the services each function composes; wiring: the channel
  API's, with the eligibility check and the Idempotency-Key).

The use cases answer with the domain; each handler shapes the answer with the API models of its own routes:
fields (field types), request_models and channel_responses (the channel's), partner_models (the partner's),
response_models (answers of both: a company, a contract, a cost quote). So each function loads only the
models of its routes, and the schedules and the billing run load none."""
