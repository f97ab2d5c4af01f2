"""Counting the requests that reach the case system, so a test can hold the robot to a request budget.

:class:`RequestLog` is an ASGI middleware placed outermost: it records every HTTP request (method,
path, status), injected faults included, in ``app.state.requests``. Tests read and clear it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    status: int


class RequestRecorder:
    """A thread-safe list of the requests served, oldest first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[LoggedRequest] = []

    def add(self, request: LoggedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def list(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()


class RequestLog:
    """ASGI middleware that records each HTTP request and the status it was answered with."""

    def __init__(self, app: ASGIApp, recorder: RequestRecorder) -> None:
        self.app = app
        self.recorder = recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = [0]

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            self.recorder.add(LoggedRequest(scope.get("method", ""), scope["path"], status[0]))
