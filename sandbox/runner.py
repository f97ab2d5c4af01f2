"""Starting the three stand-in systems together, seeding them, and pointing the robot's settings at them.

Used in-process by the demo, the embedded mode and the tests, and standalone by
``python run_robot.py sandbox``.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from sandbox import case_system, eservice, income_register
from sandbox.case_system import DEFAULT_USERS, CaseSystemDatabase
from sandbox.eservice.store import SubmissionStore
from sandbox.faults import FaultSettings
from sandbox.server import ServedApp
from sandbox.synthetic import generate

if TYPE_CHECKING:
    from robot.settings import Settings


class Sandbox:
    """The e-service, the income register and the legacy case system on localhost, with state in ``data_dir``."""

    def __init__(
        self,
        data_dir: Path,
        robot_password: str | None = None,
        faults: FaultSettings | None = None,
        ports: tuple[int, int, int] = (0, 0, 0),
    ) -> None:
        self.data_dir = Path(data_dir)
        self.users = dict(DEFAULT_USERS)
        if robot_password:
            self.users["robot"] = robot_password
        self.faults = faults or FaultSettings()
        self.ports = ports
        self.eservice_db = self.data_dir / "eservice.db"
        self.register_db = self.data_dir / "income_register.db"
        self.case_system_db = self.data_dir / "case_system.db"
        self._served: list[ServedApp] = []

    def start(self) -> Sandbox:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        apps = [
            eservice.create_app(self.eservice_db),
            income_register.create_app(self.register_db),
            case_system.create_app(self.case_system_db, faults=self.faults, users=self.users),
        ]
        self.case_system_app = apps[2]
        for app, port in zip(apps, self.ports, strict=True):
            self._served.append(ServedApp(app, port=port).start())
        return self

    def stop(self) -> None:
        for served in self._served:
            served.stop()
        self._served.clear()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def eservice_url(self) -> str:
        return self._served[0].url

    @property
    def register_url(self) -> str:
        return self._served[1].url

    @property
    def case_system_url(self) -> str:
        return self._served[2].url

    def set_faults(self, faults: FaultSettings) -> None:
        """Change the case system's faults while it runs."""
        self.faults = faults
        self.case_system_app.state.faults = faults

    def is_empty(self) -> bool:
        return not SubmissionStore(self.eservice_db).list("all")

    def seed_synthetic(self, seed: int, count: int, month: str) -> int:
        """Load a generated scenario into all three systems; returns how many applications were new.

        Seeding the same seed again adds nothing: the references are the same.
        """
        scenario = generate(seed, count, month)
        store = SubmissionStore(self.eservice_db)
        before = len(store.list("all"))
        eservice.seed(self.eservice_db, [application.payload for application in scenario.applications])
        income_register.seed(self.register_db, scenario.payments, scenario.gaps)
        case_system.seed(self.case_system_db, scenario.cases)
        return len(store.list("all")) - before

    def case_database(self) -> CaseSystemDatabase:
        return CaseSystemDatabase(self.case_system_db)

    def point_settings(self, settings: Settings) -> Settings:
        """A copy of ``settings`` whose service addresses are this sandbox's."""
        update: dict[str, Any] = {
            "eservice": settings.eservice.model_copy(update={"url": self.eservice_url}),
            "income_register": settings.income_register.model_copy(update={"url": self.register_url}),
            "case_system": settings.case_system.model_copy(update={"url": self.case_system_url}),
        }
        return settings.model_copy(update=update)


def _port(url: str) -> int:
    port = urlparse(url).port
    return 80 if port is None else port


def run_standalone(
    settings: Settings,
    applications: int | None = None,
    seed: int | None = None,
    faults_file: Path | None = None,
) -> int:
    """Serve the sandbox on the ports in the settings until Ctrl-C or SIGTERM."""
    faults = FaultSettings(**json.loads(faults_file.read_text(encoding="utf-8"))) if faults_file else None
    password = settings.case_system_password.get_secret_value() if settings.case_system_password else None
    ports = (
        _port(settings.eservice.url),
        _port(settings.income_register.url),
        _port(settings.case_system.url),
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    sandbox = Sandbox(settings.sandbox.data_dir, robot_password=password, faults=faults, ports=ports)
    try:
        sandbox.start()
    except OSError as error:
        sandbox.stop()
        print(
            f"The sandbox cannot listen on ports {ports} ({error.strerror}). Stop the program using them, "
            "or change eservice.url, income_register.url and case_system.url in the settings "
            "(port 0 picks free ports).",
            file=sys.stderr,
        )
        return 1
    try:
        if applications is not None or sandbox.is_empty():
            count = applications if applications is not None else settings.sandbox.applications
            used_seed = seed if seed is not None else settings.sandbox.seed
            sandbox.seed_synthetic(used_seed, count, settings.sandbox.month)
            print(f"Seeded {count} applications (seed {used_seed}).")
        print(f"E-service (citizen form and API): {sandbox.eservice_url}/")
        print(f"Income register (SSBTEK-like API): {sandbox.register_url}/financial-aid")
        print(f"Case system: {sandbox.case_system_url}/")
        print(f"Caseworker view: {sandbox.case_system_url}/handlaggare")
        print(f"  log in as handlaggare1 / {sandbox.users['handlaggare1']} (sandbox accounts, not secrets)")
        if password is None:
            print(f"  the robot's sandbox login is robot / {sandbox.users['robot']}")
        print(f"State is kept in {settings.sandbox.data_dir}/. Stop with Ctrl-C.", flush=True)
        stop.wait()
    finally:
        sandbox.stop()
    return 0
