"""The sync engine: filters, comparison, planning, transfer and verification (DESIGN.md).

Being built for issue 3. Ready so far: `filters` (what a run looks at), `compare` (are two
entries the same file) and `plan` (a streaming merge-join of two listings into operations).
"""
