"""Serving one sandbox web app on localhost, in a background thread of the current process.

The demo and the tests start the stand-in systems in-process; ``python run_robot.py sandbox``
starts them standalone. Port 0 picks a free port; the chosen URL is in :attr:`ServedApp.url`.

Accepted sockets have TCP_NODELAY, as production web servers set it: with Nagle's algorithm on, an
answer written in two parts (uvicorn writes the head and the body separately) waits for the
client's delayed ACK, about 40 ms a request. The listening socket is made with the TCP protocol
number, so asyncio sets TCP_NODELAY on every connection it accepts (it does not for a socket made
with protocol 0, as these were until 2026-12), and the option is set on the listener as well.
``nagle=True`` serves as before, with the stall, for the benchmark that measures what it cost.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn


def listening_socket(host: str, port: int, nagle: bool = False) -> socket.socket:
    """A bound TCP socket whose accepted connections have TCP_NODELAY (unless ``nagle``)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0 if nagle else socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if not nagle:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock


class ServedApp:
    """An ASGI app served by uvicorn on 127.0.0.1 in a daemon thread.

    The stand-ins keep uvicorn's pure-Python parts (h11, asyncio's loop) whatever else is installed,
    so they behave the same on every machine.
    """

    def __init__(self, app: Any, port: int = 0, host: str = "127.0.0.1", nagle: bool = False) -> None:
        self._sock = listening_socket(host, port, nagle)
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", http="h11", loop="asyncio"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> ServedApp:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"The sandbox app on port {self.port} did not start within {timeout} s.")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> ServedApp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
