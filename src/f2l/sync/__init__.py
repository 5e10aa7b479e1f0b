"""The sync engine: filters, comparison, planning, transfer and verification (DESIGN.md).

`engine.run_sync` runs one-way syncs, `bisync_run.run_bidirectional` bidirectional ones;
docs/sync.md lists every module and what it does.
"""
