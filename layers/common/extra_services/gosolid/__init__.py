"""Go Solid: recovery of uncontested B2B invoices (RULES.md §2)."""
