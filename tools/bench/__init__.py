"""`make bench` (issue 7): cold starts, round trips, state transitions and bursts, measured in one run.

One module per figure (cold_import, aws_calls, transitions, due_work, billing_scale, package_sizes,
latency), each runnable alone (`python -m tools.bench.<module>`); `python -m tools.bench` runs them all,
prints the table and writes docs/performance.md. Shared: support (rows, the local stack, the AWS call
recorder), journeys (the API driven over HTTP), seeding (volume by copying entity graphs into moto)."""
