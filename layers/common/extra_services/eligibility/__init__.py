"""Eligibility: who may see (visible) and use (usable) the extra services, per RULES.md §1."""
