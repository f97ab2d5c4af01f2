"""Fault injection for the sandbox web apps: latency, HTTP 500s, slow pages, maintenance, surprise dialogs.

:class:`FaultSettings` says which faults are on; :class:`FaultMiddleware` is an ASGI middleware that
applies them before a request reaches the app. Faults never corrupt data: an injected error or
maintenance answer is returned *instead of* calling the app, so a failed save writes nothing.

Three faults need the app's cooperation: ``session_expiry_seconds`` (the app reads it from its
settings), ``dialog_rate`` (the middleware marks the request with ``scope["state"]["fault_alert"] = True``
and an HTML app renders a JavaScript ``alert()`` for it) and ``source_error_rate`` (the middleware puts
a number in ``scope["state"]["fault_source_error"]`` and the income register answers one of its
sources, chosen by that number, with SSBTEK's timeout error).
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

MAINTENANCE_TEXT = "Systemet är tillfälligt stängt för underhåll"
ERROR_TEXT = "Ett tekniskt fel har inträffat"
ALERT_STATE_KEY = "fault_alert"
SOURCE_ERROR_STATE_KEY = "fault_source_error"


class FaultSettings(BaseModel):
    """Which faults to inject. The defaults inject nothing."""

    latency_ms: int = Field(0, ge=0, description="Delay added to every page request.")
    error_rate: float = Field(0.0, ge=0.0, le=1.0, description="Fraction of page requests answered 500.")
    post_error_rate: float = Field(
        0.0, ge=0.0, le=1.0, description="Fraction of POST requests (saves) answered 500, before any write."
    )
    slow_every: int = Field(0, ge=0, description="Every N-th page request is slow (0 = never).")
    slow_ms: int = Field(0, ge=0, description="Extra delay for the slow requests.")
    session_expiry_seconds: float | None = Field(
        None, gt=0, description="Sessions expire this long after login (overrides the idle timeout)."
    )
    dialog_rate: float = Field(
        0.0, ge=0.0, le=1.0, description="Fraction of HTML pages that show an unexpected alert()."
    )
    source_error_rate: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Fraction of register answers where one source answers with an error.",
    )
    maintenance: bool = Field(False, description="Every page answers 503 with a maintenance page.")
    maintenance_rate: float = Field(0.0, ge=0.0, le=1.0, description="Fraction of pages answered 503.")
    seed: int = Field(0, description="Seed of the random choices, for repeatable runs.")
    only_paths: tuple[str, ...] = Field(
        (), description="When given, faults hit only paths starting with one of these (e.g. the case pages)."
    )


def _html_page(title: str, text: str) -> bytes:
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n'
        f'<html><head><title>{title}</title></head><body bgcolor="#ffffff">'
        f'<table width="100%"><tr><td align="center"><h1>{title}</h1><p>{text}</p></td></tr></table>'
        "</body></html>"
    ).encode()


MAINTENANCE_PAGE = _html_page("Underhåll", f"{MAINTENANCE_TEXT}. Försök igen senare.")
ERROR_PAGE = _html_page("Serverfel", f"{ERROR_TEXT}. Försök igen om en stund.")


class FaultMiddleware:
    """Applies :class:`FaultSettings` to HTTP requests, except paths starting with an exempt prefix.

    ``settings`` may be a callable, read on every request, so a test can switch faults on and off
    while the app is running.
    """

    def __init__(
        self,
        app: ASGIApp,
        settings: FaultSettings | Callable[[], FaultSettings],
        exempt_prefixes: tuple[str, ...] = ("/static", "/favicon.ico"),
        injected: Counter[str] | None = None,
    ) -> None:
        self.app = app
        self.injected: Counter[str] = injected if injected is not None else Counter()
        self._settings = settings
        self._exempt = exempt_prefixes
        self._lock = threading.Lock()
        self._count = 0
        self._rng = random.Random(0)
        self._seed: int | None = None

    def settings(self) -> FaultSettings:
        return self._settings() if callable(self._settings) else self._settings

    def _draw(self, settings: FaultSettings) -> tuple[int, dict[str, float]]:
        """Count the request and draw the random numbers for it, thread-safely."""
        with self._lock:
            if self._seed != settings.seed:
                self._rng = random.Random(settings.seed)
                self._seed = settings.seed
            self._count += 1
            draws = {name: self._rng.random() for name in ("error", "post", "maintenance", "dialog")}
            if (
                settings.source_error_rate
            ):  # drawn only when asked for: the other faults' sequence is unchanged
                draws["source_error"], draws["which_source"] = self._rng.random(), self._rng.random()
            return self._count, draws

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self._exempt):
            await self.app(scope, receive, send)
            return
        settings = self.settings()
        if settings.only_paths and not scope["path"].startswith(settings.only_paths):
            await self.app(scope, receive, send)
            return
        count, draws = self._draw(settings)
        delay_ms = settings.latency_ms
        if settings.slow_every and count % settings.slow_every == 0:
            delay_ms += settings.slow_ms
        if delay_ms:
            if delay_ms > settings.latency_ms:
                self.injected["slow_page"] += 1
            await asyncio.sleep(delay_ms / 1000)
        if settings.maintenance or draws["maintenance"] < settings.maintenance_rate:
            self.injected["maintenance_page"] += 1
            await _respond(send, 503, MAINTENANCE_PAGE)
            return
        is_post = scope.get("method") == "POST"
        if draws["error"] < settings.error_rate or (is_post and draws["post"] < settings.post_error_rate):
            self.injected["http_500_on_post" if is_post else "http_500"] += 1
            await _respond(send, 500, ERROR_PAGE)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        if draws["dialog"] < settings.dialog_rate:
            self.injected["unexpected_dialog"] += 1
            state[ALERT_STATE_KEY] = True
        if draws.get("source_error", 1.0) < settings.source_error_rate:
            self.injected["source_error"] += 1
            state[SOURCE_ERROR_STATE_KEY] = draws["which_source"]
        await self.app(scope, receive, send)


async def _respond(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
