"""Serving the rules web API: in the foreground with worker processes (``run_robot.py serve``) or in a
background thread (the demo and the sandbox, which hand its address to the e-service stand-in).

uvicorn serves it, with httptools and uvloop, the guarded protocol of :mod:`robot.api.connections`
(time limits, a connection limit, TCP_NODELAY) and no ``Server`` header. ``workers`` processes share
one listening socket under uvicorn's supervisor, which restarts a worker that dies; each worker
loads the settings and builds the API itself (:func:`worker_app`). In production run it behind a
reverse proxy that terminates TLS (README, "Deploying behind a proxy").

No access log: paths and queries never name a person here, but nothing a caller sends should leave
a trace. The API's own events (an unexpected error by its type, a slow client dropped, a client
gone) go to the console through a throttle (:mod:`robot.api.quiet_logs`).
"""

from __future__ import annotations

import gc
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from robot.api import quiet_logs
from robot.api.app import create_api
from robot.api.connections import ConnectionLimits, GuardedProtocol
from robot.logs import configure_logging
from robot.settings import Settings, load_settings

ESTIMATE_PATH = "/{process}/estimate"
# The youngest generation is collected after 20,000 allocations (700 by default).
GC_THRESHOLDS = (20_000, 50, 100)
FACTORY = "robot.api.serve:worker_app"
# A worker answers the supervisor's health check within this (uvicorn's 5 s killed workers still
# importing on a busy machine, over and over); one that does not is killed and started again.
WORKER_HEALTHCHECK_SECONDS = 30


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8710
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    keep_alive_seconds: int = 5
    limits: ConnectionLimits = field(default_factory=ConnectionLimits)


class GuardedConfig(uvicorn.Config):
    """uvicorn's configuration carrying the :class:`ConnectionLimits` to each worker's protocol."""

    def __init__(self, app: Any, limits: ConnectionLimits, **options: Any) -> None:
        super().__init__(app, **options)
        self.connection_limits = limits


def config_for(app: Any, options: ServeOptions, **extra: Any) -> GuardedConfig:
    """The uvicorn configuration the API is served with, in the foreground and in the background."""
    return GuardedConfig(
        app,
        options.limits,
        host=options.host,
        port=options.port,
        http=GuardedProtocol,
        loop="uvloop",
        ws="none",
        lifespan="off",
        interface="asgi3",
        server_header=False,
        proxy_headers=False,  # nothing here uses the client's address; the proxy logs it
        timeout_keep_alive=options.keep_alive_seconds,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        access_log=False,
        log_config=None,  # our logging (robot.logs), configured in each process
        log_level="warning",
        **extra,
    )


def _configure_logs() -> None:
    configure_logging(None, level="INFO")
    quiet_logs.install()


def worker_app() -> Any:
    """The API as one worker process builds it (uvicorn's factory): its own settings and logging.

    What is built here lives as long as the worker, so it is moved out of the garbage collector's
    sight (``gc.freeze``) and collections are made rarer: a calculation allocates tens of thousands
    of short-lived objects, and the collector traversing the whole heap took 15 % of each request.
    """
    _configure_logs()
    api = create_api(load_settings())
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    return api


def serve(options: ServeOptions) -> None:
    """Serve the API until Ctrl-C or SIGTERM, with ``options.workers`` processes."""
    _configure_logs()
    config = config_for(FACTORY, options, factory=True, workers=options.workers)
    server = uvicorn.Server(config)
    if options.workers == 1:
        server.run()
        return
    listener = config.bind_socket()
    Multiprocess(config, sockets=[listener]).run()


class BackgroundApi:
    """The API on ``host`` in a daemon thread; port 0 picks a free port (see :attr:`url`)."""

    def __init__(self, settings: Settings, port: int = 0, host: str = "127.0.0.1") -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        quiet_logs.install()
        config = config_for(create_api(settings), ServeOptions(host=host, port=self.port, workers=1))
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
