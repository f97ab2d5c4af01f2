"""What every request to the rules API passes through: the body limit, the security headers and the
one place where errors become answers.

- **The body.** A ``Content-Length`` over the limit is refused (413) before a byte of the body is
  read; a body without one (chunked) is counted as it arrives and refused as soon as it passes the
  limit. So no request holds more than the limit (and one chunk) in memory, however large it claims
  or turns out to be. A refusal closes the connection: the rest of such a body is never read.
- **The headers.** Every answer says ``Cache-Control: no-store`` (nothing here may be kept by a cache)
  and carries the headers that stop it being framed, sniffed or referred onward; pages (text/html)
  get a strict Content-Security-Policy too. HSTS belongs to the TLS proxy in front (README).
- **Errors.** An :class:`ApiError` is answered with its status and sentence; an unexpected error with
  500 and a fixed sentence, logged by its type only (never the request or the error's text: either
  may carry personal data); a client that went away before its answer is logged as info.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
import structlog
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger("robot.api")

PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
PAGE_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", PAGE_POLICY.encode()),
    (b"cross-origin-opener-policy", b"same-origin"),
    (
        b"permissions-policy",
        b"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ),
]
DATA_HEADERS: list[tuple[bytes, bytes]] = [(b"content-security-policy", DATA_POLICY.encode())]
MAX_LOGGED_PATH = 100


class ApiError(Exception):
    """An answer other than 200, with a code for programs and a sentence for people."""

    def __init__(self, status: int, error: str, message: str, close: bool = False) -> None:
        super().__init__(message)
        self.status, self.error, self.message, self.close = status, error, message, close


class BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "too_large", f"The body is larger than {limit} bytes.", close=True)


def json_bytes(value: Any) -> bytes:
    """Compact JSON (UTF-8). Text that is not valid Unicode (a lone surrogate a caller sent) is escaped."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError: a str UTF-8 cannot hold, an integer over 64 bits
        return json.dumps(value, ensure_ascii=True, default=str).encode("ascii")


async def send_json(send: Send, status: int, value: Any, close: bool = False) -> None:
    """A whole JSON answer; ``close`` ends the connection after it (the request was not read to its end)."""
    body = json_bytes(value)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _declared_length(scope: Scope) -> int | None:
    """The request's Content-Length (None without one); -1 when it is not a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else -1
    return None


class Guard:
    """ASGI middleware around the API: see the module's docstring."""

    def __init__(self, app: ASGIApp, body_limit: int) -> None:
        self.app = app
        self.body_limit = body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.body_limit
        started = False

        async def headed(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", ()))
                page = any(n == b"content-type" and v.startswith(b"text/html") for n, v in headers)
                headers += SECURITY_HEADERS + (PAGE_HEADERS if page else DATA_HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        declared = _declared_length(scope)
        if declared == -1:
            await send_json(
                headed, 400, _said(ApiError(400, "bad_length", "Content-Length is not a number.")), True
            )
            return
        if declared is not None and declared > limit:
            await send_json(headed, 413, _said(BodyTooLarge(limit)), close=True)
            return

        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, limited, headed)
        except ApiError as error:
            if not started:
                await send_json(headed, error.status, _said(error), close=error.close)
        except ClientDisconnect:
            log.info("api_client_gone", path=scope["path"][:MAX_LOGGED_PATH])
        except Exception as error:  # never the request or the error's text: it may carry personal data
            log.error("api_error", path=scope["path"][:MAX_LOGGED_PATH], error=type(error).__name__)
            if not started:
                await send_json(headed, 500, {"error": "internal", "message": "An internal error occurred."})


def _said(error: ApiError) -> dict[str, str]:
    return {"error": error.error, "message": error.message}
