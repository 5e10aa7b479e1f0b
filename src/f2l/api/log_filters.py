"""Keep tokens out of the access log: EventSource and WebSocket clients may send them as `?token=`."""

from __future__ import annotations

import logging
import re

_TOKEN_PARAMETER = re.compile(r"(?i)((?:^|[?&])(?:token|access_token|refresh_token)=)[^&\s\"]*")


def redact_query(text: str) -> str:
    """`text` with the values of token query parameters replaced by `***`."""
    return _TOKEN_PARAMETER.sub(r"\1***", text)


class RedactTokens(logging.Filter):
    """Masks token query parameters in a record's message and arguments (uvicorn's access log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact_query(arg) if isinstance(arg, str) else arg for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = redact_query(record.msg)
        return True


def install_token_redaction() -> None:
    """Add the filter to uvicorn's loggers (idempotent); call after logging is configured."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactTokens) for existing in logger.filters):
            logger.addFilter(RedactTokens())
