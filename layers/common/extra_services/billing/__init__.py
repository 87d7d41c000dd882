"""NOWJOBS billing by SEPA direct debit (RULES.md §3, §4).

Pure rules (no I/O, no clock: every date comes in as an argument): calendar, mandate, collection_dates,
creditor, structured_communication, pain008, invoice, collection, ledger, batch. Use cases on top:
issuance and run (the weekly run), submission (the daily pain.008), settlement (the bank's results),
reads (the routes); repository (and NOWJOBS' repository, through nowjobs_adapter) talk to DynamoDB.
Wiring: the settings in wiring, each function's collaborators in its own module (reads_wiring, run_wiring,
submission_wiring, settlement_wiring), so that a function imports only what it uses.
Choices where the rules are silent: docs/decisions/billing-sepa.md and billing-run.md."""
