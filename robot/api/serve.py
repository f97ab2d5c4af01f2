"""Serving the rules web API: in the foreground (``run_robot.py serve``) or in a background thread.

The background server is for the demo and the sandbox, which hand its address to the e-service
stand-in (the preliminary answer on the receipt). No access log: paths and queries never name a
person here, but nothing a caller sends should leave a trace.
"""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from robot.api.app import create_api
from robot.settings import Settings

ESTIMATE_PATH = "/{process}/estimate"


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8710) -> None:
    """Serve the API until Ctrl-C or SIGTERM."""
    uvicorn.run(create_api(settings), host=host, port=port, log_level="warning", access_log=False)


class BackgroundApi:
    """The API on ``host`` in a daemon thread; port 0 picks a free port (see :attr:`url`)."""

    def __init__(self, settings: Settings, port: int = 0, host: str = "127.0.0.1") -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(create_api(settings), log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def estimate_url(self, process: str) -> str:
        """The address the e-service stand-in posts its estimates to, for one process."""
        return self.url + ESTIMATE_PATH.format(process=process)

    def start(self, timeout: float = 10.0) -> BackgroundApi:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"The rules API on port {self.port} did not start within {timeout} s.")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> BackgroundApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
