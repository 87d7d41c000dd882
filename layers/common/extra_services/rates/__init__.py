"""Dated tables of law and rates: one module per table, one row per period, with its source.

Look values up with DatedTable.at(day); never write a rate as a literal in domain code."""
