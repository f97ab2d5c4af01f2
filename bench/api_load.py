"""A bounded HTTP/1.1 load generator: C keep-alive clients sending requests for D seconds.

Each client is one connection that sends a request (the next of a list, each client starting at
its own place in it), reads the whole answer (status line, headers,
``Content-Length`` bytes), checks it and sends the next one: a closed loop, so the figures are the
throughput and latency a server gives that many callers, never more requests than it can answer.
Written on asyncio streams (uvloop when installed) so the generator itself costs little CPU on the
machine it shares with the server; :attr:`LoadResult.client_cpu` says how much it took.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Check = Callable[[int, bytes], bool]


@dataclass
class LoadResult:
    clients: int
    seconds: float
    warm_up: float = 0.0
    latencies: list[float] = field(default_factory=list)
    warm_answers: int = 0  # answers during the warm-up, not measured
    failures: int = 0  # answers with a wrong status or body, and broken connections
    client_cpu: float = 0.0  # CPU seconds the generator itself used

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """The latency (seconds) below which ``share`` of the answers came (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]

    def summary(self) -> str:
        return (
            f"{self.per_second:,.0f} requests/s, p50 {self.percentile(0.5) * 1000:.1f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.1f} ms, {len(self.latencies):,} answers, "
            f"{self.failures} failed, {self.clients} clients, {self.seconds:.0f} s"
        )


def request_bytes(method: str, path: str, host: str, body: bytes = b"", content_type: str = "") -> bytes:
    """One keep-alive HTTP/1.1 request."""
    head = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    if body or method == "POST":
        head += [f"Content-Type: {content_type or 'application/json'}", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """The status, the body and whether the server closes the connection after it."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, close = 0, head.startswith(b"HTTP/1.0")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            close = value.strip().lower() == b"close"
    return status, await reader.readexactly(length), close


async def _client(
    host: str,
    port: int,
    requests: list[bytes],
    start: int,
    check: Check,
    warm_until: float,
    stop_at: float,
    result: LoadResult,
) -> None:
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection(host, port)
    sent = start
    try:
        while (now := loop.time()) < stop_at:
            started = time.perf_counter()
            writer.write(requests[sent % len(requests)])
            sent += 1
            try:
                status, body, close = await _answer(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                result.failures += 1
                close, status, body = True, 0, b""
            if close:  # no keep-alive (gunicorn's sync workers): reconnect, as a client must; in the latency
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
            if now < warm_until:
                result.warm_answers += 1
                continue
            if not status:
                continue
            if check(status, body):
                result.latencies.append(time.perf_counter() - started)
            else:
                result.failures += 1
    finally:
        writer.close()


async def _run(
    host: str, port: int, requests: list[bytes], check: Check, clients: int, seconds: float, warm_up: float
) -> LoadResult:
    loop = asyncio.get_running_loop()
    warm_until = loop.time() + warm_up
    stop_at = warm_until + seconds
    result = LoadResult(clients, seconds, warm_up)
    spread = max(len(requests) // clients, 1)
    await asyncio.gather(
        *(
            _client(host, port, requests, n * spread, check, warm_until, stop_at, result)
            for n in range(clients)
        )
    )
    return result


def run_load(
    host: str,
    port: int,
    requests: list[bytes],
    check: Check,
    clients: int = 8,
    seconds: float = 10.0,
    warm_up: float = 2.0,
) -> LoadResult:
    """``clients`` closed-loop connections sending ``requests`` in turn for ``warm_up`` + ``seconds``;
    the answers of the last ``seconds`` are measured, each checked by ``check(status, body)``."""
    try:
        import uvloop

        runner: Callable[..., LoadResult] = uvloop.run
    except ImportError:  # pragma: no cover - uvloop is a dependency; asyncio serves as well, a bit slower
        runner = asyncio.run
    cpu = time.process_time()
    result = runner(_run(host, port, requests, check, clients, seconds, warm_up))
    result.client_cpu = time.process_time() - cpu
    return result
