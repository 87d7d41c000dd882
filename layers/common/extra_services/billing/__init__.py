"""Pure billing rules for NOWJOBS invoices collected by SEPA direct debit (RULES.md §3, §4).

No I/O and no clock: every date comes in as an argument. Choices where the rules are silent are
written down in docs/decisions/billing-sepa.md."""
