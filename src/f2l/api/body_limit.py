"""Request bodies over `F2L_MAX_REQUEST_BODY_BYTES` are refused with 413 before they are read.

A pure ASGI middleware, so nothing of the body is buffered on the way:

- a declared `Content-Length` over the limit is answered at once, before the application
  runs and before a byte of the body is read;
- a body without one (chunked), or any body at all, is counted as `receive()` delivers it;
  the chunk that goes over the limit is not passed on, the application's read fails, and
  whatever it makes of that failure is replaced by the same 413.

The 413 has the API's error shape, `{"detail": "..."}`, names the limit, and carries
`Connection: close`: the server hangs up rather than drain the rest of a body it refused.
WebSocket and lifespan scopes pass through untouched; so do bodiless requests such as the
`/events` stream, whose `http.disconnect` message goes through the counter unchanged.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimitMiddleware", "RequestBodyTooLarge"]


class RequestBodyTooLarge(Exception):
    """Raised into the application by `receive()` once the body went over the limit."""


class BodyLimitMiddleware:
    """Refuse HTTP request bodies over `max_body_bytes` with 413."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        if max_body_bytes < 0:
            raise ValueError("max_body_bytes must not be negative")
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, receive, send)
            return

        received = 0
        exceeded = False
        started = False  # the application began its answer before the body went over

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise RequestBodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise RequestBodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the 413 below replaces whatever the application makes of the refused body
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"detail": f"request body too large: the limit is {self.max_body_bytes} bytes"},
            status_code=413,
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


def _declared_length(scope: Scope) -> int | None:
    """The largest `Content-Length` the request declares; None when it declares none readable.

    A malformed value is left to the server (uvicorn refuses it); the counting catches the rest.
    """
    lengths = [value for name, value in scope.get("headers", ()) if name.lower() == b"content-length"]
    parsed = [int(value) for value in lengths if value.strip().isdigit()]
    return max(parsed) if parsed else None
