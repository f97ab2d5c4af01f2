"""Starting the stand-in systems together and seeding them.

Used in-process by the demo, the embedded mode (:func:`embedded`, named as the provider in the
settings' ``[sandbox]`` section) and the tests, and standalone by ``python run_robot.py sandbox``.
The sandbox imports nothing of the robot: it hands out its systems' addresses by name
(:attr:`Sandbox.urls`) and the robot points its processes at them.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from sandbox import booking, case_system, digisos, eservice, income_register
from sandbox.case_system import DEFAULT_USERS, CaseSystemDatabase
from sandbox.digisos import InboxStore
from sandbox.digisos.synthetic import generate as generate_norwegian
from sandbox.eservice.store import SubmissionStore
from sandbox.faults import FaultSettings
from sandbox.server import ServedApp
from sandbox.smtp import ReceivedMail, SmtpStandIn, read_messages
from sandbox.synthetic import generate

ROBOT_PASSWORD_SECRET = "case_system_password"  # the secret the processes name for the case system login
# served over HTTP; "smtp" too. "digisos" and "case_system_no" serve the Norwegian process (a
# municipality's digital inbox in NAV's formats, and a second tenant of the case-system stand-in).
SYSTEMS = ("eservice", "income_register", "case_system", "booking", "digisos", "case_system_no")
NORWEGIAN_PASSWORD_SECRET = "fagsystem_password"


class Sandbox:
    """The e-service, the income register and the legacy case system on localhost, with state in ``data_dir``."""

    def __init__(
        self,
        data_dir: Path,
        robot_password: str | None = None,
        norwegian_robot_password: str | None = None,
        faults: FaultSettings | None = None,
        ports: Mapping[str, int] | None = None,
        estimate_url: str | None = None,
        nagle: bool = False,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.nagle = nagle  # serve without TCP_NODELAY, as before 2026-12 (sandbox.server): for the benchmark
        self.users = dict(DEFAULT_USERS)
        if robot_password:
            self.users["robot"] = robot_password
        self.norwegian_users = dict(DEFAULT_USERS)
        if norwegian_robot_password:
            self.norwegian_users["robot"] = norwegian_robot_password
        self.faults = faults or FaultSettings()
        self.ports = {system: 0 for system in (*SYSTEMS, "smtp")} | dict(ports or {})
        self.estimate_url = estimate_url  # the rules API's estimate address: the receipt's preliminary answer
        self.smtp: SmtpStandIn | None = None
        self.eservice_db = self.data_dir / "eservice.db"
        self.register_db = self.data_dir / "income_register.db"
        self.case_system_db = self.data_dir / "case_system.db"
        self.digisos_db = self.data_dir / "digisos.db"
        self.case_system_no_db = self.data_dir / "case_system_no.db"
        self._served: list[ServedApp] = []

    def start(self) -> Sandbox:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        apps = [
            eservice.create_app(self.eservice_db, estimate_url=self.estimate_url),
            income_register.create_app(self.register_db),
            case_system.create_app(self.case_system_db, faults=self.faults, users=self.users),
            booking.create_app(self.data_dir / "booking.db"),
            digisos.create_app(self.digisos_db),
            case_system.create_app(self.case_system_no_db, faults=self.faults, users=self.norwegian_users),
        ]
        self.case_system_app, self.case_system_no_app = apps[2], apps[5]
        for app, system in zip(apps, SYSTEMS, strict=True):
            self._served.append(ServedApp(app, port=self.ports.get(system, 0), nagle=self.nagle).start())
        self.smtp = SmtpStandIn(self.data_dir / "smtp.db", port=self.ports.get("smtp", 0)).start()
        return self

    def stop(self) -> None:
        for served in self._served:
            served.stop()
        self._served.clear()
        if self.smtp is not None:
            self.smtp.stop()
            self.smtp = None

    def mails(self) -> list[ReceivedMail]:
        """Every e-mail the SMTP stand-in received."""
        return read_messages(self.data_dir / "smtp.db")

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

    def seed_norwegian(self, seed: int, count: int) -> int:
        """Load generated Norwegian applications into the inbox and their cases into the second tenant;
        returns how many were new. Seeding the same seed again adds nothing."""
        scenario = generate_norwegian(seed, count)
        before = len(InboxStore(self.digisos_db).soknader("all"))
        digisos.seed(self.digisos_db, scenario.applications)
        case_system.seed(self.case_system_no_db, scenario.cases)
        return len(InboxStore(self.digisos_db).soknader("all")) - before

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

    @property
    def urls(self) -> dict[str, str]:
        """Each stand-in's address by system name (what the robot's settings call it), and "follow",
        the e-service's 'Följ ditt ärende' page that mails link to."""
        found = {system: served.url for system, served in zip(SYSTEMS, self._served, strict=True)}
        found["follow"] = found["eservice"] + "/folj"
        if self.smtp is not None:
            found["smtp"] = self.smtp.url
        return found


@contextmanager
def embedded(
    data_dir: Path,
    secrets: Mapping[str, str],
    applications: int,
    seed: int,
    month: str,
    seed_if_empty: bool = True,
    faults: FaultSettings | None = None,
    estimate_url: str | None = None,
) -> Iterator[dict[str, str]]:
    """The sandbox in this process for one run: started, seeded when empty, its addresses yielded."""
    with Sandbox(
        data_dir,
        robot_password=secrets.get(ROBOT_PASSWORD_SECRET),
        norwegian_robot_password=secrets.get(NORWEGIAN_PASSWORD_SECRET),
        faults=faults,
        estimate_url=estimate_url,
    ) as sandbox:
        if seed_if_empty and sandbox.is_empty():
            sandbox.seed_synthetic(seed, applications, month)
            sandbox.seed_norwegian(seed, applications)
        yield sandbox.urls


def run_standalone(
    data_dir: Path,
    ports: Mapping[str, int],
    secrets: Mapping[str, str],
    applications: int,
    seed: int,
    month: str,
    reseed: bool = False,
    faults_file: Path | None = None,
) -> int:
    """Serve the sandbox on ``ports`` (by system name) until Ctrl-C or SIGTERM."""
    faults = FaultSettings(**json.loads(faults_file.read_text(encoding="utf-8"))) if faults_file else None
    password = secrets.get(ROBOT_PASSWORD_SECRET)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    sandbox = Sandbox(
        data_dir,
        robot_password=password,
        norwegian_robot_password=secrets.get(NORWEGIAN_PASSWORD_SECRET),
        faults=faults,
        ports=ports,
    )
    try:
        sandbox.start()
    except OSError as error:
        sandbox.stop()
        print(
            f"The sandbox cannot listen on ports {dict(ports)} ({error.strerror}). Stop the program using "
            "them, or change the processes' service addresses in the settings (port 0 picks free ports).",
            file=sys.stderr,
        )
        return 1
    try:
        if reseed or sandbox.is_empty():
            sandbox.seed_synthetic(seed, applications, month)
            sandbox.seed_norwegian(seed, applications)
            print(f"Seeded {applications} Swedish and {applications} Norwegian applications (seed {seed}).")
        print(f"E-service (citizen form and API): {sandbox.eservice_url}/")
        print(f"Income register (SSBTEK-like API): {sandbox.register_url}/financial-aid")
        print(f"Case system: {sandbox.case_system_url}/")
        print(f"Caseworker view: {sandbox.case_system_url}/handlaggare")
        print(f"Norwegian inbox (NAV's formats): {sandbox.urls['digisos']}/api/v1/soknader")
        print(f"Norwegian case system (second tenant): {sandbox.urls['case_system_no']}/handlaggare")
        print(
            f"Applicant's 'Följ ditt ärende': {sandbox.eservice_url}/folj; booking: {sandbox.urls['booking']}/"
        )
        print(f"E-mails to applicants are kept by the SMTP stand-in at {sandbox.urls['smtp']}")
        print(f"  log in as handlaggare1 / {sandbox.users['handlaggare1']} (sandbox accounts, not secrets)")
        if password is None:
            print(f"  the robot's sandbox login is robot / {sandbox.users['robot']}")
        print(f"State is kept in {data_dir}/. Stop with Ctrl-C.", flush=True)
        stop.wait()
    finally:
        sandbox.stop()
    return 0
