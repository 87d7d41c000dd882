"""NOWJOBS: hiring students, flexi-jobbers and regular workers through NOWJOBS (RULES.md §3)."""
