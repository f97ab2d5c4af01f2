"""The stand-ins' sockets: accepted connections have TCP_NODELAY, as production web servers set it."""

from __future__ import annotations

import socket

import httpx
from starlette.types import Receive, Scope, Send

from sandbox.server import ServedApp, listening_socket


def _accepted(listener: socket.socket) -> socket.socket:
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    client.close()
    return accepted


def test_accepted_connections_have_tcp_nodelay() -> None:
    with listening_socket("127.0.0.1", 0) as listener:
        assert listener.proto == socket.IPPROTO_TCP  # so asyncio sets TCP_NODELAY on what it accepts
        with _accepted(listener) as accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
            assert accepted.proto == socket.IPPROTO_TCP


def test_nagle_serves_as_the_stand_ins_did_before() -> None:
    """The benchmark's comparison: a socket of protocol 0, on which asyncio leaves Nagle's algorithm on."""
    with listening_socket("127.0.0.1", 0, nagle=True) as listener:
        assert listener.proto == 0
        with _accepted(listener) as accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0


async def _hello(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


def test_a_served_app_answers_on_its_socket() -> None:
    with ServedApp(_hello) as served:
        assert httpx.get(served.url).text == "ok"
