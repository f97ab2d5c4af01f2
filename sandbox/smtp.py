"""A local SMTP server (aiosmtpd) that keeps every message it receives, for the demo and the tests.

Started and stopped like the HTTP stand-ins (:class:`sandbox.server.ServedApp`): port 0 picks a free
port, :attr:`SmtpStandIn.url` is ``smtp://127.0.0.1:<port>``. Messages go into an SQLite file;
:func:`read_messages` reads them back (also from another process). No STARTTLS; AUTH (PLAIN and
LOGIN, allowed without TLS on this local server) only when ``users`` are given.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket
import warnings
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from sandbox.server import listening_socket
from sandbox.sqlite import connect

logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd warns per session about AUTH without TLS
_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    mail_from TEXT NOT NULL,
    rcpt_tos TEXT NOT NULL,
    login TEXT,
    content BLOB NOT NULL
)
"""


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the server received it: the envelope, the login used and the parsed mail."""

    received_at: str
    mail_from: str
    rcpt_tos: tuple[str, ...]
    login: str | None
    raw: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"] or "")

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def text(self) -> str:
        """The plain-text body (decoded)."""
        part = self.message.get_body(preferencelist=("plain",))
        return str(part.get_content()) if part is not None else ""


def read_messages(db_path: Path) -> list[ReceivedMail]:
    """Every message stored in ``db_path``, in the order received (none when the file does not exist)."""
    if not Path(db_path).exists():
        return []
    with connect(Path(db_path)) as db:
        db.execute(_SCHEMA)
        rows = db.execute(
            "SELECT received_at, mail_from, rcpt_tos, login, content FROM messages ORDER BY seq"
        ).fetchall()
    return [
        ReceivedMail(at, sender, tuple(tos.split("\n")), login, bytes(raw))
        for at, sender, tos, login, raw in rows
    ]


class _Store:
    """aiosmtpd handler: every accepted message is written to SQLite before 250 is answered."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8")
        login = session.auth_data if isinstance(session.auth_data, str) else None
        with connect(self.db_path) as db:
            db.execute(
                "INSERT INTO messages (received_at, mail_from, rcpt_tos, login, content) VALUES (?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    envelope.mail_from or "",
                    "\n".join(envelope.rcpt_tos),
                    login,
                    content,
                ),
            )
        return "250 Message accepted for delivery"


class _BoundController(Controller):
    """A Controller serving on a socket bound beforehand (so port 0 gives a known free port)."""

    def __init__(self, handler: Any, sock: socket.socket, **kwargs: Any) -> None:
        self._sock = sock
        host, port = sock.getsockname()[:2]
        super().__init__(handler, hostname=host, port=port, **kwargs)

    def factory(self) -> Any:
        with warnings.catch_warnings():  # this local test server may take AUTH without TLS, by design
            warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
            return super().factory()

    def _create_server(self) -> Awaitable[asyncio.AbstractServer]:
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class SmtpStandIn:
    """The SMTP stand-in on ``host:port``, storing into the SQLite file ``db_path``."""

    def __init__(
        self,
        db_path: Path,
        port: int = 0,
        host: str = "127.0.0.1",
        users: Mapping[str, str] | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with connect(self.db_path) as db:
            db.execute(_SCHEMA)
        self.users = dict(users or {})
        self._sock = listening_socket(host, port)
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        options: dict[str, Any] = {"server_hostname": "smtp.sandbox.invalid", "ready_timeout": 10}
        if self.users:
            options.update(authenticator=self._authenticate, auth_required=True, auth_require_tls=False)
        self._controller = _BoundController(_Store(self.db_path), self._sock, **options)

    def _authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            if self.users.get(login) == password:
                return AuthResult(success=True, auth_data=login)
        return AuthResult(success=False, handled=False)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> SmtpStandIn:
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller._thread is not None:
            self._controller.stop()
        self._sock.close()

    def messages(self) -> list[ReceivedMail]:
        return read_messages(self.db_path)

    def __enter__(self) -> SmtpStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
