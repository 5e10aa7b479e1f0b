"""CSV for exports: one writer, so every export neutralises spreadsheet formulas the same way."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts that a spreadsheet would run as a formula (OWASP CSV injection): prefixed with '."""


def csv_rows(rows: Iterable[Sequence[Any]]) -> str:
    """The rows as CSV text, every text cell that could start a formula prefixed with `'`."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in values] for values in rows
    )
    return buffer.getvalue()
