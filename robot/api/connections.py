"""Connections to the rules API: how long a client may take, how many may be open, and TCP_NODELAY.

uvicorn's httptools protocol, with what a server facing the internet needs and uvicorn does not do:

- **Time limits.** A request's headers must arrive within ``header_timeout`` of the connection (or of
  the request's first byte on a kept-alive connection), and its body within ``body_timeout`` of the
  headers; otherwise the client is answered 408 and the connection closed. So a client trickling a
  byte a second holds a connection for seconds, not for ever. uvicorn's own keep-alive timeout
  closes connections idle between requests.
- **Header size.** Headers larger than ``max_header_bytes`` are answered 431 and the connection closed.
- **A connection limit.** At most ``max_connections`` per worker process, and never more than its
  file limit leaves room for (:data:`FILES_RESERVED` descriptors are kept for everything else). When
  the limit is reached, a new connection takes the place of the one that has waited longest for a
  request (idle, or still sending its headers): slow clients lose their place first, a normal
  request is answered. If every connection is busy with a request, the new one is answered 503 and
  closed. So connections never use up the file descriptors and ``accept`` never fails with EMFILE.
- **TCP_NODELAY** on every accepted socket, as production servers set it (otherwise Nagle's
  algorithm meets the client's delayed ACKs and an answer written in two parts waits 40 ms).

What happens to connections is logged at info through :mod:`robot.api.quiet_logs`' throttle.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import structlog
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from robot.api.guard import SECURITY_HEADERS

log = structlog.get_logger("robot.api")
FILES_RESERVED = 64  # descriptors a worker keeps for its own files, pipes, the event loop and the listener


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_header_bytes: int = 32 * 1024
    max_connections: int = 1000  # per worker process

    def capacity(self) -> int:
        """Connections one worker may hold: ``max_connections`` within its file limit."""
        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return self.max_connections
        room = soft - FILES_RESERVED if soft > 2 * FILES_RESERVED else soft // 2
        return max(1, min(self.max_connections, room))


class _Waiting:
    """One worker's connections waiting for a request, longest-waiting first (dicts keep insertion order)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.order: dict[GuardedProtocol, None] = {}

    def add(self, connection: GuardedProtocol) -> None:
        self.order.pop(connection, None)
        self.order[connection] = None

    def discard(self, connection: GuardedProtocol) -> None:
        self.order.pop(connection, None)

    def make_room(self) -> bool:
        """Close the connection that has waited longest for a request; False if none is waiting."""
        if not self.order:
            return False
        oldest = next(iter(self.order))
        self.discard(oldest)
        oldest.drop("api_connection_evicted", reason="the connection limit was reached")
        return True


_waiting: WeakKeyDictionary[Any, _Waiting] = WeakKeyDictionary()  # per uvicorn ServerState


def _raw_answer(status: int, reason: str, text: str) -> bytes:
    body = text.encode()
    head = [f"HTTP/1.1 {status} {reason}".encode(), b"content-type: text/plain; charset=utf-8"]
    head += [name + b": " + value for name, value in SECURITY_HEADERS]
    head += [b"content-length: " + str(len(body)).encode(), b"connection: close"]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


TIMED_OUT = _raw_answer(408, "Request Timeout", "The request did not arrive in time.")
HEADERS_TOO_LARGE = _raw_answer(
    431, "Request Header Fields Too Large", "The request's headers are too large."
)
FULL = _raw_answer(503, "Service Unavailable", "The server is busy; try again in a moment.")


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the limits of :class:`ConnectionLimits` (see the module)."""

    def __init__(
        self,
        config: Any,
        server_state: Any,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits: ConnectionLimits = getattr(config, "connection_limits", None) or ConnectionLimits()
        if server_state not in _waiting:
            _waiting[server_state] = _Waiting(self.limits.capacity())
        self.waiting = _waiting[server_state]
        self._deadline: asyncio.TimerHandle | None = None
        self._header_bytes: int | None = 0  # None once the headers are in

    # --- the connection ---------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):  # not TCP (a Unix socket): nothing to set
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        if len(self.connections) > self.waiting.capacity and not self.waiting.make_room():
            self.connections.discard(self)
            transport.write(FULL)
            transport.close()
            log.info("api_connection_refused", reason="every connection is busy", limit=self.waiting.capacity)
            return
        self.waiting.add(self)
        self._arm(self.limits.header_timeout, "headers")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.waiting.discard(self)
        super().connection_lost(exc)

    def drop(self, event: str, **fields: Any) -> None:
        """Close this connection now, answering 408 if no answer has begun; log ``event`` (throttled)."""
        self._disarm()
        self.connections.discard(self)  # counted out at once, not when the loop reports the close
        if not self.transport.is_closing():
            unanswered = self.cycle is None or not self.cycle.response_started
            if (
                unanswered or self._header_bytes is not None
            ):  # (the cycle of a kept-alive connection is the last one)
                self.transport.write(TIMED_OUT)
            self.transport.close()
        log.info(event, **fields)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._header_bytes is not None and not self.transport.is_closing():
            self._header_bytes += len(data)
            if self._header_bytes > self.limits.max_header_bytes:
                self._disarm()
                self.transport.write(HEADERS_TOO_LARGE)
                self.transport.close()
                log.info("api_headers_too_large", limit=self.limits.max_header_bytes)

    # --- the request (httptools' parser callbacks) -------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_bytes is None:  # a further request on a kept-alive connection
            self._header_bytes = 0
            self._arm(self.limits.header_timeout, "headers")

    def on_headers_complete(self) -> None:
        self._header_bytes = None
        self.waiting.discard(self)
        self._arm(self.limits.body_timeout, "body")
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self.waiting.add(self)

    # --- the deadline -------------------------------------------------------------------------------
    def _arm(self, seconds: float, what: str) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._too_slow, what, seconds)

    def _too_slow(self, what: str, seconds: float) -> None:
        self._deadline = None
        self.drop("api_slow_client_dropped", reason=f"the {what} took longer than {seconds:g} s")

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
