"""The shared package of the extra services for entrepreneurs.

One sub-package per bounded context (eligibility, gosolid, nowjobs, billing), each layered
models/rules -> repository -> service; cross-cutting pieces (clock, money, settings,
observability, HTTP mapping, identifiers, dated rate tables) at the top level.
"""
